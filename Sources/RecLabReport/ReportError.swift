/// The report module's one error: what failed (a chart, a file), and the
/// underlying message (gnuplot's own stderr for a chart).
package struct ReportError: Error, Sendable, CustomStringConvertible, Hashable {
    /// The chart's file name, or the file path, the error is about.
    package var subject: String
    package var message: String

    package init(subject: String, message: String) {
        self.subject = subject
        self.message = message
    }

    package var description: String { "\(subject): \(message)" }
}
