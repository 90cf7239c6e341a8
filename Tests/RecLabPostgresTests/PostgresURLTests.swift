import Foundation
import Testing
@testable import RecLabPostgres

/// Store URLs, the password look-up (URL, PGPASSWORD, password file) and redaction; no server needed.
@Suite struct PostgresURLTests {
    @Test func parsesEveryPart() throws {
        let u = try PostgresURL(parsing: "postgresql://ann:s%40cret@db.example:6543/sweeps?sslmode=require", environment: [:])
        #expect(u.user == "ann")
        #expect(u.password == "s@cret")
        #expect(u.host == "db.example")
        #expect(u.port == 6543)
        #expect(u.database == "sweeps")
        #expect(u.tls == .require)
    }

    @Test func defaultsPortAndUser() throws {
        let u = try PostgresURL(parsing: "postgres://db/sweeps", environment: ["PGUSER": "bob", "USER": "carol"])
        #expect(u.port == 5432)
        #expect(u.user == "bob")
        #expect(u.password == nil)
        #expect(u.tls == .disable)
        let v = try PostgresURL(parsing: "postgresql://[::1]:7000/x", environment: ["USER": "carol"])
        #expect(v.host == "::1")
        #expect(v.port == 7000)
        #expect(v.user == "carol")
        #expect(v.redacted == "postgresql://carol@[::1]:7000/x")
    }

    @Test(arguments: [
        ("mysql://u:hunter2@h/db", "must start with postgresql://"),
        ("postgresql://u:hunter2@h:5432", "names no database"),
        ("postgresql://u:hunter2@h:99999/db", "port must be a number"),
        ("postgresql://u:hunter2@h:5432/db?sslmode=sometimes", "sslmode 'sometimes'"),
        ("postgresql://u:hunter2@h:5432/db?application=x", "unknown parameter 'application'"),
    ])
    func refusesBadURLsWithoutRepeatingThePassword(_ text: String, _ expected: String) {
        do {
            _ = try PostgresURL(parsing: text, environment: [:])
            Issue.record("\(text) parsed")
        } catch {
            let message = "\(error)"
            #expect(message.contains(expected), "\(message)")
            #expect(!message.contains("hunter2"), "\(message)")
        }
    }

    @Test func redactionNeverShowsThePassword() throws {
        let u = try PostgresURL(parsing: "postgresql://ann:hunter2@h:5432/db", environment: [:])
        #expect(u.redacted == "postgresql://ann@h:5432/db")
        #expect("\(u)" == u.redacted)
        #expect(PostgresURL.redact("--store=postgresql://ann:hunter2@h:5432/db") == "--store=postgresql://ann:***@h:5432/db")
        #expect(PostgresURL.redact("postgresql://ann@h/db") == "postgresql://ann@h/db")
        #expect(PostgresURL.redact("a plain argument") == "a plain argument")
    }

    @Test func passwordFileFollowsLibpqRules() {
        let file = """
            # comment line
            other:5432:*:ann:wrong-host
            h:5433:*:ann:wrong-port
            h:5432:db:ann:p\\:with\\\\escapes
            *:*:*:*:fallback
            """
        #expect(PostgresURL.passwordFileLookup(file, host: "h", port: 5432, database: "db", user: "ann") == "p:with\\escapes")
        #expect(PostgresURL.passwordFileLookup(file, host: "h", port: 5432, database: "other", user: "ann") == "fallback")
        #expect(PostgresURL.passwordFileLookup("h:5432:db:ann:x", host: "h", port: 5432, database: "db", user: "bob") == nil)
        #expect(PostgresURL.passwordFileLookup("too:few:fields", host: "too", port: 5432, database: "db", user: "bob") == nil)
    }

    @Test func passwordComesFromURLThenEnvironmentThenFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pgpass-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let pgpass = dir.appendingPathComponent("pgpass")
        try "h:5432:db:ann:from-file\n".write(to: pgpass, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: pgpass.path)

        let withPassword = try PostgresURL(parsing: "postgresql://ann:from-url@h/db", environment: [:])
        let bare = try PostgresURL(parsing: "postgresql://ann@h/db", environment: [:])
        let env = ["PGPASSWORD": "from-env", "PGPASSFILE": pgpass.path]
        #expect(withPassword.resolvingPassword(environment: env).url.password == "from-url")
        let (fromEnv, source) = bare.resolvingPassword(environment: env)
        #expect(fromEnv.password == "from-env")
        #expect(source == .environment)
        let (fromFile, fileSource) = bare.resolvingPassword(environment: ["PGPASSFILE": pgpass.path])
        #expect(fromFile.password == "from-file")
        #expect(fileSource == .passwordFile(pgpass.path))

        // libpq ignores a password file others may read; so does RecLab, and says why.
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: pgpass.path)
        let (ignored, why) = bare.resolvingPassword(environment: ["PGPASSFILE": pgpass.path])
        #expect(ignored.password == nil)
        #expect(why.description.contains("chmod 0600"))
        #expect(!why.description.contains("from-file"))
    }

    @Test func leaseComesFromTheEnvironment() throws {
        #expect(try PostgresTrialStore.leaseSeconds([:]) == 60)
        #expect(try PostgresTrialStore.leaseSeconds(["RECLAB_LEASE_SECONDS": "2.5"]) == 2.5)
        #expect(throws: PostgresStoreError.self) { try PostgresTrialStore.leaseSeconds(["RECLAB_LEASE_SECONDS": "0"]) }
        #expect(throws: PostgresStoreError.self) { try PostgresTrialStore.leaseSeconds(["RECLAB_LEASE_SECONDS": "soon"]) }
    }
}
