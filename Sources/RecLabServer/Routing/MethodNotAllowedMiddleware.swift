import Hummingbird

/// Answers a request whose path is one of the routes' but whose method is not
/// with 405 and an `Allow` header listing the methods that path has (RFC 9110
/// §15.5.6); a path no route has goes on to the router's 404.
///
/// Added to the router after every route, so it wraps only the router's
/// not-found responder (Hummingbird applies a middleware to the endpoints
/// added after it, and to the not-found responder built from all of them):
/// a request that matched a route never reaches it.
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Each route path with its methods, from `Router.routes`.
    let table: [(path: RouterPath, methods: [HTTPRequest.Method])]

    init(routes: [Router<Context>.RouteDescription]) {
        var table: [(path: RouterPath, methods: [HTTPRequest.Method])] = []
        for r in routes {
            if let k = table.firstIndex(where: { $0.path == r.path }) { table[k].methods.append(r.method) } else { table.append((r.path, [r.method])) }
        }
        self.table = table.map { ($0.path, $0.methods.sorted { $0.rawValue < $1.rawValue }) }
    }

    /// The methods of the route whose path matches `path` (segment by segment,
    /// as the router splits it: empty segments dropped), or nil.
    func allowed(for path: String) -> [HTTPRequest.Method]? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        return table.first { route in
            route.path.components.count == segments.count && zip(route.path.components, segments).allSatisfy { $0 ~= $1 }
        }?.methods
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let methods = allowed(for: request.uri.path), !methods.contains(request.method) else {
            return try await next(request, context)
        }
        let list = methods.map(\.rawValue).joined(separator: ", ")
        throw APIError(.methodNotAllowed, "method \(request.method) is not allowed on \(request.uri.path); allowed: \(list) "
                       + "(the API is described at /openapi.json)", headers: [.allow: list])
    }
}
