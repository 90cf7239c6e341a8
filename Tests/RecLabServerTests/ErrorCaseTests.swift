import Foundation
import Testing
@testable import RecLabServer

/// Every way a request can be wrong gets a 4xx JSON error whose body repeats
/// the status and says what was expected; none gets a 500.
@Suite("Server error cases")
struct ErrorCaseTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var method = "GET"
        var path: String
        var body: String?
        var status: Int
        /// A phrase the message must contain.
        var says: String
        var testDescription: String { "\(method) \(path) → \(status)" }
    }

    static let movie = ServerFixture.movieID(3)
    static let cases: [Case] = [
        // Similar movies.
        Case(path: "/movies/abc/similar", status: 400, says: "movie id must be an integer"),
        Case(path: "/movies/1.5/similar", status: 400, says: "movie id must be an integer"),
        Case(path: "/movies/99999999999999999999999/similar", status: 400, says: "movie id must be an integer"),
        Case(path: "/movies/99999/similar", status: 404, says: "no movie with movieId 99999"),
        Case(path: "/movies/-3/similar", status: 404, says: "no movie with movieId -3"),
        Case(path: "/movies/\(ServerFixture.unratedMovieID)/similar", status: 404, says: "has no ratings"),
        Case(path: "/movies/\(movie)/similar?method=cosine", status: 400, says: "method must be one of content, collab, hybrid"),
        Case(path: "/movies/\(movie)/similar?n=0", status: 400, says: "n must be an integer in 1...100"),
        Case(path: "/movies/\(movie)/similar?n=101", status: 400, says: "n must be an integer in 1...100"),
        Case(path: "/movies/\(movie)/similar?n=-1", status: 400, says: "n must be an integer in 1...100"),
        Case(path: "/movies/\(movie)/similar?n=ten", status: 400, says: "n must be an integer"),
        // Search.
        Case(path: "/movies/search", status: 400, says: "missing query parameter q"),
        Case(path: "/movies/search?q=", status: 400, says: "q must be a non-empty"),
        Case(path: "/movies/search?q=%20%20", status: 400, says: "q must be a non-empty"),
        Case(path: "/movies/search?q=" + String(repeating: "a", count: 201), status: 400, says: "longer than 200"),
        Case(path: "/movies/search?q=film&n=1000", status: 400, says: "n must be an integer in 1...100"),
        // Recommendations.
        Case(path: "/users/x/recommendations", status: 400, says: "user id must be an integer"),
        Case(path: "/users/99999/recommendations", status: 404, says: "no user with userId 99999"),
        Case(path: "/users/1/recommendations?n=0", status: 400, says: "n must be an integer in 1...100"),
        Case(path: "/users/1/recommendations?n=abc", status: 400, says: "n must be an integer"),
        Case(path: "/users/1/recommendations?model=baseline", status: 404, says: "no model 'baseline' (loaded: svd)"),
        // Single predictions.
        Case(path: "/users/1/predictions/xyz", status: 400, says: "movie id must be an integer"),
        Case(path: "/users/one/predictions/\(movie)", status: 400, says: "user id must be an integer"),
        Case(path: "/users/1/predictions/424242", status: 404, says: "no movie with movieId 424242"),
        Case(path: "/users/777/predictions/\(movie)", status: 404, says: "no user with userId 777"),
        Case(path: "/users/1/predictions/\(movie)?model=nmf", status: 404, says: "no model 'nmf'"),
        // Batch predictions.
        Case(method: "POST", path: "/predictions", body: "", status: 400, says: "the body is empty"),
        Case(method: "POST", path: "/predictions", body: "{not json", status: 400, says: "not valid JSON"),
        Case(method: "POST", path: "/predictions", body: "[1, 2]", status: 400, says: "the body must be a JSON object"),
        Case(method: "POST", path: "/predictions", body: "{\"model\": \"svd\"}", status: 400, says: "missing key 'pairs'"),
        Case(method: "POST", path: "/predictions", body: "{\"pairs\": []}", status: 400, says: "at least one"),
        Case(method: "POST", path: "/predictions", body: "{\"pairs\": [{\"user\": 1}]}", status: 400, says: "missing key 'movie' in pairs[0]"),
        Case(method: "POST", path: "/predictions", body: "{\"pairs\": [{\"user\": \"1\", \"movie\": 3}]}", status: 400,
             says: "pairs[0].user must be an integer"),
        Case(method: "POST", path: "/predictions", body: "{\"pairs\": [{\"user\": 1.5, \"movie\": 3}]}", status: 400,
             says: "pairs[0].user must be an integer, got the number 1.5"),
        Case(method: "POST", path: "/predictions", body: "{\"pairs\": [{\"user\": 1, \"movie\": \(movie)}, {\"user\": 1, \"movie\": \(movie)}, {\"user\": 555, \"movie\": \(movie)}]}",
             status: 404, says: "pairs[2]: no user with userId 555"),
        Case(method: "POST", path: "/predictions", body: "{\"pairs\": [{\"user\": 1, \"movie\": 8}]}", status: 404,
             says: "pairs[0]: no movie with movieId 8"),
        Case(method: "POST", path: "/predictions", body: "{\"model\": \"knn\", \"pairs\": [{\"user\": 1, \"movie\": 8}]}", status: 404,
             says: "no model 'knn'"),
        Case(method: "POST", path: "/predictions",
             body: "{\"pairs\": [" + Array(repeating: "{\"user\":1,\"movie\":\(movie)}", count: 10_001).joined(separator: ",") + "]}",
             status: 400, says: "at most 10000 pairs"),
        Case(method: "POST", path: "/predictions", body: String(repeating: " ", count: (1 << 20) + 10) + "{}", status: 413,
             says: "larger than"),
        // Routes that do not exist (404), or the wrong method on one that does (405).
        Case(path: "/nope", status: 404, says: "no endpoint GET /nope"),
        Case(path: "/movies", status: 404, says: "no endpoint"),
        Case(path: "/movies/\(movie)", status: 404, says: "no endpoint"),
        Case(method: "POST", path: "/health", body: "{}", status: 405, says: "method POST is not allowed on /health; allowed: GET"),
        Case(method: "DELETE", path: "/users/1/recommendations", status: 405, says: "method DELETE is not allowed"),
        Case(path: "/predictions", status: 405, says: "allowed: POST"),
    ]

    @Test("each bad request gets its 4xx JSON error", arguments: cases)
    func badRequest(_ c: Case) async throws {
        let f = try await ServerFixture.get()
        try await f.withServer { client in
            let r = try await client.send(c.method, c.path, body: c.body.map { Data($0.utf8) })
            #expect(r.status == c.status, "\(r.text)")
            #expect(r.contentType?.hasPrefix("application/json") == true)
            let e = try #require(r.error, "not a JSON error body: \(r.text.prefix(200))")
            #expect(e.error.status == c.status)
            #expect(e.error.message.contains(c.says), "message: \(e.error.message)")
        }
    }

    @Test("no malformed path or query gives a 500")
    func neverInternalError() async throws {
        let f = try await ServerFixture.get()
        let junk = ["%00", "%ff", "..", "0x10", "1e3", "+1", " 1", "18446744073709551616", "-0", "%F0%9F%8E%AC", "1;2", "", "null"]
        try await f.withServer { c in
            for j in junk {
                for path in ["/movies/\(j)/similar", "/users/\(j)/recommendations", "/users/1/predictions/\(j)",
                             "/movies/search?q=\(j)", "/movies/\(ServerFixture.movieID(3))/similar?n=\(j)&method=\(j)"] {
                    guard let r = try? await c.get(path) else { continue }  // a URL the client itself refuses
                    #expect((200..<500).contains(r.status), "\(path): \(r.status) \(r.text)")
                    if r.status >= 400 { #expect(r.error != nil, "\(path): \(r.text)") }
                }
            }
        }
    }
}
