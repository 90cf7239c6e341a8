import Foundation

/// The progress of one experiment's sweep in a PostgreSQL store, as `reclab status` shows it:
/// trials per queue state and one row per worker process.
public struct StoreStatus: Sendable, Hashable, Codable {
    public var experiment: String
    public var specHash: String
    public var dataFingerprint: String
    /// Trials stored (computed or reused by content hash).
    public var done: Int
    /// Trials a live worker holds (its lease has not expired).
    public var running: Int
    /// Trials no worker has claimed yet.
    public var pending: Int
    /// Trials whose last attempt failed (a later worker tries them again).
    public var failed: Int
    /// Trials whose worker's lease expired (it died or lost the store): the next claim takes them.
    public var expired: Int
    /// Every worker that ever registered for the experiment, oldest first.
    public var workers: [WorkerStatus]
    /// The server's clock when the status was read (ages are measured against it, not the caller's clock).
    public var serverTime: Date
    /// When the latest `RunResult` was stored, if any.
    public var runStoredAt: Date?

    public var total: Int { done + running + pending + failed + expired }
}

/// One `reclab run` process registered with the store.
public struct WorkerStatus: Sendable, Hashable, Codable {
    public var id: String
    public var host: String
    public var pid: Int
    public var startedAt: Date
    public var lastHeartbeat: Date
    /// Trials this worker computed and stored.
    public var trialsDone: Int
    /// Ids of the trials it holds now (more than one with several threads per worker).
    public var currentTrials: [String]
    /// The lease it renews every `leaseSeconds / 4` seconds.
    public var leaseSeconds: Double
    /// When it finished its run; nil while it runs (or if it died).
    public var finishedAt: Date?

    /// Still running: not finished, and it heartbeat within its lease at `now` (the server's time).
    public func isAlive(at now: Date) -> Bool {
        finishedAt == nil && now.timeIntervalSince(lastHeartbeat) <= leaseSeconds
    }
}
