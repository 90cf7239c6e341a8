/// Why an experiment cannot be served: the folder or file involved and what
/// the user should do (usually: run the experiment first).
package struct ServeError: Error, Sendable, Equatable, CustomStringConvertible {
    package var path: String
    package var message: String

    package init(path: String, _ message: String) {
        self.path = path
        self.message = message
    }

    package var description: String { "\(path): \(message)" }
}
