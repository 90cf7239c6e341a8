/// One input file, as read: path relative to the dataset folder, size and checksum.
public struct DataFile: Sendable, Hashable, Codable {
    public var path: String
    public var bytes: Int64
    /// Hex digest of the file's bytes.
    public var checksum: String
    /// The algorithm of `checksum` (`"sha256"`, `"md5"`).
    public var checksumAlgorithm: String

    public init(path: String, bytes: Int64, checksum: String, checksumAlgorithm: String = "sha256") {
        self.path = path
        self.bytes = bytes
        self.checksum = checksum
        self.checksumAlgorithm = checksumAlgorithm
    }
}
