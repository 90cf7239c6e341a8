/// Every failure of the data layer: a readable message plus where it happened.
public struct DataError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var file: String?
    public var line: Int?
    public var column: String?

    public init(_ message: String, file: String? = nil, line: Int? = nil, column: String? = nil) {
        self.message = message
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String {
        var loc = file ?? ""
        if let line { loc += loc.isEmpty ? "line \(line)" : ":\(line)" }
        if let column { loc += " (column '\(column)')" }
        return loc.isEmpty ? message : "\(loc): \(message)"
    }
}
