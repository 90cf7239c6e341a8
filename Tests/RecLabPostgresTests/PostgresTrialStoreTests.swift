import Foundation
import Testing
import _TestSupport
@testable import RecLabExperiment
@testable import RecLabPostgres
import RecLabResults

/// The PostgreSQL store against a real server (`RECLAB_TEST_POSTGRES_URL`), each test in a
/// database of its own: migrations, claims under concurrency, leases, atomic saves, refusals.
@Suite(.requiresPostgres, .serialized) struct PostgresTrialStoreTests {
    /// A fresh database, dropped after `body`.
    func withDatabase(_ body: (String) async throws -> Void) async throws {
        let url = try TestPostgres.createDatabase()
        defer { TestPostgres.dropDatabase(url) }
        try await body(url.absoluteString)
    }

    static func plan(_ count: Int, prefix: String = "t") -> [PlannedTrial] {
        (0..<count).map { i in
            PlannedTrial(id: "\(prefix)-\(i)", model: "m", kind: "baseline", parameters: [:], swept: [], configuration: i,
                         splitSeed: 1, fold: nil, fitSeed: 2, key: "\(prefix)-key-\(i)")
        }
    }

    static func run(_ planned: [PlannedTrial], experiment: String = "exp", fingerprint: String = "fp-1") -> StoreRun {
        StoreRun(experiment: experiment, specHash: "spec", dataFingerprint: fingerprint, planned: planned, force: false)
    }

    static func result(_ t: PlannedTrial, rmse: Double = 0.9) -> TrialResult {
        TrialResult(id: t.id, contentHash: t.key, model: t.model, kind: t.kind, parameters: [:], seed: t.fitSeed,
                    replicate: ReplicateKey(splitSeed: t.splitSeed), metrics: ["rmse": rmse], seconds: 0.1)
    }

    /// `body` for each store on a thread of its own, all started together (as the runner's worker
    /// threads and other processes claim), returning the results in the stores' order.
    static func onThreads<T: Sendable>(_ stores: [PostgresTrialStore], _ body: @escaping @Sendable (PostgresTrialStore) -> T) -> [T] {
        let slots = Slots<T>()
        let start = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
        for (i, s) in stores.enumerated() {
            Thread {
                start.wait()
                let v = body(s)
                slots.lock.lock(); slots.values[i] = v; slots.lock.unlock()
                done.signal()
            }.start()
        }
        for _ in stores { start.signal() }
        for _ in stores { done.wait() }
        return (0..<stores.count).compactMap { slots.values[$0] }
    }

    /// `count` stores on `url`, each with a connection of its own (as separate workers), all prepared for `planned`.
    static func preparedStores(_ count: Int, _ url: String, _ planned: [PlannedTrial]) async throws -> [PostgresTrialStore] {
        var stores: [PostgresTrialStore] = []
        for _ in 0..<count {
            let s = try await PostgresTrialStore.open(url)
            try s.prepare(run(planned))
            stores.append(s)
        }
        return stores
    }

    func sql(_ statement: String, in url: String) throws -> String {
        try TestPostgres.sql(statement, database: URL(string: url)!.lastPathComponent)
    }

    @Test func migrationIsIdempotentAndCreatesEveryTable() async throws {
        try await withDatabase { url in
            let a = try await PostgresTrialStore.open(url)
            a.close()
            let b = try await PostgresTrialStore.open(url)
            b.close()
            #expect(try sql("SELECT string_agg(version::text, ',') FROM reclab_migrations", in: url) == "1")
            let tables = try sql("""
                SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE tablename LIKE 'reclab_%'
                """, in: url)
            #expect(tables == "reclab_experiments,reclab_migrations,reclab_queue,reclab_trials,reclab_workers")
        }
    }

    @Test func newerSchemaIsRefusedAndLeftAlone() async throws {
        try await withDatabase { url in
            try await PostgresTrialStore.open(url).close()
            _ = try sql("INSERT INTO reclab_migrations (version, reclab_version) VALUES (99, '9.9.9')", in: url)
            do {
                _ = try await PostgresTrialStore.open(url)
                Issue.record("a schema of version 99 was accepted")
            } catch let e as PostgresStoreError {
                #expect(e.message.contains("schema version 99"), "\(e.message)")
                #expect(e.message.contains("upgrade RecLab"), "\(e.message)")
            }
            #expect(try sql("SELECT count(*) FROM reclab_migrations", in: url) == "2")
        }
    }

    /// Eight workers, each with its own connection, claim from one queue of 40 trials at once:
    /// every trial is claimed exactly once.
    @Test func concurrentClaimsNeverShareATrial() async throws {
        try await withDatabase { url in
            let planned = Self.plan(40)
            let stores = try await Self.preparedStores(8, url, planned)
            defer { stores.forEach { $0.close() } }
            let claimed = Self.onThreads(stores) { s in
                var mine: [String] = []
                while let key = try? s.claimNext() { mine.append(key) }
                return mine
            }
            let all = claimed.flatMap { $0 }
            #expect(all.count == 40)
            #expect(Set(all) == Set(planned.map(\.key)))
            #expect(try sql("SELECT count(*) FROM reclab_queue WHERE state = 'running'", in: url) == "40")
        }
    }

    /// Eight workers claim the same trial by key at once: exactly one gets it.
    @Test func oneClaimPerTrial() async throws {
        try await withDatabase { url in
            let planned = Self.plan(1)
            let stores = try await Self.preparedStores(8, url, planned)
            defer { stores.forEach { $0.close() } }
            let wins = Self.onThreads(stores) { s in (try? s.claim(planned[0])) == true ? 1 : 0 }.reduce(0, +)
            #expect(wins == 1)
            #expect(stores.allSatisfy { $0.isClaimed(planned[0]) })
        }
    }

    /// A worker that stops heartbeating (closed as if killed) loses its trial once the lease (3 s) passes.
    @Test func expiredLeaseIsClaimedAgain() async throws {
        try await withDatabase { url in
            let planned = Self.plan(1)
            let env = ProcessInfo.processInfo.environment.merging(["RECLAB_LEASE_SECONDS": "3"]) { $1 }
            let dead = try await PostgresTrialStore.open(url, environment: env)
            try dead.prepare(Self.run(planned))
            #expect(try dead.claim(planned[0]))
            dead.close()
            let other = try await PostgresTrialStore.open(url, environment: env)
            defer { other.close() }
            try other.prepare(Self.run(planned))
            #expect(try other.claim(planned[0]) == false)
            #expect(other.isClaimed(planned[0]))
            try await Task.sleep(for: .milliseconds(3500))
            #expect(other.isClaimed(planned[0]) == false)
            #expect(try other.claim(planned[0]))
            #expect(try sql("SELECT attempts || ' ' || worker_id FROM reclab_queue", in: url) == "2 \(other.workerID)")
            let status = try other.status(experiment: "exp")
            #expect(status.running == 1)
            #expect(status.workers.count == 2)
            #expect(status.workers.first { $0.id == other.workerID }?.currentTrials == ["t-0"])
        }
    }

    /// A planned trial whose queue row is gone (retired by a worker of another version of the
    /// experiment) is claimed with a new row, never waited for forever; a second claim is refused.
    @Test func aMissingQueueRowIsClaimedOnce() async throws {
        try await withDatabase { url in
            let planned = Self.plan(2)
            let a = try await PostgresTrialStore.open(url), b = try await PostgresTrialStore.open(url)
            defer { a.close(); b.close() }
            try a.prepare(Self.run(planned))
            try b.prepare(Self.run(planned))
            _ = try sql("DELETE FROM reclab_queue WHERE trial_key = 't-key-1'", in: url)
            #expect(try a.claim(planned[1]))
            #expect(try b.claim(planned[1]) == false)
            #expect(try sql("SELECT state || ' ' || position FROM reclab_queue WHERE trial_key = 't-key-1'", in: url) == "running 1")
        }
    }

    /// A live worker's heartbeat (every 0.5 s) keeps its 2 s lease: after more than three lease
    /// lengths its trial is still held.
    @Test func heartbeatKeepsTheLease() async throws {
        try await withDatabase { url in
            let planned = Self.plan(1)
            let env = ProcessInfo.processInfo.environment.merging(["RECLAB_LEASE_SECONDS": "2"]) { $1 }
            let live = try await PostgresTrialStore.open(url, environment: env)
            defer { live.close() }
            try live.prepare(Self.run(planned))
            #expect(try live.claim(planned[0]))
            try await Task.sleep(for: .seconds(7))
            let other = try await PostgresTrialStore.open(url, environment: env)
            defer { other.close() }
            try other.prepare(Self.run(planned))
            #expect(try other.claim(planned[0]) == false)
        }
    }

    /// The result and the `done` state are one statement: when storing the result fails, the
    /// queue row stays as it was; when it succeeds, both are there and the worker's count went up.
    @Test func resultAndDoneAreAtomic() async throws {
        try await withDatabase { url in
            let planned = Self.plan(2)
            let store = try await PostgresTrialStore.open(url)
            defer { store.close() }
            try store.prepare(Self.run(planned))
            #expect(try store.claim(planned[0]))
            // A trigger that rejects the insert of trial 0 makes the statement fail half-way.
            _ = try sql("""
                CREATE FUNCTION reject() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN IF NEW.content_hash = 't-key-0' THEN RAISE EXCEPTION 'rejected'; END IF; RETURN NEW; END $$;
                CREATE TRIGGER reject BEFORE INSERT ON reclab_trials FOR EACH ROW EXECUTE FUNCTION reject();
                """, in: url)
            #expect(throws: PostgresStoreError.self) { try store.save(Self.result(planned[0]), for: planned[0], computed: true) }
            #expect(try sql("SELECT state FROM reclab_queue WHERE trial_key = 't-key-0'", in: url) == "running")
            #expect(try sql("SELECT count(*) FROM reclab_trials", in: url) == "0")
            #expect(try sql("SELECT trials_done FROM reclab_workers", in: url) == "0")

            #expect(try store.claim(planned[1]))
            try store.save(Self.result(planned[1], rmse: 0.8125), for: planned[1], computed: true)
            #expect(try sql("SELECT state FROM reclab_queue WHERE trial_key = 't-key-1'", in: url) == "done")
            #expect(try sql("SELECT trials_done FROM reclab_workers", in: url) == "1")
            let back = try #require(store.result(of: planned[1], storedSince: nil))
            #expect(back.metrics["rmse"] == 0.8125)
            #expect(back.id == "t-1")
        }
    }

    /// Trials are shared by content hash: a second experiment planning the same key finds it done
    /// and reuses the result under its own id.
    @Test func experimentsShareTrialsByHash() async throws {
        try await withDatabase { url in
            let first = Self.plan(2)
            let a = try await PostgresTrialStore.open(url)
            defer { a.close() }
            try a.prepare(Self.run(first, experiment: "a"))
            #expect(try a.claim(first[0]))
            try a.save(Self.result(first[0]), for: first[0], computed: true)

            var renamed = first[0]
            renamed.id = "other-0"
            renamed.model = "other"
            let b = try await PostgresTrialStore.open(url)
            defer { b.close() }
            try b.prepare(Self.run([renamed, first[1]], experiment: "b"))
            let found = b.finished([renamed, first[1]])
            #expect(found.byKey.keys.sorted() == [first[0].key])
            #expect(found.byKey[first[0].key]?.id == "other-0")
            #expect(found.byKey[first[0].key]?.model == "other")
            let status = try b.status(experiment: "b")
            #expect(status.done == 1)
            #expect(status.pending == 1)
        }
    }

    @Test func workerOnOtherDataIsRefused() async throws {
        try await withDatabase { url in
            let planned = Self.plan(1)
            let a = try await PostgresTrialStore.open(url)
            defer { a.close() }
            try a.prepare(Self.run(planned, fingerprint: "fingerprint-A"))
            let b = try await PostgresTrialStore.open(url)
            defer { b.close() }
            do {
                try b.prepare(Self.run(planned, fingerprint: "fingerprint-B"))
                Issue.record("a worker on other data was accepted")
            } catch let e as PostgresStoreError {
                #expect(e.message.contains("fingerprint-A"), "\(e.message)")
                #expect(e.message.contains("fingerprint-B"), "\(e.message)")
            }
            #expect(try sql("SELECT count(*) FROM reclab_workers", in: url) == "1")
        }
    }

    @Test func wrongPasswordAndMissingDatabaseAreClearErrors() async throws {
        let base = try #require(TestPostgres.url)
        var wrong = URLComponents(url: base, resolvingAgainstBaseURL: false)!
        wrong.password = "not-the-password"
        do {
            _ = try await PostgresTrialStore.open(wrong.string!)
            Issue.record("a wrong password was accepted (does the server trust every local connection?)")
        } catch let e as PostgresStoreError {
            #expect(e.message.contains("refused the credentials"), "\(e.message)")
            #expect(!e.message.contains("not-the-password"), "\(e.message)")
        }
        var missing = URLComponents(url: base, resolvingAgainstBaseURL: false)!
        missing.path = "/no_such_database_here"
        do {
            _ = try await PostgresTrialStore.open(missing.string!)
            Issue.record("a missing database was accepted")
        } catch let e as PostgresStoreError {
            #expect(e.message.contains("no_such_database_here does not exist"), "\(e.message)")
        }
    }
}

/// No server needed: nothing listens on port 1 of the loopback interface.
@Suite struct PostgresUnreachableTests {
    @Test func unreachableServerIsAClearError() async throws {
        do {
            _ = try await PostgresTrialStore.open("postgresql://u:secret-pw@127.0.0.1:1/db", environment: [:])
            Issue.record("port 1 answered")
        } catch let e as PostgresStoreError {
            #expect(e.message.contains("cannot reach the PostgreSQL store postgresql://u@127.0.0.1:1/db"), "\(e.message)")
            #expect(!e.message.contains("secret-pw"))
        }
    }
}

/// Results of threads, by index.
final class Slots<T>: @unchecked Sendable {
    let lock = NSLock()
    var values: [Int: T] = [:]
}
