import Foundation
import PostgresNIO
import RecLabResults

/// The store's tables, created and migrated by RecLab itself on first use.
///
/// `reclab_migrations` lists the versions applied. `migrate` takes a
/// transaction-scoped advisory lock (so workers starting together migrate one
/// at a time), applies the missing versions in order in one transaction, and
/// refuses a database whose schema is newer than this binary knows — a newer
/// RecLab wrote it, and this one could misread it.
///
/// Version 1:
/// - `reclab_experiments`: one row per experiment name — the spec hash and the
///   data fingerprint of the data its workers load, and the latest `RunResult`
///   (JSON text, exactly as `run.json` holds it; a partial run never replaces a complete one);
/// - `reclab_trials`: finished results (`ok`, `diverged`) by content hash, shared by every
///   experiment, as the trial cache shares them between folders;
/// - `reclab_queue`: each experiment's planned trials and their state — `pending`,
///   `running` (held by `worker_id` until `lease_expires`), `done`, `failed` — with the
///   number of attempts; claimed with `FOR UPDATE SKIP LOCKED`;
/// - `reclab_workers`: one row per `reclab run` process — host, pid, start, last heartbeat,
///   trials computed, its lease length, when it finished.
enum PostgresSchema {
    /// The newest schema version this binary reads and writes.
    static let currentVersion = 1

    /// Key of the advisory lock that serialises migrations (any constant unlikely to collide).
    static let migrationLock: Int = 0x5245_434C_4142 // "RECLAB"

    /// The statements of each version, applied in order.
    static let migrations: [Int: [String]] = [
        1: [
            """
            CREATE TABLE reclab_experiments (
                name text PRIMARY KEY,
                spec_hash text NOT NULL,
                data_fingerprint text NOT NULL,
                run_json text,
                run_partial boolean,
                created_at timestamptz NOT NULL DEFAULT now(),
                updated_at timestamptz NOT NULL DEFAULT now()
            )
            """,
            """
            CREATE TABLE reclab_trials (
                content_hash text PRIMARY KEY,
                kind text NOT NULL,
                status text NOT NULL CHECK (status IN ('ok', 'diverged')),
                result_json text NOT NULL,
                stored_at timestamptz NOT NULL DEFAULT now(),
                stored_by text
            )
            """,
            """
            CREATE TABLE reclab_queue (
                experiment text NOT NULL REFERENCES reclab_experiments (name) ON DELETE CASCADE,
                trial_key text NOT NULL,
                trial_id text NOT NULL,
                model text NOT NULL,
                position bigint NOT NULL,
                state text NOT NULL CHECK (state IN ('pending', 'running', 'done', 'failed')),
                worker_id text,
                lease_expires timestamptz,
                attempts bigint NOT NULL DEFAULT 0,
                message text,
                updated_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (experiment, trial_key)
            )
            """,
            // Claims and the per-state counts of `status` scan one experiment's rows by state.
            "CREATE INDEX reclab_queue_state ON reclab_queue (experiment, state, position)",
            // Heartbeats and the per-worker rows look up a worker's running trials.
            "CREATE INDEX reclab_queue_worker ON reclab_queue (worker_id) WHERE state = 'running'",
            """
            CREATE TABLE reclab_workers (
                id text PRIMARY KEY,
                experiment text NOT NULL,
                host text NOT NULL,
                pid bigint NOT NULL,
                lease_seconds double precision NOT NULL,
                started_at timestamptz NOT NULL DEFAULT now(),
                last_heartbeat timestamptz NOT NULL DEFAULT now(),
                trials_done bigint NOT NULL DEFAULT 0,
                finished_at timestamptz
            )
            """,
            "CREATE INDEX reclab_workers_experiment ON reclab_workers (experiment, started_at)",
        ],
    ]

    /// Brings the database to `currentVersion` (nothing when it is there already) and returns the
    /// version found before; throws, changing nothing, when the database is newer than this binary.
    @discardableResult
    static func migrate(_ link: PostgresLink) throws -> Int {
        try link.execute("BEGIN", "starting the schema migration")
        do {
            try link.execute("SELECT pg_advisory_xact_lock(\(unescaped: String(migrationLock)))", "locking the schema")
            try link.execute("""
                CREATE TABLE IF NOT EXISTS reclab_migrations (
                    version bigint PRIMARY KEY,
                    reclab_version text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """, "creating reclab_migrations")
            let rows = try link.query("SELECT coalesce(max(version), 0) FROM reclab_migrations", "reading the schema version")
            let found = try rows.first.map { try $0.decode(Int.self) } ?? 0
            if found > currentVersion {
                throw PostgresStoreError(
                    "PostgreSQL store \(link.url.redacted) has schema version \(found), newer than this RecLab "
                        + "(\(RecLabVersion.string)) knows (\(currentVersion)); upgrade RecLab on this machine — nothing was changed")
            }
            for version in (found + 1)...max(found + 1, currentVersion) where version <= currentVersion {
                for statement in migrations[version] ?? [] {
                    try link.execute(PostgresQuery(unsafeSQL: statement), "migrating the schema to version \(version)")
                }
                try link.execute(
                    "INSERT INTO reclab_migrations (version, reclab_version) VALUES (\(version), \(RecLabVersion.string))",
                    "recording schema version \(version)")
            }
            try link.execute("COMMIT", "committing the schema migration")
            return found
        } catch {
            try? link.execute("ROLLBACK", "rolling back the schema migration")
            throw error
        }
    }
}
