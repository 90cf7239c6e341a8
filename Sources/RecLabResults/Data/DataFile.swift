/// One input file, as read: where it was, its size and checksum.
///
/// `path` names the file as `$RECLAB_DATA_DIR/<release>/<file>` when it was
/// read from under the data root (`DataLocation.recordedPath(of:)`), so that
/// results and the reports rendered from them hold no machine-specific folder;
/// a file read from elsewhere keeps its absolute path.
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
