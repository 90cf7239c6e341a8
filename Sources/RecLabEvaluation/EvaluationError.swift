/// Every failure of the evaluation stage: a readable message plus the split or
/// setting involved.
public struct EvaluationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var key: String?

    public init(_ message: String, key: String? = nil) {
        self.message = message
        self.key = key
    }

    public var description: String { key.map { "\($0): \(message)" } ?? message }
}
