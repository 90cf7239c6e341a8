import RecLabLinearAlgebra

/// A dense row-major Float matrix of movie embeddings given as plain input
/// (for example the collab latent matrix of the similarity model).
///
/// `movieRows[m]` is the row of dataset movie `m` (−1: no row); nil means row m
/// is movie m.
public struct LatentMatrix: Sendable, Equatable {
    public let rows: Int
    public let columns: Int
    public let values: [Float]
    public let movieRows: [Int]?

    public init(rows: Int, columns: Int, values: [Float], movieRows: [Int]? = nil) throws {
        guard rows >= 0, columns >= 0, values.count == rows * columns else {
            throw RatingModelError("latent matrix has \(values.count) values, expected rows × columns = \(rows) × \(columns)")
        }
        if let movieRows, let bad = movieRows.first(where: { $0 >= rows }) {
            throw RatingModelError("latent row \(bad) out of range (matrix has \(rows) rows)")
        }
        self.rows = rows
        self.columns = columns
        self.values = values
        self.movieRows = movieRows
    }

    /// From a `DenseMatrix` (rows = movies, or mapped by `movieRows`).
    public init(_ dense: DenseMatrix, movieRows: [Int]? = nil) throws {
        try self.init(rows: dense.rows, columns: dense.cols, values: dense.values, movieRows: movieRows)
    }

    func row(ofMovie m: Int) -> Int? {
        if let movieRows { return m < movieRows.count && movieRows[m] >= 0 ? movieRows[m] : nil }
        return m < rows ? m : nil
    }
}
