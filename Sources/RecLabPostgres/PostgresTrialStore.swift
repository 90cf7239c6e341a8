import Foundation
import PostgresNIO
import RecLabExperiment
import RecLabResults

/// A trial store in PostgreSQL that many `reclab run` processes — workers, on
/// one machine or many — share: each claims pending trials of the experiment's
/// work queue, computes them, and stores each result in the statement that
/// marks it done, so a sweep is split between the workers with every trial run
/// once. Tables and their versions: `PostgresSchema`.
///
/// Claims are leases: a claimed trial is `running` until `lease_expires`, which
/// a heartbeat thread pushes forward every `lease / 4` seconds while the worker
/// lives. A worker that dies (SIGKILL, a lost machine) stops renewing; once its
/// lease has passed, the next claim takes the trial. The lease length is
/// `RECLAB_LEASE_SECONDS` (default 60 s).
///
/// Finished results are kept by content hash in `reclab_trials`, shared by every
/// experiment, so a second experiment with some of the same trials reuses them.
/// A worker whose data fingerprint differs from the one the experiment recorded
/// is refused in `prepare`, so one sweep never mixes datasets.
public final class PostgresTrialStore: TrialStoring, @unchecked Sendable {
    public let url: PostgresURL
    /// This process's worker id (`host-pid-random`).
    public let workerID: String
    public let lease: TimeInterval
    let link: PostgresLink

    private let lock = NSLock()
    private var experiment: String?
    /// Keys this process holds claims on.
    private var held = Set<String>()
    /// Server time when `prepare` ran: a `--force` run recomputes trials stored before it.
    private var forceSince: Date?
    /// A heartbeat thread is running (it ends at the first beat after `stopped`).
    private var heartbeatRunning = false
    private var stopped = false

    public static let defaultLease: TimeInterval = 60

    init(link: PostgresLink, lease: TimeInterval) {
        self.link = link
        url = link.url
        self.lease = lease
        let host = ProcessInfo.processInfo.hostName
        workerID = "\(host)-\(getpid())-\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// Connects to the store at `text` (a `postgresql://` URL; the password from it, `PGPASSWORD` or
    /// `~/.pgpass`), and creates or migrates its schema. Errors name the store without credentials.
    public static func open(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment)
        async throws -> PostgresTrialStore {
        let parsed = try PostgresURL(parsing: text, environment: environment)
        return try await open(parsed, environment: environment)
    }

    public static func open(_ url: PostgresURL, environment: [String: String] = ProcessInfo.processInfo.environment)
        async throws -> PostgresTrialStore {
        let lease = try leaseSeconds(environment)
        let (resolved, source) = url.resolvingPassword(environment: environment)
        let link = try await PostgresLink.connect(resolved, passwordSource: source)
        do {
            try PostgresSchema.migrate(link)
        } catch {
            link.close()
            throw error
        }
        return PostgresTrialStore(link: link, lease: lease)
    }

    /// `RECLAB_LEASE_SECONDS`, default 60; at least 1 second.
    static func leaseSeconds(_ environment: [String: String]) throws -> TimeInterval {
        guard let text = environment["RECLAB_LEASE_SECONDS"], !text.isEmpty else { return defaultLease }
        guard let v = Double(text), v.isFinite, v >= 1 else {
            throw PostgresStoreError("RECLAB_LEASE_SECONDS is '\(text)'; expected a number of seconds, at least 1")
        }
        return v
    }

    /// Closes the connection (stopping the heartbeat first).
    public func close() {
        lock.lock(); stopped = true; lock.unlock()
        link.close()
    }

    public var location: String { url.redacted }

    private var name: String {
        lock.lock(); defer { lock.unlock() }
        return experiment ?? ""
    }

    // MARK: - TrialStoring

    /// Records the experiment (refusing data with another fingerprint), adds its planned trials to
    /// the queue (`done` at once when their result is stored already), and registers this worker.
    public func prepare(_ run: StoreRun) throws {
        lock.lock(); experiment = run.experiment; lock.unlock()
        let rows = try link.query("""
            INSERT INTO reclab_experiments (name, spec_hash, data_fingerprint)
            VALUES (\(run.experiment), \(run.specHash), \(run.dataFingerprint))
            ON CONFLICT (name) DO UPDATE SET spec_hash = EXCLUDED.spec_hash, updated_at = now()
            RETURNING data_fingerprint, now()
            """, "recording experiment \(run.experiment)")
        guard let row = rows.first else { throw PostgresStoreError("PostgreSQL store \(location): experiment \(run.experiment) was not recorded") }
        let (recorded, now) = try row.decode((String, Date).self)
        if recorded != run.dataFingerprint {
            guard run.force else {
                throw PostgresStoreError(
                    "experiment \(run.experiment) in the PostgreSQL store \(location) was run on data with fingerprint \(recorded), "
                        + "but this worker loaded data with fingerprint \(run.dataFingerprint): every worker of a sweep must load "
                        + "the same data (check dataset.path and the filters on this machine); to start the experiment over on "
                        + "this data, run with --force or give the experiment another name")
            }
            try link.execute("""
                UPDATE reclab_experiments SET data_fingerprint = \(run.dataFingerprint), updated_at = now()
                WHERE name = \(run.experiment)
                """, "recording the data fingerprint of \(run.experiment)")
        }
        lock.lock(); forceSince = run.force ? now : nil; lock.unlock()
        let keys = run.planned.map(\.key), ids = run.planned.map(\.id), models = run.planned.map(\.model)
        let positions = Array(0..<run.planned.count)
        try link.execute("""
            INSERT INTO reclab_queue (experiment, trial_key, trial_id, model, position, state)
            SELECT \(run.experiment), u.key, u.id, u.model, u.position,
                   CASE WHEN EXISTS (SELECT 1 FROM reclab_trials t WHERE t.content_hash = u.key) THEN 'done' ELSE 'pending' END
            FROM unnest(\(keys)::text[], \(ids)::text[], \(models)::text[], \(positions)::bigint[]) AS u(key, id, model, position)
            ON CONFLICT (experiment, trial_key) DO UPDATE
                SET trial_id = EXCLUDED.trial_id, model = EXCLUDED.model, position = EXCLUDED.position
            """, "adding the planned trials of \(run.experiment) to the queue")
        try link.execute("""
            INSERT INTO reclab_workers (id, experiment, host, pid, lease_seconds)
            VALUES (\(workerID), \(run.experiment), \(ProcessInfo.processInfo.hostName), \(Int(getpid())), \(lease))
            ON CONFLICT (id) DO UPDATE SET experiment = EXCLUDED.experiment, started_at = now(), last_heartbeat = now(),
                trials_done = 0, finished_at = NULL
            """, "registering this worker")
        startHeartbeat()
    }

    /// Stored results of `planned`, by content hash (whichever experiment stored them), retitled for this plan.
    public func finished(_ planned: [PlannedTrial]) -> StoredTrials {
        guard !planned.isEmpty else { return StoredTrials() }
        var out = StoredTrials()
        let byKey = Dictionary(planned.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        let rows: [PostgresRow]
        do {
            rows = try link.query(
                "SELECT content_hash, result_json FROM reclab_trials WHERE content_hash = ANY(\(Array(byKey.keys))::text[])",
                "reading stored trials")
        } catch {
            out.notes.append("\(error); stored trials were not reused")
            return out
        }
        var unreadable = 0
        for row in rows {
            guard let (key, json) = try? row.decode((String, String).self), let t = byKey[key],
                  let result = Self.decode(json, as: t) else {
                unreadable += 1
                continue
            }
            out.byKey[key] = result
        }
        if unreadable > 0 { out.notes.append("ignored \(unreadable) unreadable stored trial(s) in \(location); they are recomputed") }
        return out
    }

    public func result(of trial: PlannedTrial, storedSince: Date?) -> TrialResult? {
        let rows = try? link.query("""
            SELECT result_json FROM reclab_trials
            WHERE content_hash = \(trial.key) AND (\(storedSince)::timestamptz IS NULL OR stored_at > \(storedSince))
            """, "reading trial \(trial.id)")
        guard let json = try? rows?.first?.decode(String.self) else { return nil }
        return Self.decode(json, as: trial)
    }

    /// One statement: the trial's queue row, if it is pending, failed, or held under an expired
    /// lease (or done without a stored result, or done before a `--force` run began), becomes
    /// `running` under this worker with a fresh lease. `SKIP LOCKED` makes a row another worker is
    /// claiming at this instant count as taken rather than wait for it. A row that is missing (a
    /// worker of another version of the experiment retired it) is added as claimed, so no trial
    /// of this plan can be left without a row that someone may claim.
    public func claim(_ trial: PlannedTrial) throws -> Bool {
        lock.lock(); let since = forceSince; let experiment = self.experiment ?? ""; lock.unlock()
        let rows = try link.query("""
            WITH taken AS (
                UPDATE reclab_queue AS q
                SET state = 'running', worker_id = \(workerID), lease_expires = now() + \(lease) * interval '1 second',
                    attempts = q.attempts + 1, message = NULL, updated_at = now()
                WHERE (q.experiment, q.trial_key) = (
                    SELECT c.experiment, c.trial_key FROM reclab_queue AS c
                    WHERE c.experiment = \(experiment) AND c.trial_key = \(trial.key)
                      AND (c.state IN ('pending', 'failed')
                           OR (c.state = 'running' AND c.lease_expires < now())
                           OR (c.state = 'done' AND NOT EXISTS (SELECT 1 FROM reclab_trials t WHERE t.content_hash = c.trial_key))
                           OR (c.state = 'done' AND \(since)::timestamptz IS NOT NULL AND c.updated_at < \(since)))
                    FOR UPDATE SKIP LOCKED)
                RETURNING q.attempts),
            added AS (
                INSERT INTO reclab_queue (experiment, trial_key, trial_id, model, position, state, worker_id, lease_expires, attempts)
                SELECT \(experiment), \(trial.key), \(trial.id), \(trial.model),
                       coalesce((SELECT max(position) + 1 FROM reclab_queue WHERE experiment = \(experiment)), 0),
                       'running', \(workerID), now() + \(lease) * interval '1 second', 1
                WHERE NOT EXISTS (SELECT 1 FROM reclab_queue WHERE experiment = \(experiment) AND trial_key = \(trial.key))
                ON CONFLICT (experiment, trial_key) DO NOTHING
                RETURNING attempts)
            SELECT attempts FROM taken UNION ALL SELECT attempts FROM added
            """, "claiming trial \(trial.id)")
        guard !rows.isEmpty else { return false }
        lock.lock(); held.insert(trial.key); lock.unlock()
        return true
    }

    /// Claims the first claimable trial of the experiment's queue in plan order, of those in `keys`
    /// (all when nil): `UPDATE … WHERE … = (SELECT … ORDER BY position FOR UPDATE SKIP LOCKED LIMIT 1)`.
    /// Returns its key, or nil when none is claimable now.
    public func claimNext(among keys: [String]? = nil) throws -> String? {
        let experiment = name
        let rows = try link.query("""
            UPDATE reclab_queue AS q
            SET state = 'running', worker_id = \(workerID), lease_expires = now() + \(lease) * interval '1 second',
                attempts = q.attempts + 1, message = NULL, updated_at = now()
            WHERE (q.experiment, q.trial_key) = (
                SELECT c.experiment, c.trial_key FROM reclab_queue AS c
                WHERE c.experiment = \(experiment)
                  AND (\(keys)::text[] IS NULL OR c.trial_key = ANY(\(keys)::text[]))
                  AND (c.state IN ('pending', 'failed') OR (c.state = 'running' AND c.lease_expires < now()))
                ORDER BY c.position
                FOR UPDATE SKIP LOCKED
                LIMIT 1)
            RETURNING q.trial_key
            """, "claiming a trial")
        guard let key = try rows.first?.decode(String.self) else { return nil }
        lock.lock(); held.insert(key); lock.unlock()
        return key
    }

    public func isClaimed(_ trial: PlannedTrial) -> Bool {
        let rows = try? link.query("""
            SELECT 1 FROM reclab_queue
            WHERE experiment = \(name) AND trial_key = \(trial.key) AND state = 'running' AND lease_expires >= now()
            """, "reading the claim of trial \(trial.id)")
        // A store that cannot be read holds no claim: the caller then tries to claim the trial, which
        // fails the trial with the store's error instead of waiting for it forever.
        return rows.map { !$0.isEmpty } ?? false
    }

    /// One statement: the result goes into `reclab_trials`, the queue row becomes `done`, and the
    /// worker's count goes up — all or nothing. A failed trial is not stored (it is retried); its
    /// row becomes `failed` with the message.
    public func save(_ result: TrialResult, for trial: PlannedTrial, computed: Bool) throws {
        let experiment = name
        defer { lock.lock(); held.remove(trial.key); lock.unlock() }
        if result.status == .failed {
            try link.execute("""
                WITH marked AS (
                    UPDATE reclab_queue SET state = 'failed', worker_id = \(workerID), lease_expires = NULL,
                        message = \(result.message ?? "failed"), updated_at = now()
                    WHERE experiment = \(experiment) AND trial_key = \(trial.key) AND state <> 'done'
                    RETURNING 1)
                UPDATE reclab_workers SET last_heartbeat = now() WHERE id = \(workerID)
                """, "recording the failure of trial \(trial.id)")
            return
        }
        let json: String
        do { json = String(decoding: try ResultsLayout.encoder().encode(result), as: UTF8.self) } catch {
            throw PostgresStoreError("cannot encode trial \(result.id): \(error)")
        }
        let rows = try link.query("""
            WITH stored AS (
                INSERT INTO reclab_trials (content_hash, kind, status, result_json, stored_by)
                VALUES (\(result.contentHash), \(result.kind), \(result.status.rawValue), \(json), \(workerID))
                ON CONFLICT (content_hash) DO UPDATE
                    SET kind = EXCLUDED.kind, status = EXCLUDED.status, result_json = EXCLUDED.result_json,
                        stored_at = now(), stored_by = EXCLUDED.stored_by
                RETURNING 1),
            marked AS (
                UPDATE reclab_queue SET state = 'done', worker_id = \(workerID), lease_expires = NULL, message = NULL,
                    updated_at = now()
                WHERE experiment = \(experiment) AND trial_key = \(trial.key)
                RETURNING 1),
            counted AS (
                UPDATE reclab_workers SET trials_done = trials_done + \(computed ? 1 : 0), last_heartbeat = now()
                WHERE id = \(workerID)
                RETURNING 1)
            SELECT (SELECT count(*) FROM stored), (SELECT count(*) FROM marked)
            """, "storing trial \(trial.id)")
        guard let (stored, _) = try rows.first?.decode((Int, Int).self), stored == 1 else {
            throw PostgresStoreError("PostgreSQL store \(location): trial \(trial.id) was not stored")
        }
    }

    /// Puts a held trial back to `pending` (only while this worker still holds it).
    public func release(_ trial: PlannedTrial) {
        lock.lock(); let mine = held.remove(trial.key) != nil; lock.unlock()
        guard mine else { return }
        _ = try? link.execute("""
            UPDATE reclab_queue SET state = 'pending', worker_id = NULL, lease_expires = NULL, updated_at = now()
            WHERE experiment = \(name) AND trial_key = \(trial.key) AND worker_id = \(workerID) AND state = 'running'
            """, "releasing trial \(trial.id)")
    }

    /// The queue and the worker table are the store's log; nothing more is written.
    public func log(_ event: String, _ trial: PlannedTrial) {}

    /// Stops the heartbeat and marks this worker finished; with `complete`, queue rows of trials no
    /// longer in this plan (an edited experiment) leave the queue, so the report shows only this plan.
    /// Their results stay in `reclab_trials` for reuse.
    public func finish(planned: [PlannedTrial], complete: Bool) {
        lock.lock(); stopped = true; let heldKeys = held; lock.unlock()
        for key in heldKeys {
            if let t = planned.first(where: { $0.key == key }) { release(t) }
        }
        let experiment = name
        if complete {
            _ = try? link.execute("""
                DELETE FROM reclab_queue
                WHERE experiment = \(experiment) AND state <> 'running' AND NOT (trial_key = ANY(\(planned.map(\.key))::text[]))
                """, "retiring trials no longer planned")
        }
        _ = try? link.execute("""
            UPDATE reclab_workers SET finished_at = now(), last_heartbeat = now() WHERE id = \(workerID)
            """, "marking this worker finished")
    }

    /// Stores the run's `RunResult` as the experiment's latest; a partial run never replaces a complete one.
    public func saveRun(_ run: RunResult) throws {
        let json: String
        do { json = String(decoding: try ResultsLayout.encoder().encode(run), as: UTF8.self) } catch {
            throw PostgresStoreError("cannot encode the run of \(run.experiment.name): \(error)")
        }
        let partial = run.partial != nil
        try link.execute("""
            UPDATE reclab_experiments SET run_json = \(json), run_partial = \(partial), updated_at = now()
            WHERE name = \(run.experiment.name) AND (\(partial) = false OR run_partial IS NOT false)
            """, "storing the run of \(run.experiment.name)")
    }

    // MARK: - Heartbeat

    /// Every `lease / 4` seconds: the worker's heartbeat and the leases of the trials it holds move forward.
    private func startHeartbeat() {
        lock.lock()
        stopped = false
        guard !heartbeatRunning else { lock.unlock(); return }
        heartbeatRunning = true
        lock.unlock()
        let interval = lease / 4
        let thread = Thread { [self] in
            while true {
                Thread.sleep(forTimeInterval: interval)
                lock.lock()
                let done = stopped, experiment = self.experiment ?? ""
                if done { heartbeatRunning = false }
                lock.unlock()
                if done { return }
                heartbeat(experiment: experiment)
            }
        }
        thread.name = "reclab-postgres-heartbeat"
        thread.start()
    }

    /// One heartbeat (failures are ignored: the next one retries, and an expired lease only means
    /// another worker may compute the same trial, with the same result).
    func heartbeat(experiment: String) {
        _ = try? link.execute("""
            WITH beat AS (UPDATE reclab_workers SET last_heartbeat = now() WHERE id = \(workerID) RETURNING 1)
            UPDATE reclab_queue SET lease_expires = now() + \(lease) * interval '1 second'
            WHERE experiment = \(experiment) AND worker_id = \(workerID) AND state = 'running'
            """, "heartbeat")
    }

    // MARK: - Decoding

    /// A stored result under `trial`'s id and model name; nil when it does not decode or is not that trial.
    static func decode(_ json: String, as trial: PlannedTrial) -> TrialResult? {
        guard var t = try? ResultsLayout.decoder().decode(TrialResult.self, from: Data(json.utf8)),
              t.contentHash == trial.key, t.status != .failed else { return nil }
        t.id = trial.id
        t.model = trial.model
        return t
    }
}
