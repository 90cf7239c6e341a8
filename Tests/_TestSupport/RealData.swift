import Foundation
import Testing
import RecLabData

/// Access to the real MovieLens `ml-latest-small` outside the repository.
///
/// Tests that need it (oracle comparisons, checks of the real files) carry the
/// trait `.requiresRealData` and call `RealData.mlLatestSmall()`. When the
/// folder is absent such a test is skipped locally, with `missingReason`
/// printed by `swift test`, and fails under CI (see `Requirement`). Tests
/// that only exercise the code on MovieLens-shaped data use
/// `MovieLensFixture` instead and run everywhere.
public enum RealData {
    /// `$RECLAB_DATA_DIR/ml-latest-small` when RECLAB_DATA_DIR is set (and
    /// only there: a set variable says where the data is), else
    /// `../shared/data/ml-latest-small` relative to the package; nil when
    /// that folder has no ratings.csv.
    public static var mlLatestSmallURL: URL? {
        let candidate: URL
        if let dir = ProcessInfo.processInfo.environment[DataLocation.environmentKey], !dir.isEmpty {
            candidate = URL(fileURLWithPath: dir).appendingPathComponent("ml-latest-small")
        } else {
            let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent()
            candidate = packageRoot.appendingPathComponent("../shared/data/ml-latest-small").standardizedFileURL
        }
        return FileManager.default.fileExists(atPath: candidate.appendingPathComponent("ratings.csv").path) ? candidate : nil
    }

    public static var isAvailable: Bool { mlLatestSmallURL != nil }

    public static var missingReason: Comment {
        let dir = ProcessInfo.processInfo.environment[DataLocation.environmentKey] ?? ""
        let looked = dir.isEmpty ? "../shared/data" : "RECLAB_DATA_DIR=\(dir)"
        return "real MovieLens ml-latest-small not found in \(looked): set RECLAB_DATA_DIR to the folder holding it (CI uses ../shared/data)"
    }

    nonisolated(unsafe) private static var cached: Dataset?
    private static let lock = NSLock()

    /// The loaded dataset, loaded once per test process.
    public static func mlLatestSmall() throws -> Dataset? {
        guard let url = mlLatestSmallURL else { return nil }
        lock.lock(); defer { lock.unlock() }
        if let cached { return cached }
        let ds = try MovieLensLoader.load(url, name: "ml-latest-small")
        cached = ds
        return ds
    }
}
