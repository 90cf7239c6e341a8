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

    /// Without a cache directory in the load options the cache goes to the
    /// `datasets` subfolder of RecLab's user cache folder (`CacheDirectory`),
    /// never into the data folder, whether that folder is writable or not.
    @Test func defaultLocationIsTheUserCacheFolderNeverTheDataFolder() throws {
        let f = TempFolder()
        let data = f.url.appendingPathComponent("ml-x")
        let d = TempFolder(at: data)
        try Fixture.csvRelease(in: d)
        let tag = DatasetCache.tag(for: data)
        #expect(tag.hasPrefix("ml-x-"))
        let cases: [([String: String], String)] = [
            (["HOME": f.path("home")], f.path("home") + "/.cache/reclab/datasets/" + tag),
            (["HOME": f.path("home"), "XDG_CACHE_HOME": f.path("xdg")], f.path("xdg") + "/reclab/datasets/" + tag),
            (["HOME": f.path("home"), "XDG_CACHE_HOME": f.path("xdg"), "RECLAB_CACHE_DIR": f.path("c")],
             f.path("c") + "/datasets/" + tag),
        ]
        for (env, expected) in cases {
            #expect(DatasetCache.defaultDirectory(for: data, environment: env)?.path == expected, "\(env)")
        }
        #expect(DatasetCache.defaultDirectory(for: data, environment: [:]) == nil)

        // A store through the default location lands there and leaves the (writable) data folder untouched.
        let cache = try DatasetCache(directory: data, layout: .csv, lenient: false, cacheDirectory: nil,
                                     environment: ["RECLAB_CACHE_DIR": f.path("c")])
        #expect(cache.fileURL.path.hasPrefix(f.path("c") + "/datasets/" + tag + "/"))
        try cache.store(try d.load(), report: DatasetCache.StoredReport(skippedRows: 0, firstProblems: []))
        #expect(FileManager.default.fileExists(atPath: cache.fileURL.path))
        let inData = try FileManager.default.contentsOfDirectory(atPath: data.path).sorted()
        #expect(inData == ["links.csv", "movies.csv", "ratings.csv", "tags.csv"])
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
