import Foundation

/// The paired (dependent-samples) t-test, as `scipy.stats.ttest_rel(a, b)`
/// with its defaults (two-sided).
///
/// dᵢ = aᵢ − bᵢ, t = d̄ / (s_d / √n) with the n − 1 sample sd, ν = n − 1,
/// p = P(|T_ν| ≥ |t|). Identical pairs (all dᵢ equal to 0) give t = NaN and
/// p = NaN, as SciPy does; constant non-zero differences give t = ±∞, p = 0.
/// Needs n ≥ 2 (else nil). O(n). Accuracy: p to ~1e-13 relative against SciPy.
public struct PairedTTest: Sendable, Hashable, Codable {
    public var n: Int
    public var meanDifference: Double
    public var statistic: Double
    public var pValue: Double

    public init?(_ a: [Double], _ b: [Double]) {
        guard a.count == b.count, a.count >= 2 else { return nil }
        let d = zip(a, b).map { $0 - $1 }
        let s = SampleSummary(d)
        n = d.count
        meanDifference = s.mean
        let se = (s.sd ?? .nan) / Double(n).squareRoot()
        statistic = s.mean / se
        pValue = StudentT(degreesOfFreedom: Double(n - 1)).twoSidedTail(statistic)
    }
}
