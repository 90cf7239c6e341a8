import Foundation
import RecLabCore

/// Downloads a MovieLens release zip (curl over HTTPS), verifies it, unzips
/// it (the `unzip` program) and checks that it loads.
///
/// Verification: the zip's MD5 must equal the checksum recorded in
/// `ReleaseCatalog`; releases without a fixed checksum are checked against
/// the counts in their own `README.txt` (ratings, tag applications, movies,
/// users) after loading. Nothing is left in the data root unless every check
/// passed. Offline, curl fails within `connectTimeout` seconds and the error
/// says what to download and where to put it.
public struct ReleaseFetcher: Sendable {
    public var baseURL: URL
    public var connectTimeout: Int
    public var curl: String
    public var unzip: String

    public init(baseURL: URL = ReleaseCatalog.baseURL, connectTimeout: Int = 10,
                curl: String = "/usr/bin/curl", unzip: String = "/usr/bin/unzip") {
        self.baseURL = baseURL
        self.connectTimeout = connectTimeout
        self.curl = curl
        self.unzip = unzip
    }

    /// What a fetch did.
    public struct Report: Sendable, Codable, Equatable {
        public var name: String
        public var source: String
        public var folder: String
        public var zipBytes: Int
        public var md5: String
        /// The published checksum the zip matched, or nil when none is fixed.
        public var expectedMD5: String?
        /// README counts compared with the loaded data ("ratings": [stated, loaded], …), when checked.
        public var readmeCounts: [String: [Int]]
        public var ratings: Int
        public var movies: Int
        public var users: Int
        public var tags: Int
    }

    /// Downloads `name` into `root/name` (see the type's documentation).
    public func fetch(_ name: String, into root: URL) throws -> Report {
        let expected = try ReleaseCatalog.expectedMD5(name)
        let url = ReleaseCatalog.url(name, base: baseURL)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let zip = root.appendingPathComponent(".\(name).zip.part")
        defer { try? FileManager.default.removeItem(at: zip) }
        let result = try run(curl, ["--fail", "--silent", "--show-error", "--location",
                                    "--connect-timeout", String(connectTimeout), "--output", zip.path, url.absoluteString])
        guard result.status == 0 else {
            let checksum = expected.map { "check that its MD5 is \($0), " } ?? ""
            throw DataError("""
                cannot download \(url.absoluteString) (curl exit \(result.status): \(result.stderr.trimmingCharacters(in: .whitespacesAndNewlines))). \
                If this machine is offline, download \(name).zip on another machine, \(checksum)and unzip it into \(root.path) \
                so that \(root.appendingPathComponent(name).path) holds its files (or run `reclab data fetch \(name) --zip PATH`).
                """, kind: .fetch)
        }
        var report = try install(zip: zip, name: name, into: root, expectedMD5: expected)
        report.source = url.absoluteString
        return report
    }

    /// Verifies and unpacks a local zip of release `name` into `root/name`.
    /// `expectedMD5` nil means: check the README counts instead.
    public func install(zip: URL, name: String, into root: URL, expectedMD5: String?) throws -> Report {
        guard let md5 = MD5.hex(fileAtPath: zip.path) else {
            throw DataError("cannot read the zip", file: zip.path, kind: .fetch)
        }
        if let expectedMD5, md5 != expectedMD5.lowercased() {
            throw DataError("checksum mismatch: MD5 is \(md5), GroupLens publishes \(expectedMD5) for \(name).zip (a damaged or different download; nothing was installed)",
                            file: zip.path, kind: .fetch)
        }
        let fm = FileManager.default
        let target = root.appendingPathComponent(name, isDirectory: true)
        if fm.fileExists(atPath: target.path) {
            throw DataError("already exists; remove it first to fetch again", file: target.path, kind: .fetch)
        }
        guard fm.isExecutableFile(atPath: unzip) else {
            throw DataError("the unzip program is missing (Debian: apt-get install unzip; scripts/setup-system installs it)",
                            file: unzip, kind: .fetch)
        }
        let staging = root.appendingPathComponent(".\(name).unpack-\(ProcessInfo.processInfo.processIdentifier)", isDirectory: true)
        try? fm.removeItem(at: staging)
        try fm.createDirectory(at: staging, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: staging) }
        let r = try run(unzip, ["-q", "-o", zip.path, "-d", staging.path])
        guard r.status == 0 else {
            throw DataError("unzip failed (exit \(r.status)): \(r.stderr.trimmingCharacters(in: .whitespacesAndNewlines))",
                            file: zip.path, kind: .fetch)
        }
        // The zip holds one folder (ml-10m's is called ml-10M100K); take it, or the files themselves.
        let entries = try fm.contentsOfDirectory(atPath: staging.path).filter { !$0.hasPrefix(".") && $0 != "__MACOSX" }
        var unpacked = staging
        if entries.count == 1 {
            var isDir: ObjCBool = false
            let only = staging.appendingPathComponent(entries[0])
            if fm.fileExists(atPath: only.path, isDirectory: &isDir), isDir.boolValue { unpacked = only }
        }
        // Load it (and compare with README counts) before it becomes visible.
        let ds = try MovieLensLoader.load(unpacked, name: name, options: LoadOptions(cache: .disabled))
        var readme: [String: [Int]] = [:]
        if expectedMD5 == nil {
            readme = try Self.checkReadme(unpacked.appendingPathComponent("README.txt"), ds)
        }
        try fm.moveItem(at: unpacked, to: target)
        let size = (try fm.attributesOfItem(atPath: zip.path)[.size] as? NSNumber)?.intValue ?? 0
        return Report(name: name, source: zip.path, folder: target.path, zipBytes: size, md5: md5,
                      expectedMD5: expectedMD5, readmeCounts: readme, ratings: ds.ratings.count,
                      movies: ds.movies.count, users: ds.users.count, tags: ds.tags.count)
    }

    /// Compares the counts stated in a release README ("It contains N ratings
    /// and T tag applications across M movies. … created by U users") with
    /// the loaded data; a mismatch is an error, a README without counts too.
    static func checkReadme(_ url: URL, _ ds: Dataset) throws -> [String: [Int]] {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw DataError("no README.txt to check the release against (this release has no fixed checksum)",
                            file: url.path, kind: .fetch)
        }
        let text = String(decoding: data, as: UTF8.self)
        let loaded = ["ratings": ds.ratings.count, "tag applications": ds.tags.count, "movies": ds.movies.count,
                      "users": Set(ds.ratings.users).count]
        var out: [String: [Int]] = [:]
        for (label, value) in loaded {
            let pattern = "([0-9][0-9,]*) \(label)"
            guard let re = try? NSRegularExpression(pattern: pattern),
                  let m = re.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
                  let r = Range(m.range(at: 1), in: text),
                  let stated = Int(text[r].replacingOccurrences(of: ",", with: "")) else { continue }
            out[label] = [stated, value]
            guard stated == value else {
                throw DataError("README.txt states \(stated) \(label), the files hold \(value)", file: url.path, kind: .fetch)
            }
        }
        guard out["ratings"] != nil else {
            throw DataError("README.txt states no rating count to check against", file: url.path, kind: .fetch)
        }
        return out
    }

    private struct RunResult { var status: Int32; var stderr: String }

    private func run(_ tool: String, _ args: [String]) throws -> RunResult {
        guard FileManager.default.isExecutableFile(atPath: tool) else {
            throw DataError("\(tool) is missing (Debian: apt-get install curl unzip; scripts/setup-system installs them)",
                            file: tool, kind: .fetch)
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = args
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let data = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return RunResult(status: p.terminationStatus, stderr: String(decoding: data, as: UTF8.self))
    }
}
