/// A dense row-major Float matrix given as plain input (for example the
/// collab latent matrix, one row per movie inner id).
public struct LatentMatrix: Sendable, Equatable {
    public let rows: Int
    public let columns: Int
    public let values: [Float]

    public init(rows: Int, columns: Int, values: [Float]) throws {
        guard rows >= 0, columns >= 0, values.count == rows * columns else {
            throw RatingModelError("latent matrix has \(values.count) values, expected rows × columns = \(rows) × \(columns)")
        }
        self.rows = rows
        self.columns = columns
        self.values = values
    }
}
