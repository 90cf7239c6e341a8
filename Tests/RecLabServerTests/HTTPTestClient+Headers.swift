import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension HTTPTestClient {
    /// `send`, also returning the response's header fields (names lower-cased).
    func sendReadingHeaders(_ method: String, _ path: String, body: Data? = nil) async throws -> (Reply, [String: String]) {
        guard let url = URL(string: base + path) else { throw URLError(.badURL) }
        var request = URLRequest(url: url)
        request.httpMethod = method
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await Self.session.data(for: request)
        let http = response as? HTTPURLResponse
        var headers: [String: String] = [:]
        for (k, v) in http?.allHeaderFields ?? [:] {
            if let k = k as? String, let v = v as? String { headers[k.lowercased()] = v }
        }
        return (Reply(status: http?.statusCode ?? -1, contentType: http?.value(forHTTPHeaderField: "Content-Type"), body: data), headers)
    }
}
