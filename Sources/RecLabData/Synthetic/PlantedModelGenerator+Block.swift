import Foundation
import RecLabCore

extension PlantedModelGenerator {
    /// The planted parameters, shared read-only by the block workers.
    struct Model: Sendable {
        let k: Int
        let mean: Float
        let noise: Double
        let userBias: [Float]
        let userFactors: [Float]
        let movieBias: [Float]
        let movieFactors: [Float]
        let movieWeights: [Double]
        let alias: AliasTable
        let counts: [Int]
        let userBase: UInt64
        let firstTime: Int
        let lastTime: Int

        struct BlockOutput: Sendable {
            var bytes: [UInt8]
            var movies: [Int32]
            var sums: Accumulator
        }

        /// The half-star boundaries 0.75, 1.25, …, 4.75 of rounding + clipping.
        static let boundaries: [Double] = (0..<9).map { 0.75 + 0.5 * Double($0) }
        static let ratingText: [[UInt8]] = (0...10).map { Array(String(format: "%.1f", Double($0) / 2).utf8) }

        /// Half-star rounding clipped to 0.5…5, as an index k (rating = k/2, 1…10).
        @inline(__always)
        static func halfStarIndex(_ x: Double) -> Int {
            let k = (2 * x).rounded(.toNearestOrAwayFromZero)
            return k < 1 ? 1 : k > 10 ? 10 : Int(k)
        }

        /// E[observed | s]: 0.5 + 0.5 · Σ_b P(s + ε ≥ b) over the nine boundaries.
        @inline(__always)
        func expectedObserved(_ s: Double) -> Double {
            guard noise > 0 else { return Double(Self.halfStarIndex(s)) / 2 }
            var e = 0.5
            let scale = 1 / (noise * 2.0.squareRoot())
            for b in Self.boundaries { e += 0.25 * erfc((b - s) * scale) }
            return e
        }

        func block(users range: Range<Int>) -> BlockOutput {
            let M = movieBias.count
            var out = BlockOutput(bytes: [], movies: [], sums: Accumulator())
            let total = range.reduce(0) { $0 + counts[$1] }
            out.bytes.reserveCapacity(total * 26)
            out.movies.reserveCapacity(total)
            var stamp = [Int32](repeating: -1, count: M)
            var chosen: [Int] = []
            var race: [RaceEntry] = []
            let span = Double(lastTime - firstTime)
            for u in range {
                var rng = Xoshiro256StarStar(seed: SplitMix64.mix(userBase ^ UInt64(u)))
                let n = counts[u]
                chosen.removeAll(keepingCapacity: true)
                var attempts = 0
                let maxAttempts = 6 * n + 64
                while chosen.count < n && attempts < maxAttempts {
                    let m = alias.sample(&rng)
                    if stamp[m] != Int32(u) { stamp[m] = Int32(u); chosen.append(m) }
                    attempts += 1
                }
                if chosen.count < n {
                    // Exponential race among the movies not yet chosen: the
                    // smallest −ln(U)/w win, i.e. weighted sampling without replacement.
                    race.removeAll(keepingCapacity: true)
                    for m in 0..<M where stamp[m] != Int32(u) {
                        var x = rng.nextUnit()
                        while x <= 0 { x = rng.nextUnit() }
                        race.append(RaceEntry(key: -log(x) / movieWeights[m], movie: Int32(m)))
                    }
                    let need = n - chosen.count
                    PlantedModelGenerator.selectSmallest(&race, need)
                    for e in race[0..<need] { stamp[Int(e.movie)] = Int32(u); chosen.append(Int(e.movie)) }
                }
                chosen.sort()
                // Activity window: a start and a length (exponential, mean 1 year).
                let start = rng.nextUnit() * span
                var x = rng.nextUnit()
                while x <= 0 { x = rng.nextUnit() }
                let length = min(span - start, -log(x) * 365 * 86_400 + 86_400)
                let bu = userBias[u]
                let pu = u * k
                for m in chosen {
                    var dot: Float = 0
                    let qm = m * k
                    for f in 0..<k { dot += userFactors[pu + f] * movieFactors[qm + f] }
                    let s = Double(mean + bu + movieBias[m] + dot)
                    let observedIndex = Self.halfStarIndex(s + noise * rng.nextGaussian())
                    let observed = Double(observedIndex) / 2
                    let e = expectedObserved(s)
                    let r = Double(Self.halfStarIndex(s)) / 2
                    let c = min(5, max(0.5, s))
                    out.sums.n += 1
                    out.sums.sum += observed
                    out.sums.bayes += (observed - e) * (observed - e)
                    out.sums.rounded += (observed - r) * (observed - r)
                    out.sums.truth += (observed - c) * (observed - c)
                    let t = firstTime + Int(start + rng.nextUnit() * length)
                    out.bytes.appendDecimal(u + 1); out.bytes.append(0x2C)
                    out.bytes.appendDecimal(m + 1); out.bytes.append(0x2C)
                    out.bytes.append(contentsOf: Self.ratingText[observedIndex]); out.bytes.append(0x2C)
                    out.bytes.appendDecimal(t); out.bytes.append(0x0A)
                    out.movies.append(Int32(m))
                }
            }
            return out
        }
    }
}

/// One movie's arrival time in the exponential race.
struct RaceEntry {
    var key: Double
    var movie: Int32
}

extension PlantedModelGenerator {
    /// Moves the `k` entries with the smallest keys to the front (in no
    /// particular order): quickselect with a median-of-three pivot, O(n)
    /// expected, deterministic (no randomness in the pivot choice).
    static func selectSmallest(_ a: inout [RaceEntry], _ k: Int) {
        guard k > 0, k < a.count else { return }
        var lo = 0, hi = a.count - 1
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            if a[mid].key < a[lo].key { a.swapAt(mid, lo) }
            if a[hi].key < a[lo].key { a.swapAt(hi, lo) }
            if a[hi].key < a[mid].key { a.swapAt(hi, mid) }
            let pivot = a[mid].key
            var i = lo, j = hi
            while i <= j {
                while a[i].key < pivot { i += 1 }
                while a[j].key > pivot { j -= 1 }
                if i <= j { a.swapAt(i, j); i += 1; j -= 1 }
            }
            // Now a[lo...j] ≤ pivot ≤ a[i...hi].
            if k - 1 <= j { hi = j } else if k - 1 >= i { lo = i } else { return }
        }
    }
}
