import ArgumentParser
import Foundation
import RecLabExperiment
import RecLabResults
import RecLabTracking

/// `reclab track FILE|DIR`: logs a finished run's stored results to MLflow —
/// what `reclab run` does after writing the report, again, for runs whose
/// tracking failed or that were run without it. Only what MLflow lacks is logged.
struct TrackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "track",
        abstract: "Log a run's stored results to MLflow (one run per trial under a parent run carrying the report).",
        discussion: """
            FILE is an experiment file (its results are read from --out, else <report.dir>/<name>); DIR is a \
            run's output folder (holding results/run.json), whose stored experiment text names the server. \
            The server is tracking.mlflow.uri in the experiment file, or --mlflow-uri; the MLflow experiment \
            is tracking.mlflow.experiment, else the RecLab experiment's name. Each trial becomes an MLflow run \
            (parameters, metrics, learning curve as a stepped metric, tags reclab.trial_hash, reclab.version, \
            reclab.data_fingerprint, reclab.split_seed / reclab.split_fold, reclab.model, reclab.kind) under a \
            parent run tagged reclab.experiment_hash that carries report.md and its PNG charts as artifacts \
            (through the server's artifact proxy: mlflow server --serve-artifacts). Trials are looked up by \
            their reclab.trial_hash tag first, so tracking again never duplicates a run. If \
            MLFLOW_TRACKING_TOKEN is set, it is sent as a bearer token (and never printed). \
            Exit status: 0 logged (or nothing was missing); 1 the server could not be reached or answered an \
            error; 2 invalid experiment file or no server named.
            """)

    @Argument(help: "An experiment file (YAML) or a run's output folder.")
    var target: String

    @Option(name: .customLong("mlflow-uri"), help: "The MLflow tracking server (http or https), instead of the file's tracking.mlflow.uri.")
    var mlflowURI: String?

    @Option(help: "The run's output folder, when FILE is an experiment file (default: <report.dir>/<name>).")
    var out: String?

    func validate() throws {
        if let mlflowURI, let problem = MLflowSpec.problem(withURI: mlflowURI) {
            throw ValidationError("--mlflow-uri \(mlflowURI): \(problem)")
        }
    }

    func run() async throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory) else {
            throw ReportCommandError(description: "\(target): no such file or folder")
        }
        let directory: URL
        let tracking: TrackingSpec
        let experimentName: String
        if isDirectory.boolValue {
            directory = URL(fileURLWithPath: target)
            let stored = try Self.load(directory)
            // The stored experiment text names the server; it was valid when it ran.
            let spec = try? ExperimentSpec.parse(stored.experiment.text, file: stored.experiment.path)
            tracking = spec?.tracking ?? TrackingSpec()
            experimentName = stored.experiment.name
        } else {
            let spec = try CLIErrors.loadValidated(target)
            directory = ExperimentRunner.directory(for: spec, override: out.map { URL(fileURLWithPath: $0) })
            tracking = spec.tracking
            experimentName = spec.name
        }
        guard let destination = TrackingDestination(tracking, experimentName: experimentName, overrideURI: mlflowURI) else {
            FileHandle.standardError.write(Data(
                "error: no MLflow server named: add `tracking: {mlflow: {uri: http://HOST:PORT}}` to the experiment file or pass --mlflow-uri\n".utf8))
            throw ExitCode(2)
        }
        let run = try Self.load(directory)
        let retry = (["reclab"] + CommandLine.arguments.dropFirst()).joined(separator: " ")
        guard destination.track(run, directory: directory, retryHint: retry) else { throw ExitCode(1) }
    }

    static func load(_ directory: URL) throws -> RunResult {
        do { return try ResultsLayout(directory: directory).load() } catch let e as ResultsError {
            throw ReportCommandError(description: e.description + " (run the experiment first: reclab run FILE)")
        }
    }
}

/// Where `run` and `track` log: the server and the MLflow experiment, from the
/// experiment file's `tracking.mlflow` or `--mlflow-uri`, and the token from
/// `MLFLOW_TRACKING_TOKEN`.
struct TrackingDestination {
    var uri: URL
    var experiment: String

    /// Nil when neither the file nor the command line names a server.
    init?(_ spec: TrackingSpec, experimentName: String, overrideURI: String?) {
        guard let text = overrideURI ?? spec.mlflow?.uri, let url = URL(string: text) else { return nil }
        uri = url
        experiment = spec.mlflow?.experiment ?? experimentName
    }

    /// Logs `run`; prints one line either way and returns whether everything was logged.
    func track(_ run: RunResult, directory: URL, retryHint: String) -> Bool {
        let token = ProcessInfo.processInfo.environment["MLFLOW_TRACKING_TOKEN"]
        let tracker = Tracker(client: MLflowClient(baseURL: uri, token: token), experimentName: experiment)
        do {
            let s = try tracker.track(run, reportDirectory: directory)
            FileHandle.standardError.write(Data(
                ("tracking: MLflow \(uri.absoluteString) experiment '\(experiment)' (id \(s.experimentID)), parent run \(s.parentRunID): "
                 + "\(s.logged) trial run\(s.logged == 1 ? "" : "s") logged, \(s.alreadyLogged) already there, "
                 + "\(s.artifacts.count) artifact\(s.artifacts.count == 1 ? "" : "s") uploaded\n").utf8))
            return true
        } catch {
            let reason = (error as? TrackingError)?.message ?? "\(error)"
            FileHandle.standardError.write(Data(
                "tracking: MLflow \(uri.absoluteString) not logged (\(reason)); run `\(retryHint)` later\n".utf8))
            return false
        }
    }
}
