import Hummingbird

/// Turns every error of a handler or of the router into a JSON `APIError`
/// response: a path that no route has becomes a 404 naming the method and
/// path (a known path with another method is a 405 from
/// `MethodNotAllowedMiddleware`), an oversized body a 413 (Hummingbird's own
/// errors keep their status);
/// any other error (none is expected) a 500 with its description rather than
/// an empty body.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let error: APIError
        do {
            return try await next(request, context)
        } catch let e as APIError {
            error = e
        } catch let e as HTTPError {
            error = APIError(e.status, e.body ?? Self.message(e.status, request))
        } catch let e as any HTTPResponseError {
            error = APIError(e.status, Self.message(e.status, request))
        } catch let e {
            error = APIError(.internalServerError, "internal error: \(e)")
        }
        return try error.response(from: request, context: context)
    }

    static func message(_ status: HTTPResponse.Status, _ request: Request) -> String {
        switch status {
        case .notFound: return "no endpoint \(request.method) \(request.uri.path) (the API is described at /openapi.json)"
        case .contentTooLarge: return "request body is larger than \(Routes.maxBody) bytes"
        default: return status.reasonPhrase
        }
    }
}
