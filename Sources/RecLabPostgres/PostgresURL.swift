import Foundation

/// Where a PostgreSQL store lives: `postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=…]`
/// (`postgres://` too), as libpq writes it.
///
/// The password is looked up as libpq does, first match wins: the URL, then
/// `PGPASSWORD`, then the password file (`PGPASSFILE`, else `~/.pgpass`; lines
/// `host:port:database:user:password` with `*` matching anything and `\:` / `\\`
/// escapes; ignored when group or others may read it, as libpq does).
///
/// `redacted` is the only spelling of a URL that goes into logs, reports,
/// `run.json` and error messages: it never carries a password.
public struct PostgresURL: Sendable, Hashable, CustomStringConvertible {
    public var user: String
    public var password: String?
    public var host: String
    public var port: Int
    public var database: String
    /// `sslmode`: disable (the default), prefer or require.
    public var tls: TLSMode

    public enum TLSMode: String, Sendable, Hashable {
        case disable, prefer, require
    }

    public init(user: String, password: String? = nil, host: String, port: Int = 5432, database: String,
                tls: TLSMode = .disable) {
        self.user = user
        self.password = password
        self.host = host
        self.port = port
        self.database = database
        self.tls = tls
    }

    /// True for a value that names a PostgreSQL store rather than a folder.
    public static func isPostgres(_ text: String) -> Bool {
        text.hasPrefix("postgresql://") || text.hasPrefix("postgres://")
    }

    /// Parses `text`; the user defaults to `PGUSER`, else `USER`. Errors never repeat the password.
    public init(parsing text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let scheme: String
        if text.hasPrefix("postgresql://") { scheme = "postgresql://" } else if text.hasPrefix("postgres://") {
            scheme = "postgres://"
        } else {
            throw PostgresStoreError("a store URL must start with postgresql:// (postgresql://USER@HOST:PORT/DATABASE), found '\(Self.redact(text))'")
        }
        var rest = Substring(text.dropFirst(scheme.count))
        var query = ""
        if let q = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: q)...])
            rest = rest[..<q]
        }
        guard let slash = rest.firstIndex(of: "/") else {
            throw PostgresStoreError("store URL \(Self.redact(text)) names no database (expected postgresql://USER@HOST:PORT/DATABASE)")
        }
        let authority = rest[..<slash]
        let db = String(rest[rest.index(after: slash)...])
        guard let database = db.removingPercentEncoding, !database.isEmpty, !database.contains("/") else {
            throw PostgresStoreError("store URL \(Self.redact(text)) names no database (expected postgresql://USER@HOST:PORT/DATABASE)")
        }
        var hostPort = authority
        var user: String?
        var password: String?
        if let at = authority.lastIndex(of: "@") {
            let userInfo = authority[..<at]
            hostPort = authority[authority.index(after: at)...]
            if let colon = userInfo.firstIndex(of: ":") {
                user = String(userInfo[..<colon]).removingPercentEncoding
                password = String(userInfo[userInfo.index(after: colon)...]).removingPercentEncoding
            } else {
                user = String(userInfo).removingPercentEncoding
            }
        }
        var host = String(hostPort)
        var port = 5432
        if host.hasPrefix("[") {
            // An IPv6 literal: [::1]:5432.
            guard let close = host.firstIndex(of: "]") else {
                throw PostgresStoreError("store URL \(Self.redact(text)): unclosed '[' in the host")
            }
            let after = host[host.index(after: close)...]
            if after.hasPrefix(":") {
                guard let p = Int(after.dropFirst()), (1...65535).contains(p) else {
                    throw PostgresStoreError("store URL \(Self.redact(text)): the port must be a number from 1 to 65535")
                }
                port = p
            }
            host = String(host[host.index(after: host.startIndex)..<close])
        } else if let colon = host.lastIndex(of: ":") {
            guard let p = Int(host[host.index(after: colon)...]), (1...65535).contains(p) else {
                throw PostgresStoreError("store URL \(Self.redact(text)): the port must be a number from 1 to 65535")
            }
            port = p
            host = String(host[..<colon])
        }
        if host.isEmpty { host = "localhost" }
        var tls = TLSMode.disable
        for pair in query.split(separator: "&") where !pair.isEmpty {
            let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard kv.count == 2, kv[0] == "sslmode" else {
                throw PostgresStoreError("store URL \(Self.redact(text)): unknown parameter '\(kv[0])' (only sslmode is understood)")
            }
            guard let mode = TLSMode(rawValue: kv[1]) else {
                throw PostgresStoreError("store URL \(Self.redact(text)): sslmode '\(kv[1])' (expected disable, prefer or require)")
            }
            tls = mode
        }
        let resolvedUser = user.flatMap { $0.isEmpty ? nil : $0 } ?? environment["PGUSER"] ?? environment["USER"] ?? "postgres"
        self.init(user: resolvedUser, password: password.flatMap { $0.isEmpty ? nil : $0 }, host: host, port: port,
                  database: database, tls: tls)
    }

    /// The URL without its password (and with `sslmode` only when it is not the default).
    public var redacted: String {
        let h = host.contains(":") ? "[\(host)]" : host
        return "postgresql://\(Self.encode(user))@\(h):\(port)/\(Self.encode(database))" + (tls == .disable ? "" : "?sslmode=\(tls.rawValue)")
    }

    public var description: String { redacted }

    /// Any text that may hold a URL with a password, with the password replaced by `***`
    /// (for messages about a URL that did not parse).
    public static func redact(_ text: String) -> String {
        guard let schemeEnd = text.range(of: "://") else { return text }
        let afterScheme = text[schemeEnd.upperBound...]
        let authorityEnd = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? afterScheme.endIndex
        let authority = afterScheme[..<authorityEnd]
        guard let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":***" + String(text[at...])
    }

    static func encode(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? s
    }

    // MARK: - Password

    /// Where the password came from (never the password itself), for messages.
    public enum PasswordSource: Sendable, Hashable {
        case url, environment, passwordFile(String), none
        /// Why no password file was used, when one exists but was ignored.
        case ignoredPasswordFile(String, reason: String)

        public var description: String {
            switch self {
            case .url: return "the store URL"
            case .environment: return "PGPASSWORD"
            case .passwordFile(let path): return path
            case .none: return "none given (URL, PGPASSWORD, ~/.pgpass)"
            case .ignoredPasswordFile(let path, let reason): return "none: \(path) was ignored (\(reason))"
            }
        }
    }

    /// The URL with its password filled in from `PGPASSWORD` or the password file when it has
    /// none, and where it came from.
    public func resolvingPassword(environment: [String: String] = ProcessInfo.processInfo.environment)
        -> (url: PostgresURL, source: PasswordSource) {
        if password != nil { return (self, .url) }
        if let p = environment["PGPASSWORD"], !p.isEmpty {
            var u = self
            u.password = p
            return (u, .environment)
        }
        let path: String
        if let file = environment["PGPASSFILE"], !file.isEmpty { path = file } else if let home = environment["HOME"], !home.isEmpty {
            path = home + "/.pgpass"
        } else {
            return (self, .none)
        }
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return (self, .none) }
        if let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue, mode & 0o077 != 0 {
            return (self, .ignoredPasswordFile(path, reason: "group or others may read it; chmod 0600 it"))
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return (self, .none) }
        guard let found = Self.passwordFileLookup(text, host: host, port: port, database: database, user: user) else {
            return (self, .none)
        }
        var u = self
        u.password = found
        return (u, .passwordFile(path))
    }

    /// The password of the first line of a password file that matches, libpq's rules: fields
    /// `host:port:database:user:password`, `*` matches any value, `\` escapes `:` and `\`, lines
    /// starting with `#` are comments. `localhost` in the file also matches a socket-less local host.
    public static func passwordFileLookup(_ text: String, host: String, port: Int, database: String, user: String) -> String? {
        for line in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            if line.hasPrefix("#") { continue }
            var fields: [String] = []
            var current = ""
            var escaped = false
            for ch in line {
                if escaped {
                    current.append(ch)
                    escaped = false
                } else if ch == "\\" {
                    escaped = true
                } else if ch == ":" && fields.count < 4 {
                    fields.append(current)
                    current = ""
                } else {
                    current.append(ch)
                }
            }
            fields.append(current)
            guard fields.count == 5 else { continue }
            func matches(_ pattern: String, _ value: String) -> Bool { pattern == "*" || pattern == value }
            if matches(fields[0], host) && matches(fields[1], String(port)) && matches(fields[2], database)
                && matches(fields[3], user) {
                return fields[4]
            }
        }
        return nil
    }
}
