/// Every failure of the experiment stage: what went wrong, where (file, line,
/// column, the key path such as `models[0].params.lr_all`), the value given and
/// what was expected. Validation gathers all of them before any work starts.
public struct ExperimentError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var location: SourceLocation?
    /// Dotted key path of the offending entry (`split.test_fraction`).
    public var key: String?
    /// What the file holds there, as written.
    public var found: String?
    /// What would have been accepted.
    public var expected: String?
    /// A warning describes a legitimate but probably unintended setting; it never stops a run.
    public var isWarning = false

    public init(_ message: String, at location: SourceLocation? = nil, key: String? = nil,
                found: String? = nil, expected: String? = nil) {
        self.message = message
        self.location = location
        self.key = key
        self.found = found
        self.expected = expected
    }

    public var description: String {
        var s = ""
        if let location { s += "\(location): " }
        s += isWarning ? "warning: " : "error: "
        if let key { s += "\(key): " }
        s += message
        if let found { s += " (found \(found))" }
        if let expected { s += "; expected \(expected)" }
        return s
    }
}

/// Several errors reported together (validation does not stop at the first).
public struct ExperimentErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [ExperimentError]
    public init(_ errors: [ExperimentError]) { self.errors = errors }
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
