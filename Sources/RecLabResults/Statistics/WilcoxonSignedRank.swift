import Foundation

/// The Wilcoxon signed-rank test of paired samples, matching
/// `scipy.stats.wilcoxon(a, b)` with SciPy 1.17's defaults:
/// `zero_method="wilcox"` (zero differences dropped before ranking),
/// `correction=False`, `alternative="two-sided"`, `method="auto"`.
///
/// - Statistic: min(R⁺, R⁻), the smaller sum of average ranks of |dᵢ| over
///   positive and negative differences.
/// - `method="auto"` picks, as SciPy does (n counts zeros too):
///   - n ≤ 50, no ties, no zeros → **exact**: the null distribution of R⁺
///     (all 2ⁿ sign patterns, counted by dynamic programming in O(n³)),
///     p = 2 · min(P(R⁺ ≥ ⌊r⁺⌋), P(R⁺ ≤ ⌈r⁺⌉)), clipped to 1;
///   - ties or zeros and n ≤ 13 → **permutation**: every one of the 2ⁿ sign
///     flips of d is enumerated (SciPy's `permutation_test`, deterministic
///     at this size), R⁺ recomputed each time, p = 2 · min(share ≤ r⁺, share ≥ r⁺)
///     with SciPy's relative tolerance 100 ε, clipped to 1;
///   - otherwise → **normal approximation** with tie correction,
///     z = (R⁺ − n'(n'+1)/4) / √((n'(n'+1)(2n'+1) − Σ(t³ − t)/2) / 24),
///     n' the non-zero count, p = 2 · P(Z > |z|), no continuity correction.
/// - All differences zero → statistic 0 and p = NaN (SciPy warns and returns NaN).
/// Accuracy: exact branches are exact up to rounding (~1e-15); the normal
/// branch to ~1e-15 relative via `erfc`.
public struct WilcoxonSignedRank: Sendable, Hashable, Codable {
    public enum Method: String, Sendable, Hashable, Codable {
        case exact, permutation, normal
    }

    public var n: Int
    public var statistic: Double
    public var pValue: Double
    public var method: Method

    public init?(_ a: [Double], _ b: [Double]) {
        guard a.count == b.count, !a.isEmpty else { return nil }
        let d = zip(a, b).map { $0 - $1 }
        n = d.count
        let nonZero = d.filter { $0 != 0 }
        let (rPlus, rMinus, ties) = Self.rankSums(d)
        statistic = min(rPlus, rMinus)
        let hasTies = ties.contains { $0 > 1 }
        let hasZeros = nonZero.count < d.count
        if nonZero.isEmpty {
            method = .normal
            pValue = .nan
        } else if n <= 50 && !hasTies && !hasZeros {
            method = .exact
            pValue = Self.exactP(rPlus: rPlus, n: nonZero.count)
        } else if n <= 50 && n <= 13 {
            method = .permutation
            pValue = Self.permutationP(d, observed: rPlus)
        } else {
            method = .normal
            let c = Double(nonZero.count)
            let tieCorrection = ties.reduce(0.0) { $0 + Double($1 * $1 * $1 - $1) }
            let se = ((c * (c + 1) * (2 * c + 1) - tieCorrection / 2) / 24).squareRoot()
            let z = (rPlus - c * (c + 1) / 4) / se
            pValue = min(1, 2 * SpecialFunctions.normalSurvival(abs(z)))
        }
    }

    /// R⁺, R⁻ over the non-zero differences (average ranks of |d|), and the tie-group sizes.
    static func rankSums(_ d: [Double]) -> (Double, Double, [Int]) {
        let nz = d.filter { $0 != 0 }
        let order = nz.indices.sorted { abs(nz[$0]) < abs(nz[$1]) }
        var ranks = [Double](repeating: 0, count: nz.count)
        var ties: [Int] = []
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && abs(nz[order[j + 1]]) == abs(nz[order[i]]) { j += 1 }
            let avg = Double(i + j + 2) / 2  // ranks are 1-based
            for k in i...j { ranks[order[k]] = avg }
            ties.append(j - i + 1)
            i = j + 1
        }
        var plus = 0.0, minus = 0.0
        for (k, v) in nz.enumerated() { if v > 0 { plus += ranks[k] } else { minus += ranks[k] } }
        return (plus, minus, ties)
    }

    /// Two-sided exact p for R⁺ = `rPlus` with n non-zero, untied differences.
    static func exactP(rPlus: Double, n: Int) -> Double {
        let maxSum = n * (n + 1) / 2
        // counts[s] = number of subsets of {1…n} with sum s, in Double (exact below 2^53; n ≤ 50 keeps 2^50).
        var counts = [Double](repeating: 0, count: maxSum + 1)
        counts[0] = 1
        for r in 1...n {
            for s in stride(from: maxSum, through: r, by: -1) { counts[s] += counts[s - r] }
        }
        let total = pow(2.0, Double(n))
        let hi = Int(rPlus.rounded(.down)), lo = Int(rPlus.rounded(.up))
        var sf = 0.0, cdf = 0.0
        for s in 0...maxSum {
            if s >= hi { sf += counts[s] }
            if s <= lo { cdf += counts[s] }
        }
        return min(1, 2 * min(sf, cdf) / total)
    }

    /// Two-sided p over all 2ⁿ sign flips of d (SciPy's exact permutation test for n ≤ 13).
    static func permutationP(_ d: [Double], observed: Double) -> Double {
        let n = d.count
        let gamma = abs(Double.ulpOfOne * 100 * observed)
        var le = 0, ge = 0
        let total = 1 << n
        var flipped = d
        for mask in 0..<total {
            for i in 0..<n { flipped[i] = (mask >> i) & 1 == 1 ? -d[i] : d[i] }
            let r = rankSums(flipped).0
            if r <= observed + gamma { le += 1 }
            if r >= observed - gamma { ge += 1 }
        }
        return min(1, 2 * Double(min(le, ge)) / Double(total))
    }
}
