import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import RecLabCore
import RecLabExperiment
import RecLabResults
import Testing
@testable import RecLabServer

/// One finished experiment per test process, made by the real runner from a
/// small MovieLens-format folder the fixture writes itself (so the suite needs
/// no downloaded data): 40 users, 30 movies with genres and tags, one movie
/// nobody rated. `reclab run` semantics: similarity (5 components), SVD and
/// baseline trials, the recommend stage for user 1 with `svd` — which saves
/// `models/svd.rlmodel` and `models/similarity.rlmodel`.
struct ServerFixture: Sendable {
    let root: URL
    let outputDirectory: URL
    let spec: ExperimentSpec
    let run: RunResult
    let experiment: ServedExperiment

    static let yaml = """
        reclab: 1
        name: served
        seed: 42
        dataset:
          path: DATA
        split: {kind: holdout, test_fraction: 0.25}
        similarity:
          methods: [content, collab, hybrid]
          components: 5
          queries: ["Inception (2010)"]
          top: 5
        models:
          - name: svd
            kind: svd
            params: {n_factors: 8, n_epochs: 10}
          - name: baseline
            kind: baseline_als
        recommend: {users: [1], n: 10, model: svd}
        metrics: [rmse]
        """

    /// Movie ids are 100 + 7·k; titles mostly "Film k (19xx)" with a few real ones to search for.
    static let movieCount = 30
    static let userCount = 40
    static func movieID(_ k: Int) -> Int { 100 + 7 * k }
    static let unratedMovieID = movieID(movieCount - 1)
    static func title(_ k: Int) -> String {
        switch k {
        case 3: return "Inception (2010)"
        case 4: return "Interstellar (2014)"
        case 5: return "Great Escape, The (1963)"
        case 6: return "Inception: The Cobol Job (2010)"
        default: return "Film \(k) (19\(50 + k))"
        }
    }

    static let shared = Task { try ServerFixture.make() }

    static func get() async throws -> ServerFixture { try await shared.value }

    static func make() throws -> ServerFixture {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("reclab-server-\(UUID().uuidString)")
        let data = root.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let genres = ["Action", "Comedy", "Drama", "Sci-Fi", "Thriller"]
        var movies = "movieId,title,genres\n"
        for k in 0..<movieCount {
            let t = title(k).contains(",") ? "\"\(title(k))\"" : title(k)
            movies += "\(movieID(k)),\(t),\(genres[k % 5])|\(genres[(k * 3 + 1) % 5])\n"
        }
        var rng = Xoshiro256StarStar(seed: 2026)
        var ratings = "userId,movieId,rating,timestamp\n"
        for u in 1...userCount {
            let taste = Double(u % 3)
            for k in 0..<(movieCount - 1) where rng.next() % 10 < 6 || k == u % 7 {
                let base = 3 + (Double(k % 3) == taste ? 1.2 : -0.6) + 0.6 * rng.nextGaussian()
                let r = min(5, max(0.5, (base * 2).rounded() / 2))
                ratings += "\(u),\(movieID(k)),\(r),\(1_000_000 + u * 100 + k)\n"
            }
        }
        var tags = "userId,movieId,tag,timestamp\n"
        let words = ["dream", "heist", "space", "time", "funny", "dark", "twist", "classic"]
        for k in 0..<(movieCount - 1) {
            for j in 0..<3 { tags += "\(1 + (k + j) % userCount),\(movieID(k)),\(words[(k * j + k) % words.count]),1\n" }
        }
        try movies.write(to: data.appendingPathComponent("movies.csv"), atomically: true, encoding: .utf8)
        try ratings.write(to: data.appendingPathComponent("ratings.csv"), atomically: true, encoding: .utf8)
        try tags.write(to: data.appendingPathComponent("tags.csv"), atomically: true, encoding: .utf8)

        let spec = try ExperimentSpec.parse(yaml.replacingOccurrences(of: "DATA", with: data.path), file: "served.yaml")
        try ExperimentValidator(catalog: RegistryCatalog()).validate(spec)
        let out = root.appendingPathComponent("reports/served")
        let outcome = try ExperimentRunner(catalog: RegistryCatalog())
            .run(spec, options: RunOptions(workers: 1, outputDirectory: out, progress: .silent, blasThreads: .perCore))
        return ServerFixture(root: root, outputDirectory: out, spec: spec, run: outcome.run,
                             experiment: try ServedExperiment.load(out))
    }

    /// Starts a server on a free loopback port, runs `body`, stops the server.
    func withServer<T>(_ body: (HTTPTestClient) async throws -> T) async throws -> T {
        let server = try await ReclabServer.start(experiment, host: "127.0.0.1", port: 0)
        do {
            let result = try await body(HTTPTestClient(base: server.baseURL))
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }
}

/// A minimal HTTP client over URLSession (real sockets, loopback only).
struct HTTPTestClient: Sendable {
    let base: String

    struct Reply: Sendable {
        var status: Int
        var contentType: String?
        var body: Data
        func decode<T: Decodable>(_ type: T.Type) throws -> T { try JSONDecoder().decode(T.self, from: body) }
        var json: Any? { try? JSONSerialization.jsonObject(with: body) }
        /// The error body `{"error": {"status", "message"}}`, or nil when the body is not one.
        var error: APIError.Body? { try? decode(APIError.Body.self) }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    static let session: URLSession = {
        let c = URLSessionConfiguration.ephemeral
        c.timeoutIntervalForRequest = 30
        return URLSession(configuration: c)
    }()

    func send(_ method: String, _ path: String, body: Data? = nil) async throws -> Reply {
        try await sendReadingHeaders(method, path, body: body).0
    }

    func get(_ path: String) async throws -> Reply { try await send("GET", path) }
    func post(_ path: String, json: Data) async throws -> Reply { try await send("POST", path, body: json) }
}
