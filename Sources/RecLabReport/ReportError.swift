/// The report module's one error: what failed (a chart, a file), and the
/// underlying message (gnuplot's own stderr for a chart).
public struct ReportError: Error, Sendable, CustomStringConvertible, Hashable {
    /// The chart's file name, or the file path, the error is about.
    public var subject: String
    public var message: String

    public init(subject: String, message: String) {
        self.subject = subject
        self.message = message
    }

    public var description: String { "\(subject): \(message)" }
}
