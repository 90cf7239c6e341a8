/// Every failure of the linear-algebra layer: what went wrong, in which
/// operation, with the shapes or values involved.
public struct LinearAlgebraError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The operation that failed (for example `"truncatedSVD"`, `"CSRMatrix.init"`).
    public var operation: String
    public var message: String

    public init(_ operation: String, _ message: String) {
        self.operation = operation
        self.message = message
    }

    public var description: String { "\(operation): \(message)" }
}
