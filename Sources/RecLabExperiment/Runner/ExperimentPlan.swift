import Foundation

/// What `reclab plan` shows and `reclab run` executes.
public struct ExperimentPlan: Sendable {
    /// Sweeps above this many trials are counted, not listed, by `plan`, and `run` asks for
    /// `--yes`, `run.max_trials` or `run.time_budget` before starting them.
    public static let confirmationThreshold = 10_000

    public var trials: [PlannedTrial]
    /// Keys of trials the results store already holds.
    public var finished: Set<String>
    /// Keys of trials not in the results store but in the trial cache (a run reuses them).
    public var cached: Set<String> = []
    /// Sum over pending trials of the estimated seconds (past timings of the same model kind when known).
    public var estimatedSeconds: Double
    public var directory: URL
    /// The prepared data, when it was loaded.
    public var data: PreparedData?
    public var notes: [String]
}
