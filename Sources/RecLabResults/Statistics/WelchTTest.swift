import Foundation

/// Welch's unequal-variance t-test and interval for the difference of two
/// independent means, as `scipy.stats.ttest_ind(a, b, equal_var=False)` and
/// its `confidence_interval()`.
///
/// Δ = x̄_a − x̄_b, se = √(s_a²/n_a + s_b²/n_b), Welch–Satterthwaite
/// ν = se⁴ / ((s_a²/n_a)²/(n_a−1) + (s_b²/n_b)²/(n_b−1)), t = Δ / se,
/// p = P(|T_ν| ≥ |t|), interval Δ ± t_{1−α/2, ν} · se. Needs n ≥ 2 on both
/// sides (else nil). Used by `reclab diff` when two runs do not share
/// splits. O(n_a + n_b). Accuracy ~1e-10 relative against SciPy.
public struct WelchTTest: Sendable, Hashable, Codable {
    public var difference: Double
    public var standardError: Double
    public var degreesOfFreedom: Double
    public var statistic: Double
    public var pValue: Double
    public var halfWidth: Double

    public init?(_ a: [Double], _ b: [Double], level: Double = 0.95) {
        let sa = SampleSummary(a), sb = SampleSummary(b)
        guard let da = sa.sd, let db = sb.sd else { return nil }
        let va = da * da / Double(sa.n), vb = db * db / Double(sb.n)
        difference = sa.mean - sb.mean
        standardError = (va + vb).squareRoot()
        degreesOfFreedom = (va + vb) * (va + vb) / (va * va / Double(sa.n - 1) + vb * vb / Double(sb.n - 1))
        statistic = difference / standardError
        let t = StudentT(degreesOfFreedom: degreesOfFreedom)
        pValue = t.twoSidedTail(statistic)
        halfWidth = t.quantile(0.5 + level / 2) * standardError
    }
}
