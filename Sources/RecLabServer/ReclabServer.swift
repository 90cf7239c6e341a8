import Foundation
import Hummingbird

/// Serves a `ServedExperiment` over HTTP with Hummingbird 2 (HTTP/1.1, JSON).
///
/// Endpoints (see `/openapi.json`): `GET /health`, `GET /models`,
/// `GET /openapi.json`, `GET /movies/search`, `GET /movies/{id}/similar`,
/// `GET /users/{id}/recommendations`, `GET /users/{id}/predictions/{movieId}`,
/// `POST /predictions`. Every answer is computed from the loaded models in
/// memory; nothing is read from disk after start.
package enum ReclabServer {
    /// Serves until SIGINT or SIGTERM, then shuts down gracefully.
    /// `onRunning` receives the bound host and port (useful with port 0).
    /// `warm`: compute every movie's similar lists on a background thread after start (see `NeighbourCache`).
    package static func serve(_ experiment: ServedExperiment, host: String = "127.0.0.1", port: Int = 8080, warm: Bool = true,
                             onRunning: @escaping @Sendable (String, Int) -> Void = { _, _ in }) async throws {
        if warm, let s = experiment.similarity { s.cache.warm(model: s.model) }
        defer { experiment.similarity?.cache.stop() }
        let app = Application(router: Routes.router(for: experiment),
                              configuration: .init(address: .hostname(host, port: port), serverName: "reclab"),
                              onServerRunning: { channel in onRunning(host, channel.localAddress?.port ?? port) })
        try await app.runService()
    }

    /// Starts serving in the background and returns once the socket is bound
    /// (port 0 picks a free port); `stop()` shuts it down. For tests and tools.
    package static func start(_ experiment: ServedExperiment, host: String = "127.0.0.1", port: Int = 0,
                             warm: Bool = false) async throws -> RunningServer {
        if warm, let s = experiment.similarity { s.cache.warm(model: s.model) }
        let bound = BoundPort()
        let app = Application(router: Routes.router(for: experiment),
                              configuration: .init(address: .hostname(host, port: port), serverName: "reclab"),
                              onServerRunning: { channel in bound.resolve(.success(channel.localAddress?.port ?? port)) })
        let task = Task {
            defer { if warm { experiment.similarity?.cache.stop() } }
            do { try await app.run() } catch { bound.resolve(.failure(error)); throw error }
            bound.resolve(.failure(ServeError(path: "\(host):\(port)", "the server stopped before it was listening")))
        }
        let port = try await bound.value()
        return RunningServer(host: host, port: port, task: task)
    }
}

/// A server started by `ReclabServer.start`.
package final class RunningServer: Sendable {
    package let host: String
    package let port: Int
    let task: Task<Void, any Error>

    init(host: String, port: Int, task: Task<Void, any Error>) {
        self.host = host
        self.port = port
        self.task = task
    }

    /// `http://host:port`.
    package var baseURL: String { "http://\(host):\(port)" }

    /// Cancels the server (its service group closes the listening socket and
    /// open connections) and waits until it has finished.
    package func stop() async {
        task.cancel()
        _ = await task.result
    }
}

/// A one-shot value set from the server's callback (or its failure) and awaited by `start`.
final class BoundPort: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<Int, any Error>?
    private var waiter: CheckedContinuation<Int, any Error>?

    func resolve(_ r: Result<Int, any Error>) {
        lock.lock()
        guard result == nil else { lock.unlock(); return }
        result = r
        let w = waiter
        waiter = nil
        lock.unlock()
        w?.resume(with: r)
    }

    func value() async throws -> Int {
        try await withCheckedThrowingContinuation { c in
            lock.lock()
            if let result { lock.unlock(); c.resume(with: result); return }
            waiter = c
            lock.unlock()
        }
    }
}
