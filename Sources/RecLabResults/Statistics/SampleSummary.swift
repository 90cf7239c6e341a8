import Foundation

/// Mean, sample standard deviation and a Student-t confidence interval of
/// replicate measurements (one metric over seeds or folds).
///
/// sd = √(Σ(xᵢ − x̄)² / (n − 1)); the CI is x̄ ± t_{1−α/2, n−1} · sd / √n,
/// which assumes roughly normal replicates (reasonable for RMSE over seeds;
/// with k-fold the folds share training data, so the interval is optimistic).
/// n = 1 gives sd and CI as nil. Sums in Double, two passes. O(n).
public struct SampleSummary: Sendable, Hashable, Codable {
    public var n: Int
    public var mean: Double
    /// Sample standard deviation (n − 1 denominator); nil for n < 2.
    public var sd: Double?
    /// Half-width of the confidence interval at `level`; nil for n < 2.
    public var halfWidth: Double?
    public var level: Double

    public init(_ values: [Double], level: Double = 0.95) {
        n = values.count
        self.level = level
        guard n > 0 else { mean = .nan; sd = nil; halfWidth = nil; return }
        let m = values.reduce(0, +) / Double(n)
        mean = m
        guard n > 1 else { sd = nil; halfWidth = nil; return }
        let ss = values.reduce(0) { $0 + ($1 - m) * ($1 - m) }
        let s = (ss / Double(n - 1)).squareRoot()
        sd = s
        let t = StudentT(degreesOfFreedom: Double(n - 1)).quantile(0.5 + level / 2)
        halfWidth = t * s / Double(n).squareRoot()
    }

    public var lower: Double? { halfWidth.map { mean - $0 } }
    public var upper: Double? { halfWidth.map { mean + $0 } }
}
