/// The parts of MLflow's REST entities (`/api/2.0/mlflow/…`, JSON with
/// snake_case keys) that RecLab writes and reads back.

/// A key/value pair: a run's tag or parameter.
public struct MLflowKeyValue: Sendable, Hashable, Codable {
    public var key: String
    public var value: String

    public init(_ key: String, _ value: String) {
        self.key = key
        self.value = value
    }
}

/// One metric value; `step` orders a metric's history (an epoch, for a learning curve).
public struct MLflowMetric: Sendable, Hashable, Codable {
    public var key: String
    public var value: Double
    /// Milliseconds since 1970.
    public var timestamp: Int64
    public var step: Int64

    public init(key: String, value: Double, timestamp: Int64, step: Int64 = 0) {
        self.key = key
        self.value = value
        self.timestamp = timestamp
        self.step = step
    }
}

/// A run as the server describes it: its id, state and where its artifacts go, with its tags.
public struct MLflowRun: Sendable, Hashable {
    public var runID: String
    public var experimentID: String
    /// `RUNNING`, `FINISHED`, `FAILED`, `KILLED` or `SCHEDULED`.
    public var status: String
    /// `mlflow-artifacts:/<experiment>/<run>/artifacts` on a server that proxies artifacts.
    public var artifactURI: String
    public var tags: [String: String]
    public var params: [String: String]

    public init(runID: String, experimentID: String, status: String, artifactURI: String,
                tags: [String: String] = [:], params: [String: String] = [:]) {
        self.runID = runID
        self.experimentID = experimentID
        self.status = status
        self.artifactURI = artifactURI
        self.tags = tags
        self.params = params
    }
}

/// The wire shapes of the requests and answers the client uses.
enum Wire {
    struct Experiment: Decodable {
        var experiment_id: String
        var lifecycle_stage: String?
    }
    struct GetExperimentResponse: Decodable { var experiment: Experiment }
    struct CreateExperimentRequest: Encodable { var name: String }
    struct CreateExperimentResponse: Decodable { var experiment_id: String }

    struct CreateRunRequest: Encodable {
        var experiment_id: String
        var run_name: String
        var start_time: Int64
        var tags: [MLflowKeyValue]
    }
    struct RunInfo: Decodable {
        var run_id: String
        var experiment_id: String
        var status: String?
        var artifact_uri: String?
    }
    struct RunData: Decodable {
        var tags: [MLflowKeyValue]?
        var params: [MLflowKeyValue]?
    }
    struct Run: Decodable {
        var info: RunInfo
        var data: RunData?

        var value: MLflowRun {
            MLflowRun(
                runID: info.run_id, experimentID: info.experiment_id, status: info.status ?? "RUNNING",
                artifactURI: info.artifact_uri ?? "",
                tags: Dictionary((data?.tags ?? []).map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a }),
                params: Dictionary((data?.params ?? []).map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a }))
        }
    }
    struct CreateRunResponse: Decodable { var run: Run }

    struct LogBatchRequest: Encodable {
        var run_id: String
        var metrics: [MLflowMetric]
        var params: [MLflowKeyValue]
        var tags: [MLflowKeyValue]
    }
    struct UpdateRunRequest: Encodable {
        var run_id: String
        var status: String
        var end_time: Int64
    }
    struct SearchRunsRequest: Encodable {
        var experiment_ids: [String]
        var filter: String
        var max_results: Int
        var page_token: String?
    }
    struct SearchRunsResponse: Decodable {
        var runs: [Run]?
        var next_page_token: String?
    }
    /// The body of an MLflow error answer.
    struct ErrorBody: Decodable {
        var error_code: String?
        var message: String?
    }
    struct Empty: Decodable {}
}
