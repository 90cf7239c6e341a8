/// Every failure of the data layer: a readable message plus where it happened
/// (file, 1-based line, column name) and what kind of failure it is.
public struct DataError: Error, Sendable, Equatable, Codable, CustomStringConvertible {
    /// What went wrong, for tests and for callers that react differently.
    public enum Kind: String, Sendable, Equatable, Codable {
        /// A required file is absent or unreadable, or the folder is not a MovieLens layout.
        case missingFile
        /// A file has no header or no content.
        case emptyFile
        /// The header line does not name the expected columns.
        case header
        /// A row has the wrong number of fields, or broken quoting.
        case raggedRow
        /// A field does not hold what its column expects (number, id, scale).
        case invalidValue
        /// Bytes that are not valid UTF-8 (or not decodable in the layout's encoding).
        case encoding
        /// A reference to an id that does not exist (a rating of an unknown movie).
        case unknownReference
        /// Download, checksum or unpacking of a release.
        case fetch
        /// Invalid arguments or configuration (filters, generator settings).
        case configuration
        case other
    }

    public var message: String
    public var file: String?
    public var line: Int?
    public var column: String?
    public var kind: Kind

    public init(_ message: String, file: String? = nil, line: Int? = nil, column: String? = nil, kind: Kind = .other) {
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.kind = kind
    }

    public var description: String {
        var loc = file ?? ""
        if let line { loc += loc.isEmpty ? "line \(line)" : ":\(line)" }
        if let column { loc += " (column '\(column)')" }
        return loc.isEmpty ? message : "\(loc): \(message)"
    }
}
