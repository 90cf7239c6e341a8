import PostgresNIO

/// The PostgreSQL store's one error: a message naming the store by its redacted URL and saying
/// what to do. Messages are built only from the redacted URL and the server's own error text, so
/// a password never appears in one.
public struct PostgresStoreError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }

    /// What went wrong talking to the store at `url`, while doing `action` (`connecting`, `claiming a trial`…).
    static func from(_ error: any Error, url: PostgresURL, action: String) -> PostgresStoreError {
        if let e = error as? PostgresStoreError { return e }
        let store = url.redacted
        guard let psql = error as? PSQLError else {
            return PostgresStoreError("PostgreSQL store \(store): \(action) failed: \(type(of: error))")
        }
        let sqlState = psql.serverInfo?[.sqlState] ?? ""
        let serverMessage = psql.serverInfo?[.message].map { ": \($0)" } ?? ""
        switch psql.code {
        case .connectionError:
            let why = psql.underlying.map { String(describing: $0) }.map { " (\($0))" } ?? ""
            return PostgresStoreError(
                "cannot reach the PostgreSQL store \(store)\(why): is the server running and listening on \(url.host):\(url.port)?")
        case .authMechanismRequiresPassword:
            return PostgresStoreError(
                "PostgreSQL store \(store) asks for a password for user \(url.user), and none was given: "
                    + "put it in PGPASSWORD or ~/.pgpass (mode 0600), or in the URL")
        case .sslUnsupported:
            return PostgresStoreError("PostgreSQL store \(store) does not support TLS, which sslmode=require asks for")
        case .server:
            switch sqlState {
            case "28P01", "28000":
                return PostgresStoreError(
                    "PostgreSQL store \(store) refused the credentials of user \(url.user) (wrong password or user)\(serverMessage)")
            case "3D000":
                return PostgresStoreError(
                    "PostgreSQL store \(store): database \(url.database) does not exist; create it (createdb \(url.database)) or name another")
            case "42501":
                return PostgresStoreError(
                    "PostgreSQL store \(store): user \(url.user) may not \(action)\(serverMessage); grant it the rights or use another user")
            default:
                return PostgresStoreError("PostgreSQL store \(store): \(action) failed (SQLSTATE \(sqlState))\(serverMessage)")
            }
        case .serverClosedConnection, .clientClosedConnection:
            return PostgresStoreError("PostgreSQL store \(store): the connection closed while \(action)")
        default:
            return PostgresStoreError("PostgreSQL store \(store): \(action) failed (\(psql.code))")
        }
    }
}
