import Foundation
import Hummingbird
import RecLabModels

/// The HTTP routes over a `ServedExperiment` (documented in `OpenAPIDocument`).
enum Routes {
    /// Largest accepted request body (a batch of 10,000 pairs is about 300 kB).
    static let maxBody = 1 << 20

    static func router(for experiment: ServedExperiment, started: Date = Date()) -> Router<ReclabRequestContext> {
        let router = Router(context: ReclabRequestContext.self)
        router.middlewares.add(JSONErrorMiddleware())

        router.get("/health") { _, _ in
            let cached = experiment.similarity?.cache.count
            return HealthResponse(status: "ok", experiment: experiment.experimentName, ratingModels: experiment.ratingModelNames,
                                  similarity: experiment.similarity != nil, similarListsCached: cached?.filled,
                                  similarListsTotal: cached?.total, uptimeSeconds: Date().timeIntervalSince(started))
        }
        router.get("/models") { _, _ in experiment.modelsResponse() }
        router.get("/openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                     body: ResponseBody(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
        }
        router.get("/movies/search") { request, _ in
            let q = request.uri.queryParameters.get("q")
            guard let q else { throw APIError.badRequest("missing query parameter q (a part of a title, e.g. ?q=incep)") }
            return try experiment.search(query: q, limit: try count(request, "n", default: 10))
        }
        router.get("/movies/:id/similar") { request, context in
            let id = try pathID(context, "id", what: "movie id")
            let raw = request.uri.queryParameters.get("method") ?? SimilarityMethod.hybrid.rawValue
            guard let method = SimilarityMethod(rawValue: raw) else {
                throw APIError.badRequest("method must be one of content, collab, hybrid; got '\(raw)'")
            }
            return try experiment.similar(movieID: id, method: method, n: try count(request, "n", default: 10))
        }
        router.get("/users/:id/recommendations") { request, context in
            let id = try pathID(context, "id", what: "user id")
            return try experiment.recommendations(userID: id, n: try count(request, "n", default: 10),
                                                  model: request.uri.queryParameters.get("model"))
        }
        router.get("/users/:id/predictions/:movieId") { request, context in
            let user = try pathID(context, "id", what: "user id")
            let movie = try pathID(context, "movieId", what: "movie id")
            return try experiment.prediction(userID: user, movieID: movie, model: request.uri.queryParameters.get("model"))
        }
        router.post("/predictions") { request, _ in
            var request = request
            let buffer = try await request.collectBody(upTo: maxBody)
            return try experiment.predictions(try BatchPredictionRequest(body: Array(buffer.readableBytesView)))
        }
        // Last, so that it wraps only the not-found responder: a known path with another method is a 405.
        router.middlewares.add(MethodNotAllowedMiddleware(routes: router.routes))
        return router
    }

    /// An integer path parameter, or a 400 naming it.
    static func pathID(_ context: ReclabRequestContext, _ name: String, what: String) throws -> Int {
        let raw = context.parameters.get(name) ?? ""
        guard let id = Int(raw) else { throw APIError.badRequest("\(what) must be an integer, got '\(raw)'") }
        return id
    }

    /// An integer query parameter (`default` when absent), or a 400.
    static func count(_ request: Request, _ name: String, default value: Int) throws -> Int {
        guard let raw = request.uri.queryParameters.get(name) else { return value }
        guard let n = Int(raw) else { throw APIError.badRequest("\(name) must be an integer, got '\(raw)'") }
        return n
    }
}
