import Foundation
import Testing
import RecLabData

/// Access to the real MovieLens `ml-latest-small` outside the repository.
///
/// Tests that need it call `RealData.mlLatestSmall()`; when the folder is
/// absent it returns nil and the test should be skipped with
/// `RealData.missingReason` (Swift Testing: `.enabled(if: RealData.isAvailable, RealData.missingReason)`).
public enum RealData {
    /// `$RECLAB_DATA_DIR/ml-latest-small`, else `../shared/data/ml-latest-small` relative to the package.
    public static var mlLatestSmallURL: URL? {
        let fm = FileManager.default
        var candidates: [URL] = []
        if let dir = ProcessInfo.processInfo.environment[DataLocation.environmentKey], !dir.isEmpty {
            candidates.append(URL(fileURLWithPath: dir).appendingPathComponent("ml-latest-small"))
        }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(packageRoot.appendingPathComponent("../shared/data/ml-latest-small").standardizedFileURL)
        return candidates.first { fm.fileExists(atPath: $0.appendingPathComponent("ratings.csv").path) }
    }

    public static var isAvailable: Bool { mlLatestSmallURL != nil }

    public static let missingReason: Comment =
        "real MovieLens ml-latest-small not found: set RECLAB_DATA_DIR to the folder holding it (CI uses ../shared/data)"

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
