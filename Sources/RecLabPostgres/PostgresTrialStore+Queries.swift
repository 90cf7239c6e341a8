import Foundation
import PostgresNIO
import RecLabResults

/// Read-only queries for `reclab status`, `results`, `report` and `diff` against a store.
extension PostgresTrialStore {
    /// The experiments the store knows, by name.
    public func experiments() throws -> [String] {
        try link.query("SELECT name FROM reclab_experiments ORDER BY name", "listing experiments")
            .map { try $0.decode(String.self) }
    }

    /// Trials per queue state and one row per worker of `experiment`.
    public func status(experiment: String) throws -> StoreStatus {
        let head = try link.query("""
            SELECT spec_hash, data_fingerprint, now(), CASE WHEN run_json IS NULL THEN NULL ELSE updated_at END
            FROM reclab_experiments WHERE name = \(experiment)
            """, "reading experiment \(experiment)")
        guard let first = head.first else { throw try unknownExperiment(experiment) }
        let (specHash, fingerprint, now, runStoredAt) = try first.decode((String, String, Date, Date?).self)
        var status = StoreStatus(experiment: experiment, specHash: specHash, dataFingerprint: fingerprint, done: 0, running: 0,
                                 pending: 0, failed: 0, expired: 0, workers: [], serverTime: now, runStoredAt: runStoredAt)
        let counts = try link.query("""
            SELECT CASE WHEN state = 'running' AND lease_expires < now() THEN 'expired' ELSE state END AS s, count(*)
            FROM reclab_queue WHERE experiment = \(experiment) GROUP BY s
            """, "counting the trials of \(experiment)")
        for row in counts {
            let (state, n) = try row.decode((String, Int).self)
            switch state {
            case "done": status.done = n
            case "running": status.running = n
            case "pending": status.pending = n
            case "failed": status.failed = n
            case "expired": status.expired = n
            default: break
            }
        }
        let workers = try link.query("""
            SELECT w.id, w.host, w.pid, w.started_at, w.last_heartbeat, w.trials_done, w.lease_seconds, w.finished_at,
                   ARRAY(SELECT q.trial_id FROM reclab_queue q
                         WHERE q.experiment = w.experiment AND q.worker_id = w.id AND q.state = 'running'
                         ORDER BY q.position)
            FROM reclab_workers w WHERE w.experiment = \(experiment) ORDER BY w.started_at, w.id
            """, "reading the workers of \(experiment)")
        for row in workers {
            let (id, host, pid, started, beat, done, lease, finished, current) =
                try row.decode((String, String, Int, Date, Date, Int, Double, Date?, [String]).self)
            status.workers.append(WorkerStatus(id: id, host: host, pid: pid, startedAt: started, lastHeartbeat: beat,
                                               trialsDone: done, currentTrials: current, leaseSeconds: lease, finishedAt: finished))
        }
        return status
    }

    /// The experiment's latest `RunResult` with every trial of its queue that is done merged in
    /// (as `ResultsLayout.load` merges trial files into run.json): what the report of the sweep shows.
    public func runResult(experiment: String) throws -> RunResult {
        let rows = try link.query("SELECT run_json FROM reclab_experiments WHERE name = \(experiment)",
                                  "reading the run of \(experiment)")
        guard let row = rows.first else { throw try unknownExperiment(experiment) }
        guard let json = try row.decode(String?.self) else {
            throw PostgresStoreError(
                "experiment \(experiment) in the PostgreSQL store \(location) has no finished run yet: a worker stores it when its sweep ends "
                    + "(`reclab status --store … \(experiment)` shows the progress)")
        }
        var run: RunResult
        do { run = try ResultsLayout.decoder().decode(RunResult.self, from: Data(json.utf8)) } catch {
            throw PostgresStoreError("the run of \(experiment) in the PostgreSQL store \(location) does not decode: \(error)")
        }
        guard run.schemaVersion <= RunResult.currentSchemaVersion else {
            throw PostgresStoreError(
                "the run of \(experiment) in \(location) has schemaVersion \(run.schemaVersion), newer than this RecLab reads "
                    + "(\(RunResult.currentSchemaVersion)); upgrade RecLab")
        }
        let trials = try link.query("""
            SELECT q.trial_id, q.model, t.result_json FROM reclab_queue q
            JOIN reclab_trials t ON t.content_hash = q.trial_key
            WHERE q.experiment = \(experiment) AND q.state = 'done'
            ORDER BY q.position
            """, "reading the trials of \(experiment)")
        var index: [String: Int] = [:]
        for (i, t) in run.trials.enumerated() { index[t.id] = i }
        for row in trials {
            let (id, model, json) = try row.decode((String, String, String).self)
            guard var t = try? ResultsLayout.decoder().decode(TrialResult.self, from: Data(json.utf8)) else { continue }
            t.id = id
            t.model = model
            if let i = index[id] { run.trials[i] = t } else {
                index[id] = run.trials.count
                run.trials.append(t)
            }
        }
        return run
    }

    private func unknownExperiment(_ name: String) throws -> PostgresStoreError {
        let known = try experiments()
        return PostgresStoreError(
            "no experiment \(name) in the PostgreSQL store \(location)"
                + (known.isEmpty ? " (it holds none yet)" : " (it holds: \(known.joined(separator: ", ")))"))
    }
}
