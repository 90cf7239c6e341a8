import Foundation
import RecLabResults

/// What the runner needs from the place finished trials are kept, so that one
/// `run` works the same against the results folder of files (`TrialStore`,
/// the default) and a database that many worker processes on many machines
/// share (`RecLabPostgres.PostgresTrialStore`).
///
/// The life of one run against a store:
/// 1. `prepare(_:)` once the plan is known (folders, or the experiment's row,
///    its work queue and this worker's registration);
/// 2. `finished(_:)`: results the store already holds, reused by content key;
/// 3. per pending trial: `claim` (atomic: at most one live holder per trial),
///    then `result(of:storedSince:)` (someone may have finished it between the
///    look-up and the claim), then `save` — which durably stores the result and
///    releases the claim in one step — or `release` when the trial is abandoned;
///    while claimed, the store keeps the claim alive (a heartbeat);
/// 4. trials that `claim` refused are waited for: `result(of:)` until another
///    worker stores them, `isClaimed` false when their holder died (its lease
///    expired), and then claimed and run here;
/// 5. `finish(planned:complete:)`, and `saveRun` with the run's `RunResult`.
///
/// Every method may be called from several of the run's worker threads at once.
public protocol TrialStoring: AnyObject, Sendable {
    /// Where the trials are kept, for messages: a folder, or a store URL without its credentials.
    var location: String { get }

    /// Creates what the store needs and records this run's plan; throws a clear error
    /// (the store cannot be reached, or refuses this worker) before any trial starts.
    func prepare(_ run: StoreRun) throws

    /// The finished (`ok` or `diverged`) results of `planned` that the store holds, by content key,
    /// titled with this plan's ids and model names; `notes` says what could not be read.
    func finished(_ planned: [PlannedTrial]) -> StoredTrials

    /// The stored finished result of `trial`, or nil; with `storedSince`, only one stored after
    /// that instant (a `--force` run recomputes what was there before it started).
    func result(of trial: PlannedTrial, storedSince: Date?) -> TrialResult?

    /// True when this process now holds `trial`'s claim; false when a live holder has it.
    func claim(_ trial: PlannedTrial) throws -> Bool

    /// True while some live holder (this process or another) has `trial`'s claim.
    func isClaimed(_ trial: PlannedTrial) -> Bool

    /// Stores `result` durably and releases `trial`'s claim in the same step. `computed` is false
    /// for a result taken from elsewhere (the trial cache), which needed no claim.
    func save(_ result: TrialResult, for trial: PlannedTrial, computed: Bool) throws

    /// Gives up the claim on `trial` without a result (interrupted, or the store failed).
    func release(_ trial: PlannedTrial)

    /// Records `start`, `finish` or `failed` of a trial (a log for people, never read back).
    func log(_ event: String, _ trial: PlannedTrial)

    /// The run is over: `complete` when every planned trial has a result (the file store then
    /// moves trials no longer in the plan aside); the worker deregisters.
    func finish(planned: [PlannedTrial], complete: Bool)

    /// Keeps the run's result where `results`, `report` and `diff` find it.
    func saveRun(_ run: RunResult) throws
}

/// What a store learns of a run in `prepare`.
public struct StoreRun: Sendable {
    public var experiment: String
    /// `ExperimentSpec.sourceHash` of the file being run.
    public var specHash: String
    /// `DataFingerprint` of the loaded, filtered data; workers on other data are refused.
    public var dataFingerprint: String
    public var planned: [PlannedTrial]
    /// `--force`: recompute stored trials, and let this worker replace the recorded fingerprint.
    public var force: Bool

    public init(experiment: String, specHash: String, dataFingerprint: String, planned: [PlannedTrial], force: Bool) {
        self.experiment = experiment
        self.specHash = specHash
        self.dataFingerprint = dataFingerprint
        self.planned = planned
        self.force = force
    }
}

/// Finished results a store holds for a plan.
public struct StoredTrials: Sendable {
    public var byKey: [String: TrialResult]
    public var notes: [String]

    public init(byKey: [String: TrialResult] = [:], notes: [String] = []) {
        self.byKey = byKey
        self.notes = notes
    }
}

/// The store's own error: a message that names the store by its redacted location.
public struct TrialStoreError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
