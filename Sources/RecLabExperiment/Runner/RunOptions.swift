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

    public init(workers: Int? = nil, force: Bool = false, only: String? = nil, outputDirectory: URL? = nil,
                progress: ProgressReporter.Mode? = nil, command: String = "", stop: StopRequest? = nil) {
        self.workers = workers
        self.force = force
        self.only = only
        self.outputDirectory = outputDirectory
        self.progress = progress
        self.command = command
        self.stop = stop
    }
}
