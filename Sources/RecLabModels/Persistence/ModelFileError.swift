/// Why a saved model file could not be written or read: the file, the part of
/// it (`header`, `checksum`, a payload section such as `svd.p`) and what was
/// expected. A file that fails any check is refused whole; no partly read
/// model is ever returned.
public struct ModelFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    /// The part of the file involved (`magic`, `version`, `length`, `checksum`, `header`, or a section tag).
    public var part: String?
    public var message: String

    public init(path: String, part: String? = nil, _ message: String) {
        self.path = path
        self.part = part
        self.message = message
    }

    public var description: String {
        "\(path)\(part.map { " (\($0))" } ?? ""): \(message)"
    }
}
