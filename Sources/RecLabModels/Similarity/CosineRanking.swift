import RecLabLinearAlgebra

/// Cosine similarity against one row of a latent matrix, and the best rows.
public enum CosineRanking {
    /// Cosine of every row of `unitRows` (rows already scaled to unit length,
    /// zero rows left zero — `DenseMatrix.rowNormalized()`) with row `query`,
    /// as scikit-learn's `cosine_similarity`: 0 against a zero row, never NaN.
    /// One `sgemv`, O(rows · cols).
    public static func scores(_ unitRows: DenseMatrix, to query: Int) throws -> [Float] {
        try unitRows.multiplied(byVector: unitRows.row(query))
    }

    /// The `count` best rows by `scores`, best first, `excluding` one row; ties
    /// go to the lower row index, so the order is deterministic. O(rows log rows).
    public static func top(_ scores: [Float], count: Int, excluding: Int? = nil) -> [Int] {
        let order = scores.indices.filter { $0 != excluding }
            .sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
        return Array(order.prefix(max(0, count)))
    }
}
