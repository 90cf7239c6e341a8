import Foundation
import RecLabResults

/// Logs a finished run's stored results to an MLflow tracking server: a
/// parent run for the experiment, found again by `reclab.experiment_hash`,
/// carrying the report (report.md and its PNG charts) as artifacts, and one
/// child run per trial, found again by `reclab.trial_hash` (see
/// `TrackedContent` for what each holds).
///
/// Idempotent: before creating anything it lists the experiment's trial runs
/// by their hash tag, so running it again, after a resumed `reclab run` or
/// from `reclab track`, logs only the trials MLflow does not have yet. A
/// run left `RUNNING` (a previous attempt stopped half-way) is completed in
/// place rather than duplicated. The report's artifacts are uploaded every
/// time, replacing the previous copies.
///
/// Reads only result values and files: it never imports the runner.
public struct Tracker: Sendable {
    public var client: MLflowClient
    /// The MLflow experiment's name.
    public var experimentName: String

    public init(client: MLflowClient, experimentName: String) {
        self.client = client
        self.experimentName = experimentName
    }

    /// What one `track` did.
    public struct Summary: Sendable, Hashable {
        public var experimentID: String
        public var parentRunID: String
        /// Trial runs created (or completed) now.
        public var logged: Int
        /// Trials MLflow already had.
        public var alreadyLogged: Int
        /// Files uploaded to the parent run.
        public var artifacts: [String]
    }

    /// Logs `run` (its trials and the report found in `reportDirectory`); throws `TrackingError` at the first failure.
    public func track(_ run: RunResult, reportDirectory: URL) throws -> Summary {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let timestamp = TrackedContent.milliseconds(run.provenance.finishedAt) ?? now
        let experimentID = try client.experimentID(named: experimentName)

        let parentFilter = MLflowClient.tagFilter(TrackedContent.experimentHashTag, run.experiment.hash) + " AND "
            + MLflowClient.tagFilter(TrackedContent.roleTag, "experiment")
        let parent: MLflowRun
        if let found = try client.searchRuns(experimentID: experimentID, filter: parentFilter).first {
            parent = found
        } else {
            parent = try client.createRun(experimentID: experimentID, name: run.experiment.name,
                                          startTime: TrackedContent.milliseconds(run.provenance.startedAt) ?? now,
                                          tags: TrackedContent.experimentTags(run))
        }
        // Tags may change (a later RecLab version, a partial run completed); params are only added, never changed.
        try client.logBatch(runID: parent.runID, params: TrackedContent.experimentParams(run).filter { parent.params[$0.key] == nil },
                            tags: TrackedContent.experimentTags(run))

        var existing: [String: MLflowRun] = [:]
        for r in try client.searchRuns(experimentID: experimentID, filter: MLflowClient.tagFilter(TrackedContent.roleTag, "trial")) {
            guard let hash = r.tags[TrackedContent.trialHashTag] else { continue }
            // Prefer a finished run when an earlier attempt left a second one running.
            if existing[hash] == nil || existing[hash]?.status == "RUNNING" { existing[hash] = r }
        }
        var logged = 0, already = 0
        for trial in run.trials {
            if let r = existing[trial.contentHash], r.status != "RUNNING" {
                already += 1
                continue
            }
            let target = try existing[trial.contentHash] ?? client.createRun(
                experimentID: experimentID, name: trial.id, startTime: timestamp,
                tags: TrackedContent.trialTags(trial, run: run, parentRunID: parent.runID))
            // Params already logged by an interrupted attempt are left as they are (MLflow refuses to change one).
            let params = TrackedContent.trialParams(trial).filter { target.params[$0.key] == nil }
            try client.logBatch(runID: target.runID, metrics: TrackedContent.trialMetrics(trial, timestamp: timestamp),
                                params: params)
            try client.updateRun(runID: target.runID, status: TrackedContent.status(trial), endTime: timestamp)
            existing[trial.contentHash] = target
            logged += 1
        }

        var uploaded: [String] = []
        for file in Self.reportFiles(in: reportDirectory) {
            let data: Data
            do { data = try Data(contentsOf: file) } catch {
                throw TrackingError("cannot read \(file.path): \(error.localizedDescription)")
            }
            let name = file.lastPathComponent
            try client.uploadArtifact(run: parent, path: name, data: data,
                                      contentType: name.hasSuffix(".png") ? "image/png" : "text/markdown; charset=utf-8")
            uploaded.append(name)
        }
        try client.updateRun(runID: parent.runID, status: "FINISHED",
                             endTime: TrackedContent.milliseconds(run.provenance.finishedAt) ?? now)
        return Summary(experimentID: experimentID, parentRunID: parent.runID, logged: logged, alreadyLogged: already,
                       artifacts: uploaded)
    }

    /// report.md and the PNG charts beside it, sorted by name (report.md first); empty when there is no report.
    static func reportFiles(in directory: URL) -> [URL] {
        let layout = ResultsLayout(directory: directory)
        guard FileManager.default.fileExists(atPath: layout.reportURL.path) else { return [] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return [layout.reportURL] + names.filter { $0.hasSuffix(".png") }.sorted().map { directory.appendingPathComponent($0) }
    }
}
