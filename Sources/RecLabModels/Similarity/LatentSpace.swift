import RecLabLinearAlgebra

/// One reduced space of the similarity model (content or collaborative): the
/// truncated-SVD projection of its input matrix and what it explains.
public struct LatentSpace: Sendable {
    /// `X·V = U·Σ`: one row per model movie, one column per component.
    public let latent: DenseMatrix
    public let explainedVariance: ExplainedVariance
    public let singularValues: [Float]
    /// Shape and non-zeros of the input (TF-IDF or rating) matrix.
    public let inputRows: Int
    public let inputCols: Int
    public let inputNonZeros: Int
    public let svdMethod: TruncatedSVDOptions.Method
    /// Rows scaled to unit length (zero rows stay zero), for cosines.
    let unitRows: DenseMatrix

    init(svd: TruncatedSVD, input: CSRMatrix) {
        latent = svd.transformed
        explainedVariance = svd.explainedVariance
        singularValues = svd.singularValues
        inputRows = input.rows
        inputCols = input.cols
        inputNonZeros = input.nonZeroCount
        svdMethod = svd.method
        unitRows = svd.transformed.rowNormalized()
    }

    /// Cosine similarity of every row with row `q`, as scikit-learn's
    /// `cosine_similarity` (a zero row scores 0 against anything). O(rows · k).
    func cosines(to q: Int) throws -> [Float] {
        try CosineRanking.scores(unitRows, to: q)
    }
}
