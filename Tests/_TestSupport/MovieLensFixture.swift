import Foundation
import RecLabData

/// Small folders in the MovieLens layout (ratings.csv, movies.csv, tags.csv,
/// links.csv, as in ml-latest-small) drawn by `PlantedModelGenerator`, for
/// tests that exercise the runner, the trial cache or the command line and
/// need data of the real shape but none of the real figures.
///
/// A folder is generated once per configuration into the temporary
/// directory, under a name derived from the generator version and the
/// configuration, and reused by later tests and test runs (the generator is
/// deterministic for a configuration).
public enum MovieLensFixture {
    /// 120 users × 300 movies, 6,000 ratings (at least 20 per user), 400 tags; seed 2026.
    public static let smallConfig: PlantedModelConfig = {
        var c = PlantedModelConfig(users: 120, movies: 300, ratings: 6_000, seed: 2026)
        c.tags = 400
        return c
    }()

    /// The folder of `smallConfig`.
    public static func small() throws -> URL { try folder(smallConfig) }

    private static let lock = NSLock()

    /// The folder for `config`, generated on first use.
    public static func folder(_ config: PlantedModelConfig) throws -> URL {
        lock.lock(); defer { lock.unlock() }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let key = fnv1a(Array((PlantedModelGenerator.version + "\n").utf8) + Array(try encoder.encode(config)))
        let fm = FileManager.default
        let url = fm.temporaryDirectory.appendingPathComponent("reclab-test-movielens-\(String(key, radix: 16))")
        if isComplete(url) { return url }
        // Generate beside the final folder and move it into place, so a
        // concurrent test process never sees a half-written folder.
        let staging = fm.temporaryDirectory.appendingPathComponent("reclab-test-movielens-staging-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: staging) }
        _ = try PlantedModelGenerator.generate(config, to: staging)
        try? fm.removeItem(at: url)
        do {
            try fm.moveItem(at: staging, to: url)
        } catch where isComplete(url) {
            // Another process moved its identical copy into place first.
        }
        return url
    }

    static let files = ["ratings.csv", "movies.csv", "tags.csv", "links.csv"]

    static func isComplete(_ url: URL) -> Bool {
        files.allSatisfy { FileManager.default.fileExists(atPath: url.appendingPathComponent($0).path) }
    }

    /// FNV-1a, 64 bits: a stable folder name for a configuration.
    static func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return h
    }
}
