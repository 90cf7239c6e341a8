import Foundation
import Testing
import RecLabCore

/// The ziggurat against the normal distribution itself (Φ from `erfc`), not
/// against its own output: a wrong table, strip choice, wedge test or tail
/// shows up as a distance in distribution, a moment or a tail frequency.
@Suite struct ZigguratGaussianTests {
    static let n = 400_000

    static func sample(seed: UInt64, mean: Float = 0, std: Float = 1) -> [Float] {
        var rng = Xoshiro256StarStar(seed: seed)
        var out = [Float](repeating: .nan, count: n)
        out.withUnsafeMutableBufferPointer { b in
            // In uneven pieces, as the factor matrices ask for rows.
            var at = 0, piece = 1
            while at < n {
                let c = min(piece, n - at)
                ZigguratGaussian().fill(b.baseAddress! + at, count: c, mean: mean, std: std, rng: &rng)
                at += c
                piece = piece % 257 + 13
            }
        }
        return out
    }

    static func phi(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

    /// Kolmogorov–Smirnov distance to Φ. The 0.1 % critical value for
    /// n = 400,000 is 1.95/√n ≈ 0.0031; a strip of the wrong width or a
    /// missing wedge moves the distribution by more than that.
    @Test func followsTheStandardNormalDistribution() {
        let z = Self.sample(seed: 11).map(Double.init).sorted()
        let n = Double(z.count)
        var d = 0.0
        for (i, x) in z.enumerated() {
            let f = Self.phi(x)
            d = max(d, abs(f - Double(i) / n), abs(Double(i + 1) / n - f))
        }
        #expect(d < 1.95 / n.squareRoot(), "KS distance \(d)")
    }

    /// Mean 0, variance 1, kurtosis 3, within about 5 standard errors.
    @Test func hasTheNormalMoments() {
        let z = Self.sample(seed: 12).map(Double.init)
        let n = Double(z.count)
        let mean = z.reduce(0, +) / n
        let m2 = z.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
        let m4 = z.reduce(0) { $0 + pow($1 - mean, 4) } / n
        #expect(abs(mean) < 5 / n.squareRoot())  // se 1/√n
        #expect(abs(m2 - 1) < 5 * (2 / n).squareRoot())  // se √(2/n)
        #expect(abs(m4 / (m2 * m2) - 3) < 5 * (24 / n).squareRoot())  // se √(24/n)
        #expect(z.allSatisfy { $0.isFinite })
    }

    /// Draws beyond r ≈ 3.4426 come only from the tail method; their count
    /// is binomial with p = 2(1 − Φ(r)) ≈ 5.8·10⁻⁴, and beyond 4.5 they
    /// still follow Φ (the tail is not cut or stretched).
    @Test func reachesTheTailsAtTheNormalRate() {
        let z = Self.sample(seed: 13).map(Double.init)
        let n = Double(z.count)
        for cut in [3.4426, 4.0] {
            let p = 2 * (1 - Self.phi(cut))
            let expected = n * p, sd = (n * p * (1 - p)).squareRoot()
            let seen = Double(z.filter { abs($0) > cut }.count)
            #expect(abs(seen - expected) < 5 * sd, "beyond \(cut): \(seen) vs \(expected)")
        }
        #expect(z.contains { $0 > 3.4426 } && z.contains { $0 < -3.4426 })
    }

    @Test func sameSeedSameStreamAndScaledByMeanAndStd() {
        let a = Self.sample(seed: 5), b = Self.sample(seed: 5), c = Self.sample(seed: 6)
        #expect(a == b)
        #expect(a != c)
        let shifted = Self.sample(seed: 5, mean: 2, std: 0.1)
        #expect(zip(a, shifted).allSatisfy { abs(2 + 0.1 * $0 - $1) <= 1e-6 })
        var rng = Xoshiro256StarStar(seed: 5)
        #expect(ZigguratGaussian().next(&rng) == a[0])
    }
}
