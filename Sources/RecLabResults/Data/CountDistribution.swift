/// The distribution of a per-entity count (ratings per user, ratings per
/// movie): summary quantiles plus a histogram over powers-of-two bins,
/// which the report draws with a log x axis.
public struct CountDistribution: Sendable, Hashable, Codable {
    /// One histogram bin: entities whose count is in `lower...upper`.
    public struct Bin: Sendable, Hashable, Codable {
        public var lower: Int
        public var upper: Int
        public var count: Int

        public init(lower: Int, upper: Int, count: Int) {
            self.lower = lower
            self.upper = upper
            self.count = count
        }
    }

    public var entities: Int
    public var min: Int
    public var max: Int
    public var mean: Double
    /// Quantiles by linear interpolation between order statistics (NumPy's default `linear` method).
    public var p25: Double
    public var median: Double
    public var p75: Double
    public var p90: Double
    /// Bins [1, 1], [2, 3], [4, 7], … [2^k, 2^(k+1) − 1] (a 0 count gets its own [0, 0] bin).
    public var bins: [Bin]

    public init(
        entities: Int, min: Int, max: Int, mean: Double, p25: Double, median: Double, p75: Double, p90: Double,
        bins: [Bin]
    ) {
        self.entities = entities
        self.min = min
        self.max = max
        self.mean = mean
        self.p25 = p25
        self.median = median
        self.p75 = p75
        self.p90 = p90
        self.bins = bins
    }

    /// Summarises `counts` (one per entity). O(n log n). An empty input gives all zeros and no bins.
    public init(counts: [Int]) {
        let s = counts.sorted()
        guard let first = s.first, let last = s.last else {
            self.init(entities: 0, min: 0, max: 0, mean: 0, p25: 0, median: 0, p75: 0, p90: 0, bins: [])
            return
        }
        func q(_ p: Double) -> Double {
            let h = p * Double(s.count - 1)
            let lo = Int(h.rounded(.down))
            let hi = Swift.min(lo + 1, s.count - 1)
            return Double(s[lo]) + (h - Double(lo)) * Double(s[hi] - s[lo])
        }
        var binCounts: [Int: Int] = [:]  // key: bin index, -1 for zero
        for c in s {
            let k = c <= 0 ? -1 : (Int.bitWidth - 1 - c.leadingZeroBitCount)
            binCounts[k, default: 0] += 1
        }
        let bins = binCounts.keys.sorted().map { k -> Bin in
            k < 0 ? Bin(lower: 0, upper: 0, count: binCounts[k] ?? 0)
                : Bin(lower: 1 << k, upper: (1 << (k + 1)) - 1, count: binCounts[k] ?? 0)
        }
        let total = s.reduce(0.0) { $0 + Double($1) }
        self.init(
            entities: s.count, min: first, max: last, mean: total / Double(s.count),
            p25: q(0.25), median: q(0.5), p75: q(0.75), p90: q(0.9), bins: bins)
    }
}
