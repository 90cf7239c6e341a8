import Foundation
import RecLabCore

/// SHA-256 of the files of `split: {kind: files}`, for trial keys: the key
/// names the rows by content, so moving or renaming a file keeps its trials
/// and editing it recomputes them.
///
/// Each file is read once per process for a given (absolute path, size,
/// modification time); every trial on it reuses the sum. A file that cannot
/// be read hashes as `unreadable` (the run itself then fails on loading it).
final class SplitFileChecksums: @unchecked Sendable {
    static let shared = SplitFileChecksums()

    private struct Stamp: Hashable { var path: String; var size: Int64; var modified: Double }
    private let lock = NSLock()
    private var sums: [Stamp: String] = [:]

    func sha256(_ path: String) -> String {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        guard let attrs = try? FileManager.default.attributesOfItem(atPath: url.path) else { return "unreadable" }
        let stamp = Stamp(path: url.resolvingSymlinksInPath().path, size: (attrs[.size] as? NSNumber)?.int64Value ?? -1,
                          modified: (attrs[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)
        lock.lock()
        let known = sums[stamp]
        lock.unlock()
        if let known { return known }
        guard let sum = SHA256.hex(fileAtPath: url.path) else { return "unreadable" }
        lock.lock()
        sums[stamp] = sum
        lock.unlock()
        return sum
    }
}
