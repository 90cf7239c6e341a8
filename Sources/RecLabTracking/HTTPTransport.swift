import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One HTTP exchange, as the MLflow client needs it: a status and a body.
package struct HTTPResponse: Sendable {
    package var status: Int
    package var body: Data

    package init(status: Int, body: Data) {
        self.status = status
        self.body = body
    }
}

/// Sends one request and waits for its answer. A protocol so that tests can
/// answer in process; `URLSessionTransport` is the real one.
package protocol HTTPTransport: Sendable {
    /// Throws `TrackingError` (`isUnreachable`) when no answer came; any status is an answer.
    func send(_ request: URLRequest) throws -> HTTPResponse
}

/// `URLSession` made synchronous: the command line logs after the run has
/// finished, one request at a time, so blocking the calling thread is the
/// simplest correct shape. Every request has `timeout` seconds, and the wait
/// for its completion a little more, so a silent server never hangs `reclab`.
package struct URLSessionTransport: HTTPTransport {
    package var timeout: TimeInterval

    package init(timeout: TimeInterval = 15) { self.timeout = timeout }

    /// The completion handler's result, handed across threads under a lock.
    private final class Box: @unchecked Sendable {
        private let lock = NSLock()
        private var value: Result<HTTPResponse, TrackingError>?
        func set(_ v: Result<HTTPResponse, TrackingError>) { lock.lock(); value = v; lock.unlock() }
        func get() -> Result<HTTPResponse, TrackingError>? { lock.lock(); defer { lock.unlock() }; return value }
    }

    package func send(_ request: URLRequest) throws -> HTTPResponse {
        var request = request
        request.timeoutInterval = timeout
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout * 2
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let target = "\(request.httpMethod ?? "GET") \(request.url?.absoluteString ?? "?")"
        let task = session.dataTask(with: request) { data, response, error in
            if let http = response as? HTTPURLResponse {
                box.set(.success(HTTPResponse(status: http.statusCode, body: data ?? Data())))
            } else {
                let reason = error.map(Self.reason) ?? "no HTTP answer"
                box.set(.failure(TrackingError("\(target): \(reason)", isUnreachable: true)))
            }
            done.signal()
        }
        task.resume()
        if done.wait(timeout: .now() + timeout * 2 + 1) == .timedOut {
            task.cancel()
            throw TrackingError("\(target): no answer within \(Int(timeout * 2)) s", isUnreachable: true)
        }
        switch box.get() {
        case .success(let r): return r
        case .failure(let e): throw e
        case nil: throw TrackingError("\(target): no answer", isUnreachable: true)
        }
    }

    /// A short reason for a transport failure (`connection refused`, `timed out`…).
    static func reason(_ error: any Error) -> String {
        let ns = error as NSError
        switch ns.code {
        case NSURLErrorCannotConnectToHost: return "connection refused"
        case NSURLErrorTimedOut: return "timed out"
        case NSURLErrorCannotFindHost: return "no such host"
        case NSURLErrorNetworkConnectionLost: return "connection lost"
        case NSURLErrorNotConnectedToInternet: return "no network"
        default: return ns.localizedDescription
        }
    }
}
