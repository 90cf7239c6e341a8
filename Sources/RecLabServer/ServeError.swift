/// Why an experiment cannot be served: the folder or file involved and what
/// the user should do (usually: run the experiment first).
public struct ServeError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var message: String

    public init(path: String, _ message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}
