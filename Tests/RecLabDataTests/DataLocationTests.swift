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

    /// Files under the data root are recorded as `$RECLAB_DATA_DIR/…`, whatever
    /// spelling of the root or the file was used; files elsewhere keep their absolute path.
    @Test func recordedPathsAreRelativeToTheDataRoot() throws {
        let f = TempFolder()
        let release = TempFolderChild(f, "data/ml-test").folder
        try Fixture.csvRelease(in: release)
        let file = release.url.appendingPathComponent("ratings.csv")
        let env = ["RECLAB_DATA_DIR": f.path("data")]
        #expect(DataLocation.recordedPath(of: file, environment: env) == "$RECLAB_DATA_DIR/ml-test/ratings.csv")
        #expect(DataLocation.recordedPath(of: file, environment: ["RECLAB_DATA_DIR": f.path("data") + "/"])
                == "$RECLAB_DATA_DIR/ml-test/ratings.csv")
        let roundabout = f.url.appendingPathComponent("data/ml-test/../ml-test/ratings.csv")
        #expect(DataLocation.recordedPath(of: roundabout, environment: env) == "$RECLAB_DATA_DIR/ml-test/ratings.csv")
        let link = f.url.appendingPathComponent("link")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: f.url.appendingPathComponent("data"))
        #expect(DataLocation.recordedPath(of: file, environment: ["RECLAB_DATA_DIR": link.path])
                == "$RECLAB_DATA_DIR/ml-test/ratings.csv")
        #expect(DataLocation.recordedPath(of: link.appendingPathComponent("ml-test/ratings.csv"), environment: env)
                == "$RECLAB_DATA_DIR/ml-test/ratings.csv")
        // Outside the root, a sibling whose name shares the root's prefix, or no root set: the absolute path.
        let outside = f.url.appendingPathComponent("elsewhere/ratings.csv")
        #expect(DataLocation.recordedPath(of: outside, environment: env) == outside.standardizedFileURL.path)
        let sibling = f.url.appendingPathComponent("data2/ratings.csv")
        #expect(DataLocation.recordedPath(of: sibling, environment: env) == sibling.standardizedFileURL.path)
        #expect(DataLocation.recordedPath(of: file, environment: [:]) == file.standardizedFileURL.path)
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
