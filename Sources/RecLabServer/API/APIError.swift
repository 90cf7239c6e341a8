import Foundation
import Hummingbird

/// A client error answered as JSON: `{"error": {"status": 404, "message": "…"}}`.
/// Every handler failure is one of these, so a bad request gets a 4xx with a
/// message, never a 500. `headers` go on the response as well (the `Allow`
/// list of a 405).
struct APIError: HTTPResponseError {
    var status: HTTPResponse.Status
    var message: String
    var headers: HTTPFields

    init(_ status: HTTPResponse.Status, _ message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.message = message
        self.headers = headers
    }

    static func badRequest(_ m: String) -> APIError { APIError(.badRequest, m) }
    static func notFound(_ m: String) -> APIError { APIError(.notFound, m) }

    struct Body: Codable, Equatable {
        struct Detail: Codable, Equatable { var status: Int; var message: String }
        var error: Detail
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let data = (try? ReclabRequestContext.encoder().encode(Body(error: .init(status: status.code, message: message)))) ?? Data("{}".utf8)
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
