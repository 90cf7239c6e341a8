import Foundation
import Testing
import RecLabCore
@testable import RecLabData
import _TestSupport

/// `reclab data fetch` without the network: a zip the test builds itself
/// (with /usr/bin/zip), its checksum from /usr/bin/md5sum, and a closed
/// localhost port for the offline case.
@Suite(.requiresExecutable("/usr/bin/zip"), .requiresExecutable("/usr/bin/unzip"))
struct FetchTests {
    /// Builds `<tmp>/ml-test.zip` holding folder `folderName` with a small release.
    func makeZip(_ f: TempFolder, folderName: String = "ml-test", readme: String? = nil) throws -> URL {
        let src = TempFolder()
        try Fixture.csvRelease(in: src)
        if let readme { try src.write("README.txt", readme) }
        let dir = f.url.appendingPathComponent("src/\(folderName)")
        try FileManager.default.createDirectory(at: dir.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: src.url, to: dir)
        let zip = f.url.appendingPathComponent("ml-test.zip")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/zip")
        p.currentDirectoryURL = dir.deletingLastPathComponent()
        p.arguments = ["-q", "-r", zip.path, folderName]
        try p.run()
        p.waitUntilExit()
        try #require(p.terminationStatus == 0)
        return zip
    }

    func md5sum(_ url: URL) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/md5sum")
        p.arguments = [url.path]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        p.waitUntilExit()
        return String(String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).prefix(32))
    }

    @Test func verifiesAndUnzipsIntoTheDataRoot() throws {
        let f = TempFolder()
        let zip = try makeZip(f, folderName: "ml-test-inner")   // like ml-10m's ml-10M100K
        let root = f.url.appendingPathComponent("data")
        let report = try ReleaseFetcher().install(zip: zip, name: "ml-test", into: root, expectedMD5: try md5sum(zip))
        #expect(report.folder == root.appendingPathComponent("ml-test").path)
        #expect(report.ratings == 4 && report.movies == 4)
        let ds = try MovieLensLoader.load(root.appendingPathComponent("ml-test"), options: LoadOptions(cache: .disabled))
        #expect(ds.titles[1] == "American President, The (1995)")
        // No staging leftovers.
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["ml-test"])
    }

    @Test func checksumMismatchInstallsNothing() throws {
        let f = TempFolder()
        let zip = try makeZip(f)
        let root = f.url.appendingPathComponent("data")
        let e = #expect(throws: DataError.self) {
            try ReleaseFetcher().install(zip: zip, name: "ml-test", into: root, expectedMD5: "0123456789abcdef0123456789abcdef")
        }
        #expect(e?.kind == .fetch)
        #expect(e?.message.contains("checksum mismatch") == true)
        #expect(e?.message.contains(try md5sum(zip)) == true)
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("ml-test").path))
    }

    @Test func releasesWithoutChecksumAreCheckedAgainstTheirReadme() throws {
        let f = TempFolder()
        let good = try makeZip(f, readme: "It contains 4 ratings and 2 tag applications across 4 movies. These data were created by 2 users")
        let report = try ReleaseFetcher().install(zip: good, name: "ml-test", into: f.url.appendingPathComponent("a"), expectedMD5: nil)
        #expect(report.readmeCounts["ratings"] == [4, 4])
        #expect(report.readmeCounts["users"] == [2, 2])
        let g = TempFolder()
        let bad = try makeZip(g, readme: "It contains 5 ratings and 2 tag applications across 4 movies.")
        let e = #expect(throws: DataError.self) {
            try ReleaseFetcher().install(zip: bad, name: "ml-test", into: g.url.appendingPathComponent("a"), expectedMD5: nil)
        }
        #expect(e?.message.contains("states 5 ratings, the files hold 4") == true)
    }

    /// Port 1 on localhost is closed: curl fails at once, and the message
    /// says what to download and where to put it.
    @Test(.requiresExecutable("/usr/bin/curl"))
    func offlineFailsFastWithInstructions() throws {
        let f = TempFolder()
        let fetcher = ReleaseFetcher(baseURL: URL(string: "http://127.0.0.1:1/datasets/")!, connectTimeout: 2)
        let e = #expect(throws: DataError.self) { try fetcher.fetch("ml-100k", into: f.url) }
        #expect(e?.kind == .fetch)
        #expect(e?.message.contains("download ml-100k.zip") == true)
        #expect(e?.message.contains("0e33842e24a9c977be4e0107933c0723") == true)
        #expect(e?.message.contains(f.url.appendingPathComponent("ml-100k").path) == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: f.url.path).isEmpty)
    }

    @Test func unknownReleaseNamesAreRejected() {
        let e = #expect(throws: DataError.self) { try ReleaseCatalog.expectedMD5("ml-7") }
        #expect(e?.message.contains("ml-latest-small") == true)
    }
}
