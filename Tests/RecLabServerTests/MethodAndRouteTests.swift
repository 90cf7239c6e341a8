import Foundation
import Testing
@testable import RecLabServer

/// The router and `/openapi.json` agree: the same paths and methods; a method
/// a documented path lacks is a 405 with `Allow`, a path nobody documents a 404.
@Suite("Routes and methods")
struct MethodAndRouteTests {
    /// The document's operations as "GET /movies/{id}/similar".
    static func documentedOperations() throws -> [String: [String]] {
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8)) as? [String: Any])
        let paths = try #require(doc["paths"] as? [String: [String: Any]])
        return paths.mapValues { $0.keys.map { $0.uppercased() }.sorted() }
    }

    /// A concrete path for a documented one (`{id}` → an id the fixture has).
    static func concrete(_ path: String) -> String {
        path.replacingOccurrences(of: "{id}", with: path.hasPrefix("/users") ? "1" : "\(ServerFixture.movieID(3))")
            .replacingOccurrences(of: "{movieId}", with: "\(ServerFixture.movieID(3))")
    }

    @Test("the OpenAPI document's paths and methods are exactly the router's routes")
    func documentMatchesRouter() async throws {
        let f = try await ServerFixture.get()
        let routes = Routes.router(for: f.experiment).routes.map { r in
            // Hummingbird writes a captured segment as ":id", OpenAPI as "{id}".
            "\(r.method.rawValue) " + r.path.description.replacing(/:(\w+)/) { "{\($0.1)}" }
        }
        let documented = try Self.documentedOperations().flatMap { path, methods in methods.map { "\($0) \(path)" } }
        #expect(Set(routes) == Set(documented))
        #expect(routes.count == documented.count && routes.count == 8)
    }

    @Test("a method a documented path does not have: 405, Allow lists the documented methods, the error envelope")
    func methodNotAllowed() async throws {
        let f = try await ServerFixture.get()
        let operations = try Self.documentedOperations()
        try await f.withServer { c in
            for (path, methods) in operations {
                for method in ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"] where !methods.contains(method) {
                    let (r, headers) = try await c.sendReadingHeaders(method, Self.concrete(path), body: method == "GET" ? nil : Data("{}".utf8))
                    #expect(r.status == 405, "\(method) \(path): \(r.text)")
                    #expect(headers["allow"] == methods.joined(separator: ", "), "\(method) \(path): \(headers)")
                    #expect(r.contentType?.hasPrefix("application/json") == true)
                    let e = try #require(r.error, "\(method) \(path): \(r.text)")
                    #expect(e.error.status == 405)
                    #expect(e.error.message.contains("method \(method) is not allowed on \(Self.concrete(path)); allowed: \(methods.joined(separator: ", "))"),
                            "\(e.error.message)")
                }
            }
            // A path parameter that is not an integer still names the route: the method is what is wrong.
            let (r, headers) = try await c.sendReadingHeaders("DELETE", "/movies/abc/similar")
            #expect(r.status == 405 && headers["allow"] == "GET")
        }
    }

    @Test("a path no route has stays a 404 without Allow, whatever the method", arguments: [
        ("GET", "/nope"), ("POST", "/nope"), ("GET", "/movies"), ("GET", "/movies/3"), ("DELETE", "/movies/3"),
        ("GET", "/users/1/predictions"), ("GET", "/health/x"), ("PUT", "/movies/3/similar/x"), ("GET", "/openapi.yaml"),
    ])
    func unknownPath(_ method: String, _ path: String) async throws {
        let f = try await ServerFixture.get()
        try await f.withServer { c in
            let (r, headers) = try await c.sendReadingHeaders(method, path)
            #expect(r.status == 404, "\(r.text)")
            #expect(headers["allow"] == nil)
            let e = try #require(r.error, "\(r.text)")
            #expect(e.error.status == 404 && e.error.message.contains("no endpoint \(method) \(path)"), "\(e.error.message)")
        }
    }

    @Test("the document describes the 405 answer: the error envelope and a required Allow header")
    func documented405() throws {
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8)) as? [String: Any])
        let responses = try #require((doc["components"] as? [String: Any])?["responses"] as? [String: Any])
        let r405 = try #require(responses["MethodNotAllowed"] as? [String: Any])
        let allow = try #require((r405["headers"] as? [String: Any])?["Allow"] as? [String: Any])
        #expect(allow["required"] as? Bool == true)
        let schema = ((r405["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"] as? [String: Any]
        #expect(schema?["$ref"] as? String == "#/components/schemas/Error")
        #expect((((doc["info"] as? [String: Any])?["description"] as? String) ?? "").contains("405"))
    }
}
