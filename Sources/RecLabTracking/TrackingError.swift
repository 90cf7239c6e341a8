/// The tracking module's one error: what could not be logged, and why (the
/// server's own error code and message when it answered, the transport's
/// reason when it did not). Never holds a credential.
public struct TrackingError: Error, Sendable, CustomStringConvertible {
    public var message: String
    /// True when the server could not be reached at all (refused, timed out, no such host).
    public var isUnreachable: Bool

    public init(_ message: String, isUnreachable: Bool = false) {
        self.message = message
        self.isUnreachable = isUnreachable
    }

    public var description: String { message }
}
