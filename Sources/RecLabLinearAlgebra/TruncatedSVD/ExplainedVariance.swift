/// How much of a matrix's column variance each truncated-SVD component keeps,
/// defined exactly as scikit-learn's `TruncatedSVD.explained_variance_ratio_`:
///
///     variance_j = var_i( (X·V)_ij )          (population variance, ddof 0)
///     ratio_j    = variance_j / Σ_c var_i(X_ic)
///
/// The projected columns are *not* assumed centred (X is not centred), so a
/// ratio is not σ_j² / Σσ². `cumulative[j] = Σ_{t ≤ j} ratio_t`. When the
/// input has no variance at all every ratio is 0 (never NaN).
public struct ExplainedVariance: Sendable, Equatable, Codable {
    public var variances: [Double]
    public var totalVariance: Double
    public var ratios: [Double]
    public var cumulative: [Double]

    public init(variances: [Double], totalVariance: Double) {
        self.variances = variances
        self.totalVariance = totalVariance
        ratios = totalVariance > 0 ? variances.map { $0 / totalVariance } : variances.map { _ in 0 }
        var run = 0.0
        cumulative = ratios.map { run += $0; return run }
    }

    /// From the projected matrix `X·V` (rows × k) and the input's total column variance.
    public init(transformed: DenseMatrix, totalVariance: Double) {
        self.init(variances: transformed.columnVariances(), totalVariance: totalVariance)
    }

    /// The cumulative ratio with the first `components` components (0 for 0; the
    /// last value when `components` exceeds the count).
    public func cumulativeRatio(at components: Int) -> Double {
        guard components > 0, !cumulative.isEmpty else { return 0 }
        return cumulative[min(components, cumulative.count) - 1]
    }
}
