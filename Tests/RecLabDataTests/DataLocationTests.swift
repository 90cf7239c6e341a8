import Foundation
import Testing
@testable import RecLabData

/// Names resolve under RECLAB_DATA_DIR, paths are used as they are, and a
/// missing release says how to get it.
@Suite struct DataLocationTests {
    @Test func namesResolveUnderTheDataRoot() throws {
        let f = TempFolder()
        try Fixture.csvRelease(in: TempFolderChild(f, "ml-test").folder)
        let url = try DataLocation.resolve("ml-test", environment: ["RECLAB_DATA_DIR": f.url.path])
        #expect(url.lastPathComponent == "ml-test")
        #expect(try DataLocation.resolve(f.path("ml-test")).path == url.path)
        #expect(DataLocation.root(environment: [:]).lastPathComponent == "data")
    }

    @Test func aMissingReleaseSaysHowToFetchIt() {
        let e = #expect(throws: DataError.self) {
            try DataLocation.resolve("ml-25m", environment: ["RECLAB_DATA_DIR": "/nonexistent-reclab"])
        }
        #expect(e?.message.contains("reclab data fetch ml-25m") == true)
        #expect(e?.message.contains("https://files.grouplens.org/datasets/movielens/ml-25m.zip") == true)
    }

    /// Two data folders sharing one cache root do not overwrite each other's cache.
    @Test func aSharedCacheRootKeepsOneCachePerFolder() throws {
        let root = TempFolder()
        let a = TempFolder(), b = TempFolder()
        try Fixture.csvRelease(in: a)
        try Fixture.csvRelease(in: b, ratings: "userId,movieId,rating,timestamp\n1,1,2,3\n")
        let options = LoadOptions(cacheDirectory: root.url)
        _ = try MovieLensLoader.load(a.url, options: options)
        _ = try MovieLensLoader.load(b.url, options: options)
        let again = try MovieLensLoader.loadWithReport(a.url, options: options)
        if case .hit = again.report.cache {} else { Issue.record("expected a hit, got \(again.report.cache)") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.url.path).count == 2)
    }
}

/// A named subfolder of a `TempFolder`, as a writable fixture folder.
struct TempFolderChild {
    let folder: TempFolder
    init(_ parent: TempFolder, _ name: String) {
        folder = TempFolder(at: parent.url.appendingPathComponent(name))
    }
}
