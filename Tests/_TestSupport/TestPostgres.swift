import Foundation

/// The throw-away PostgreSQL server of the tests (`scripts/postgres-test-server`),
/// reached through `RECLAB_TEST_POSTGRES_URL` (`postgresql://USER@HOST:PORT/DB`,
/// no password: that is in `PGPASSWORD` or the `PGPASSFILE` the script writes).
///
/// Tests that need a store of their own create a fresh database with
/// `createDatabase()`, so trials reused by content hash never leak between tests.
public enum TestPostgres {
    /// The server's URL, or nil when the variable is unset or empty.
    public static var url: URL? {
        guard let value = ProcessInfo.processInfo.environment["RECLAB_TEST_POSTGRES_URL"], !value.isEmpty else {
            return nil
        }
        return URL(string: value)
    }

    /// `psql` on PATH or in Debian's /usr/lib/postgresql/<version>/bin (not on PATH on a fresh machine).
    public static var psql: URL? {
        let fm = FileManager.default
        var candidates: [String] = []
        if let bin = ProcessInfo.processInfo.environment["RECLAB_TEST_POSTGRES_BIN"] { candidates.append(bin + "/psql") }
        if let versions = try? fm.contentsOfDirectory(atPath: "/usr/lib/postgresql") {
            for version in versions.sorted(by: >) { candidates.append("/usr/lib/postgresql/\(version)/bin/psql") }
        }
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            candidates.append("\(dir)/psql")
        }
        return candidates.first { fm.isExecutableFile(atPath: $0) }.map { URL(fileURLWithPath: $0) }
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    /// Runs one SQL statement with psql against the server's database (or `database`),
    /// returning psql's unaligned, tuples-only output.
    @discardableResult
    public static func sql(_ statement: String, database: String? = nil) throws -> String {
        guard let url, let psql else { throw Failure(description: "no test PostgreSQL server or no psql") }
        var target = URLComponents(url: url, resolvingAgainstBaseURL: false)!
        if let database { target.path = "/" + database }
        let r = try Subprocess.capture(psql, ["--no-psqlrc", "-v", "ON_ERROR_STOP=1", "-At", "-d", target.string!, "-c", statement])
        guard r.status == 0 else {
            throw Failure(description: "psql failed (\(r.status)) on `\(statement)`: \(r.stderr)")
        }
        return r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Creates an empty database with a unique name and returns its URL (same user, host and port).
    public static func createDatabase(prefix: String = "reclab_test") throws -> URL {
        guard let url else { throw Failure(description: "RECLAB_TEST_POSTGRES_URL is not set") }
        let name = "\(prefix)_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased())"
        try sql("CREATE DATABASE \(name)")
        var components = URLComponents(url: url, resolvingAgainstBaseURL: false)!
        components.path = "/" + name
        return components.url!
    }

    /// Drops a database made by `createDatabase` (ignoring errors: the server is thrown away anyway).
    public static func dropDatabase(_ database: URL) {
        let name = database.lastPathComponent
        _ = try? sql("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }
}
