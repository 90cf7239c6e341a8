import Foundation

/// `tracking:` — where `reclab run` and `reclab track` log a run's trials
/// besides its own results folder. Only MLflow for now:
///
///     tracking:
///       mlflow: {uri: http://127.0.0.1:5000, experiment: movielens}
///
/// The experiment stage only reads and checks the section; the `reclab`
/// executable hands it to `RecLabTracking`, which talks to the server.
public struct TrackingSpec: Sendable, Hashable, Codable {
    /// Nil when the file has no `tracking.mlflow` (a `--mlflow-uri` may still ask for it).
    public var mlflow: MLflowSpec?

    public init(mlflow: MLflowSpec? = nil) { self.mlflow = mlflow }

    static let keys = ["mlflow"]

    static func read(_ r: MappingReader?) -> TrackingSpec {
        var s = TrackingSpec()
        guard let r else { return s }
        if r.has("mlflow"), let m = r.mapping("mlflow", known: MLflowSpec.keys) { s.mlflow = MLflowSpec.read(m) }
        return s
    }
}

/// `tracking.mlflow:` — an MLflow tracking server and the MLflow experiment to log into.
public struct MLflowSpec: Sendable, Hashable, Codable {
    /// The tracking server's base URL (`http://127.0.0.1:5000`); http or https only.
    public var uri: String
    /// The MLflow experiment's name; nil means the RecLab experiment's name.
    public var experiment: String?

    public init(uri: String, experiment: String? = nil) {
        self.uri = uri
        self.experiment = experiment
    }

    static let keys = ["uri", "experiment"]

    /// Nil (after recording an error) when `uri` is missing or not an http(s) URL with a host.
    static func read(_ r: MappingReader) -> MLflowSpec? {
        let experiment = r.string("experiment", default: nil)
        if let experiment, experiment.trimmingCharacters(in: .whitespaces).isEmpty {
            r.diag.add(ExperimentError("empty MLflow experiment name", at: r.location("experiment"), key: r.keyPath("experiment"),
                                       expected: "a name, or no key for the RecLab experiment's name"))
        }
        guard r.has("uri") else {
            r.diag.add(ExperimentError("missing the tracking server's address", at: r.node.location, key: r.keyPath("uri"),
                                       expected: "uri: http://HOST:PORT"))
            return nil
        }
        guard let uri = r.string("uri", default: nil) else { return nil }
        if let problem = problem(withURI: uri) {
            r.diag.add(ExperimentError(problem, at: r.location("uri"), key: r.keyPath("uri"), found: uri,
                                       expected: "an http:// or https:// URL with a host, such as http://127.0.0.1:5000"))
            return nil
        }
        return MLflowSpec(uri: uri, experiment: experiment)
    }

    /// Why `uri` is not a usable tracking-server address, or nil when it is
    /// (shared with `reclab run --mlflow-uri`).
    public static func problem(withURI uri: String) -> String? {
        guard let url = URL(string: uri), let scheme = url.scheme?.lowercased() else { return "not a URL" }
        guard scheme == "http" || scheme == "https" else { return "the tracking URI must be http or https" }
        guard let host = url.host, !host.isEmpty else { return "the tracking URI has no host" }
        return nil
    }
}
