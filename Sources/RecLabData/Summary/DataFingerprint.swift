import Foundation
import RecLabCore

/// Which bytes a result was computed from: each source file's name, size and
/// MD5, for provenance records in reports.
public struct DataFingerprint: Sendable, Equatable, Codable {
    public struct File: Sendable, Equatable, Codable {
        public var name: String
        public var bytes: Int
        public var md5: String
    }

    public var layout: MovieLensLayout
    public var files: [File]

    /// Fingerprints the source files of the MovieLens folder `directory`
    /// (MD5 of every byte, so the cost grows with the size of the data).
    public static func of(_ directory: URL) throws -> DataFingerprint {
        let layout = try MovieLensLayout.detect(directory)
        let files = try layout.sourceFiles(in: directory).map { url -> File in
            guard let md5 = MD5.hex(fileAtPath: url.path) else {
                throw DataError("cannot read file", file: url.path, kind: .missingFile)
            }
            let size = (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue ?? 0
            return File(name: url.lastPathComponent, bytes: size, md5: md5)
        }
        return DataFingerprint(layout: layout, files: files)
    }
}
