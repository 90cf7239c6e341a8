import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A small client of an MLflow tracking server's REST API (MLflow 2.x and
/// 3.x), with only the calls RecLab needs:
///
///     GET  /api/2.0/mlflow/experiments/get-by-name   POST /api/2.0/mlflow/experiments/create
///     POST /api/2.0/mlflow/runs/create               POST /api/2.0/mlflow/runs/log-batch
///     POST /api/2.0/mlflow/runs/update               POST /api/2.0/mlflow/runs/search
///     PUT  /api/2.0/mlflow-artifacts/artifacts/<path>   (the server's artifact proxy,
///                                                        `mlflow server --serve-artifacts`)
///
/// Every call is synchronous. An answer other than 2xx throws `TrackingError`
/// with the server's `error_code` and message; no answer throws one marked
/// `isUnreachable`. The bearer token, when given, goes only into the
/// `Authorization` header, never into a message.
public struct MLflowClient: Sendable {
    public var baseURL: URL
    private let token: String?
    private let transport: any HTTPTransport

    /// `log-batch` limits that every MLflow backend accepts in one request.
    static let maxMetricsPerBatch = 1000
    static let maxParamsPerBatch = 100
    static let maxTagsPerBatch = 100

    public init(baseURL: URL, token: String? = nil, timeout: TimeInterval = 15) {
        self.init(baseURL: baseURL, token: token, transport: URLSessionTransport(timeout: timeout))
    }

    package init(baseURL: URL, token: String?, transport: any HTTPTransport) {
        self.baseURL = baseURL
        self.token = token.flatMap { $0.isEmpty ? nil : $0 }
        self.transport = transport
    }

    // MARK: - Experiments

    /// The id of the active experiment `name`, created when there is none.
    public func experimentID(named name: String) throws -> String {
        if let id = try existingExperimentID(named: name) { return id }
        do {
            let r: Wire.CreateExperimentResponse = try post("mlflow/experiments/create", Wire.CreateExperimentRequest(name: name))
            return r.experiment_id
        } catch let e as TrackingError where e.message.contains("RESOURCE_ALREADY_EXISTS") {
            // Created by another client since the lookup.
            if let id = try existingExperimentID(named: name) { return id }
            throw e
        }
    }

    private func existingExperimentID(named name: String) throws -> String? {
        let query = [URLQueryItem(name: "experiment_name", value: name)]
        let response = try send("GET", "mlflow/experiments/get-by-name", query: query, body: nil, contentType: nil)
        if response.status == 404 { return nil }
        let r: Wire.GetExperimentResponse = try decode(response, "experiments/get-by-name")
        if r.experiment.lifecycle_stage == "deleted" {
            throw TrackingError("the MLflow experiment '\(name)' is deleted; restore it (mlflow experiments restore) or name another one in tracking.mlflow.experiment")
        }
        return r.experiment.experiment_id
    }

    // MARK: - Runs

    /// Starts a run (status RUNNING) named `name` with `tags`.
    public func createRun(experimentID: String, name: String, startTime: Int64, tags: [MLflowKeyValue]) throws -> MLflowRun {
        let r: Wire.CreateRunResponse = try post(
            "mlflow/runs/create",
            Wire.CreateRunRequest(experiment_id: experimentID, run_name: name, start_time: startTime,
                                  tags: Array(tags.prefix(Self.maxTagsPerBatch))))
        if tags.count > Self.maxTagsPerBatch {
            try logBatch(runID: r.run.info.run_id, tags: Array(tags.dropFirst(Self.maxTagsPerBatch)))
        }
        var run = r.run.value
        for t in tags { run.tags[t.key] = t.value }
        return run
    }

    /// Logs metrics, parameters and tags, in as many requests as MLflow's per-request limits need.
    public func logBatch(runID: String, metrics: [MLflowMetric] = [], params: [MLflowKeyValue] = [],
                         tags: [MLflowKeyValue] = []) throws {
        var m = metrics[...], p = params[...], t = tags[...]
        repeat {
            let pc = min(p.count, Self.maxParamsPerBatch), tc = min(t.count, Self.maxTagsPerBatch)
            let mc = min(m.count, Self.maxMetricsPerBatch - pc - tc)
            let request = Wire.LogBatchRequest(run_id: runID, metrics: Array(m.prefix(mc)), params: Array(p.prefix(pc)),
                                               tags: Array(t.prefix(tc)))
            let _: Wire.Empty = try post("mlflow/runs/log-batch", request)
            m = m.dropFirst(mc); p = p.dropFirst(pc); t = t.dropFirst(tc)
        } while !(m.isEmpty && p.isEmpty && t.isEmpty)
    }

    /// Ends a run: `status` is `FINISHED`, `FAILED` or `KILLED`.
    public func updateRun(runID: String, status: String, endTime: Int64) throws {
        let _: Wire.Empty = try post("mlflow/runs/update", Wire.UpdateRunRequest(run_id: runID, status: status, end_time: endTime))
    }

    /// Every active run of the experiment matching `filter` (MLflow's search syntax), all pages.
    public func searchRuns(experimentID: String, filter: String) throws -> [MLflowRun] {
        var out: [MLflowRun] = []
        var token: String? = nil
        repeat {
            let r: Wire.SearchRunsResponse = try post(
                "mlflow/runs/search",
                Wire.SearchRunsRequest(experiment_ids: [experimentID], filter: filter, max_results: 1000, page_token: token))
            out += (r.runs ?? []).map(\.value)
            token = r.next_page_token.flatMap { $0.isEmpty ? nil : $0 }
        } while token != nil
        return out
    }

    /// `tags.\`key\` = 'value'`, quoted for MLflow's filter syntax.
    public static func tagFilter(_ key: String, _ value: String) -> String {
        "tags.`\(key)` = '\(value.replacingOccurrences(of: "'", with: "\\'"))'"
    }

    // MARK: - Artifacts

    /// Uploads `data` as the run's artifact `path` (`report.md`, `charts/a.png`)
    /// through the server's artifact proxy; replaces an artifact of the same path.
    public func uploadArtifact(run: MLflowRun, path: String, data: Data, contentType: String) throws {
        guard let root = Self.proxiedArtifactPath(run.artifactURI) else {
            throw TrackingError("the server stores run artifacts at '\(run.artifactURI)', not through its artifact proxy; "
                                + "start it with `mlflow server --serve-artifacts`")
        }
        let components = (root.split(separator: "/").map(String.init) + path.split(separator: "/").map(String.init))
        let encoded = components.map { $0.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? $0 }
        let response = try send("PUT", "mlflow-artifacts/artifacts/" + encoded.joined(separator: "/"), query: [],
                                body: data, contentType: contentType)
        let _: Wire.Empty = try decode(response, "artifact upload of \(path)")
    }

    /// The artifact proxy's path for a run's artifact URI: `mlflow-artifacts:/1/abc/artifacts`
    /// (or `mlflow-artifacts://host:port/1/abc/artifacts`) → `1/abc/artifacts`; nil for any other scheme.
    static func proxiedArtifactPath(_ uri: String) -> String? {
        let scheme = "mlflow-artifacts:"
        guard uri.hasPrefix(scheme) else { return nil }
        var rest = uri.dropFirst(scheme.count)
        if rest.hasPrefix("//") {
            rest = rest.dropFirst(2)
            guard let slash = rest.firstIndex(of: "/") else { return "" }
            rest = rest[slash...]
        }
        return String(rest.drop { $0 == "/" })
    }

    // MARK: - Transport

    private func post<Body: Encodable, Answer: Decodable>(_ path: String, _ body: Body) throws -> Answer {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data: Data
        do { data = try encoder.encode(body) } catch { throw TrackingError("cannot encode the \(path) request: \(error)") }
        return try decode(send("POST", path, query: [], body: data, contentType: "application/json"), path)
    }

    private func send(_ method: String, _ path: String, query: [URLQueryItem], body: Data?, contentType: String?) throws
        -> HTTPResponse {
        var components = URLComponents(url: baseURL, resolvingAgainstBaseURL: false)
        let base = components?.path ?? ""
        components?.path = (base.hasSuffix("/") ? String(base.dropLast()) : base) + "/api/2.0/" + path
        if !query.isEmpty { components?.queryItems = query }
        guard let url = components?.url else { throw TrackingError("cannot form a URL from \(baseURL) and \(path)") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.httpBody = body
        if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        return try transport.send(request)
    }

    private func decode<Answer: Decodable>(_ response: HTTPResponse, _ what: String) throws -> Answer {
        guard (200..<300).contains(response.status) else {
            let body = try? JSONDecoder().decode(Wire.ErrorBody.self, from: response.body)
            let detail = [body?.error_code, body?.message].compactMap { $0 }.joined(separator: ": ")
            let text = detail.isEmpty ? String(decoding: response.body.prefix(200), as: UTF8.self) : detail
            throw TrackingError("\(what): HTTP \(response.status)" + (text.isEmpty ? "" : " \(text)"))
        }
        let body = response.body.isEmpty ? Data("{}".utf8) : response.body
        do { return try JSONDecoder().decode(Answer.self, from: body) } catch {
            throw TrackingError("\(what): unexpected answer (\(String(decoding: body.prefix(200), as: UTF8.self)))")
        }
    }
}
