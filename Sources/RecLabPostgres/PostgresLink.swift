import Foundation
import PostgresNIO

/// One connection to the store. Statements are sent with the connection's
/// future-based API and waited for, so the runner's worker threads (which are
/// not async) can use it; several threads may send statements at once (the
/// connection queues them). Every statement is one SQL command, so each is its
/// own transaction; only `PostgresSchema.migrate`, which runs before anything
/// else uses the connection, spans several.
final class PostgresLink: Sendable {
    let url: PostgresURL
    let connection: PostgresConnection
    let logger: Logger

    private init(url: PostgresURL, connection: PostgresConnection, logger: Logger) {
        self.url = url
        self.connection = connection
        self.logger = logger
    }

    /// Connects to `url` (its password already resolved); errors name the store without credentials.
    static func connect(_ url: PostgresURL, passwordSource: PostgresURL.PasswordSource) async throws -> PostgresLink {
        var logger = Logger(label: "reclab.postgres")
        // The driver's own logs would repeat connection details; RecLab reports errors itself.
        logger.logLevel = .critical
        let tls: PostgresConnection.Configuration.TLS
        do {
            switch url.tls {
            case .disable: tls = .disable
            case .prefer: tls = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
            case .require: tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            }
        } catch {
            throw PostgresStoreError("PostgreSQL store \(url.redacted): cannot set up TLS (\(type(of: error)))")
        }
        var configuration = PostgresConnection.Configuration(
            host: url.host, port: url.port, username: url.user, password: url.password, database: url.database, tls: tls)
        configuration.options.connectTimeout = .seconds(10)
        do {
            let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
            return PostgresLink(url: url, connection: connection, logger: logger)
        } catch {
            var e = PostgresStoreError.from(error, url: url, action: "connecting")
            if let psql = error as? PSQLError, psql.serverInfo?[.sqlState] == "28P01" {
                e.message += " (password from: \(passwordSource.description))"
            }
            throw e
        }
    }

    /// Runs one statement and returns its rows.
    func query(_ query: PostgresQuery, _ action: String) throws -> [PostgresRow] {
        do {
            return try connection.query(query, logger: logger).wait().rows
        } catch {
            throw PostgresStoreError.from(error, url: url, action: action)
        }
    }

    /// Runs one statement whose rows are not needed.
    func execute(_ query: PostgresQuery, _ action: String) throws {
        _ = try self.query(query, action)
    }

    func close() {
        try? connection.close().wait()
    }
}
