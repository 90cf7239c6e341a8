import Foundation

/// Command-line choices of one `reclab run`, on top of the file's `run:` section.
public struct RunOptions: Sendable {
    /// Parallel trials; nil = the file's `run.workers`, else the number of cores.
    public var workers: Int?
    /// Recompute trials even when the store has them.
    public var force: Bool = false
    /// Run only trials whose id or model name matches this shell pattern (`svd*`, `*-f0`).
    public var only: String?
    /// Results folder; nil = `<report.dir>/<name>` relative to the working directory.
    public var outputDirectory: URL?
    public var progress: ProgressReporter.Mode?
    /// The command line, for provenance.
    public var command: String = ""
    /// Set to stop starting trials (Ctrl-C); finished trials are kept.
    public var stop: StopRequest?
    /// The user-level trial cache consulted before computing a trial and filled after;
    /// nil = no cache (`--no-cache`, and the library's default so that tests stay hermetic).
    public var cache: TrialCache?
    /// OpenBLAS threads for the shared stages and for the parallel trials; nil leaves the
    /// process-wide setting alone. The process that owns the thread pool decides
    /// (`reclab` passes `.perCore`), not the library.
    public var blasThreads: BLASThreadPolicy?
    /// Where trials are claimed and kept when several workers share a sweep (a PostgreSQL store);
    /// nil = the run's results folder (`TrialStore`). The run's folder still gets run.json either way.
    public var store: (any TrialStoring)?

    public init(workers: Int? = nil, force: Bool = false, only: String? = nil, outputDirectory: URL? = nil,
                progress: ProgressReporter.Mode? = nil, command: String = "", stop: StopRequest? = nil,
                cache: TrialCache? = nil, blasThreads: BLASThreadPolicy? = nil, store: (any TrialStoring)? = nil) {
        self.workers = workers
        self.force = force
        self.only = only
        self.outputDirectory = outputDirectory
        self.progress = progress
        self.command = command
        self.stop = stop
        self.cache = cache
        self.blasThreads = blasThreads
        self.store = store
    }
}

/// How many OpenBLAS threads a run's stages use.
public struct BLASThreadPolicy: Sendable, Hashable {
    /// The similarity SVDs and other work done once per run, one call at a time.
    public var sharedStages: Int
    /// Inside the trials, which already run in parallel on the workers.
    public var trials: Int

    public init(sharedStages: Int, trials: Int) {
        self.sharedStages = sharedStages
        self.trials = trials
    }

    /// Every core for the shared stages; one thread per trial, so the workers do not oversubscribe the cores.
    public static var perCore: BLASThreadPolicy {
        BLASThreadPolicy(sharedStages: ProcessInfo.processInfo.activeProcessorCount, trials: 1)
    }
}
