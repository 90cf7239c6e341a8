import Foundation
import Hummingbird

/// A client error answered as JSON: `{"error": {"status": 404, "message": "…"}}`.
/// Every handler failure is one of these, so a bad request gets a 4xx with a
/// message, never a 500.
struct APIError: HTTPResponseError {
    var status: HTTPResponse.Status
    var message: String

    init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    static func badRequest(_ m: String) -> APIError { APIError(.badRequest, m) }
    static func notFound(_ m: String) -> APIError { APIError(.notFound, m) }

    struct Body: Codable, Equatable {
        struct Detail: Codable, Equatable { var status: Int; var message: String }
        var error: Detail
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let data = (try? ReclabRequestContext.encoder().encode(Body(error: .init(status: status.code, message: message)))) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
