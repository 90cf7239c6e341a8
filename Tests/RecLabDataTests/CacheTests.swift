import Foundation
import Testing
@testable import RecLabData

/// The binary cache: used when valid, detected and rebuilt when stale or corrupt.
@Suite struct CacheTests {
    func options(_ f: TempFolder, _ policy: LoadOptions.CachePolicy = .automatic) -> LoadOptions {
        LoadOptions(cache: policy, cacheDirectory: f.url.appendingPathComponent("cache"))
    }

    @Test func secondLoadComesFromTheCacheAndIsIdentical() throws {
        let f = TempFolder()
        try Fixture.csvRelease(in: f)
        let first = try MovieLensLoader.loadWithReport(f.url, options: options(f))
        guard case .written(let url) = first.report.cache else { Issue.record("no cache written: \(first.report.cache)"); return }
        let second = try MovieLensLoader.loadWithReport(f.url, options: options(f))
        #expect(second.report.cache == .hit(url))
        #expect(second.dataset == first.dataset)
        #expect(second.dataset == (try f.load()))
    }

    @Test func aChangedSourceFileMakesTheCacheStale() throws {
        let f = TempFolder()
        try Fixture.csvRelease(in: f)
        _ = try MovieLensLoader.loadWithReport(f.url, options: options(f))
        // Same size, different content: only the checksum can tell.
        try f.write("ratings.csv", Fixture.ratings.replacingOccurrences(of: "3,1,4.0", with: "3,1,2.0"))
        let again = try MovieLensLoader.loadWithReport(f.url, options: options(f))
        #expect(again.report.cacheRejection?.contains("ratings.csv changed (checksum)") == true)
        #expect(again.dataset.ratings.values[0] == 2)
        if case .written = again.report.cache {} else { Issue.record("cache not rewritten") }
        // A new optional file changes the file list.
        try FileManager.default.removeItem(atPath: f.path("links.csv"))
        let third = try MovieLensLoader.loadWithReport(f.url, options: options(f))
        #expect(third.report.cacheRejection?.contains("file list") == true)
        #expect(third.dataset.links.isEmpty)
    }

    /// Flip one byte at many positions of the cache file: every corruption is
    /// detected (never trusted), the sources are re-parsed and the result is right.
    @Test func corruptCachesAreDetectedAndRebuilt() throws {
        let f = TempFolder()
        try Fixture.csvRelease(in: f)
        let truth = try f.load()
        let first = try MovieLensLoader.loadWithReport(f.url, options: options(f))
        guard case .written(let url) = first.report.cache else { Issue.record("no cache written"); return }
        let pristine = try Data(contentsOf: url)
        var positions = Array(stride(from: 0, to: pristine.count, by: max(1, pristine.count / 97)))
        positions.append(pristine.count - 1)
        for pos in positions {
            var bytes = pristine
            bytes[pos] ^= 0x5A
            try bytes.write(to: url)
            let out = try MovieLensLoader.loadWithReport(f.url, options: options(f))
            #expect(out.report.cacheRejection != nil, "corruption at byte \(pos) not detected")
            #expect(out.dataset == truth)
        }
        // Truncation.
        try pristine.prefix(pristine.count / 2).write(to: url)
        let out = try MovieLensLoader.loadWithReport(f.url, options: options(f))
        #expect(out.report.cacheRejection?.contains("truncated") == true)
        #expect(out.dataset == truth)
    }

    @Test func disabledCacheNeitherReadsNorWrites() throws {
        let f = TempFolder()
        try Fixture.csvRelease(in: f)
        let out = try MovieLensLoader.loadWithReport(f.url, options: options(f, .disabled))
        #expect(out.report.cache == .disabled)
        #expect(!FileManager.default.fileExists(atPath: f.path("cache")))
    }

    @Test func readOnlyDataFolderFallsBackToTheUserCache() throws {
        let f = TempFolder()
        try Fixture.csvRelease(in: f)
        let data = f.url.appendingPathComponent("ro")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        for name in ["movies.csv", "ratings.csv"] {
            try FileManager.default.copyItem(at: f.url.appendingPathComponent(name), to: data.appendingPathComponent(name))
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: data.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: data.path) }
        let env = ["HOME": f.path("home")]
        let dir = DatasetCache.defaultDirectory(for: data, environment: env)
        #expect(dir?.path.hasPrefix(f.path("home") + "/.cache/reclab/ro-") == true)
        let withEnv = DatasetCache.defaultDirectory(for: data, environment: ["RECLAB_CACHE_DIR": f.path("c")])
        #expect(withEnv?.path.hasPrefix(f.path("c") + "/ro-") == true)
        let writable = DatasetCache.defaultDirectory(for: f.url, environment: env)
        #expect(writable?.path == f.path(".reclab-cache"))
    }

    @Test func lenientAndStrictCachesAreSeparateAndKeepTheReport() throws {
        let f = TempFolder()
        try Fixture.csvRelease(in: f, ratings: "userId,movieId,rating,timestamp\n1,1,4,5\n1,2,x,5\n")
        var o = options(f)
        o.strictness = .lenient
        let first = try MovieLensLoader.loadWithReport(f.url, options: o)
        let second = try MovieLensLoader.loadWithReport(f.url, options: o)
        if case .hit = second.report.cache {} else { Issue.record("expected a cache hit") }
        #expect(second.report.skippedRows == 1)
        #expect(second.report.firstProblems == first.report.firstProblems)
        #expect(throws: DataError.self) { try MovieLensLoader.load(f.url, options: options(f)) }
    }
}
