import ArgumentParser
import Foundation
import RecLabExperiment
import RecLabPostgres
import RecLabReport
import RecLabResults

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run an experiment file: data → similarity → trials (parallel, resumable) → report.",
        discussion: """
            Trials already in the results store (same content key) are reused, so an interrupted or edited \
            run recomputes only what is missing or changed. Finished trials are also filed in the user-level \
            trial cache ($RECLAB_CACHE_DIR/trials, default $XDG_CACHE_HOME/reclab/trials or \
            ~/.cache/reclab/trials), so a run in another folder or of a variant experiment reuses every \
            unchanged trial (--no-cache to bypass it; damaged entries are recomputed). Writes <out>/results/ (one JSON per trial, \
            run.json) and <out>/report.md with its PNG charts, then prints the report's path. \
            Ctrl-C (SIGINT) or SIGTERM starts no new trials, lets running ones finish (abandoning them after \
            RECLAB_STOP_GRACE seconds, default 30), writes run.json and a report marked PARTIAL, and exits \
            130 (SIGINT) or 143 (SIGTERM); a second signal quits at once. Finished trials are kept either way. \
            With tracking.mlflow in the file (or --mlflow-uri), the stored results are then logged to that \
            MLflow server, as `reclab track` does; if it cannot be reached or answers an error, the run still \
            succeeds (the exit status is unchanged), says what was not logged, and `reclab track FILE` logs it later. \
            Exit status: 0 success; 1 a trial failed or an expectation did not hold; 2 invalid experiment \
            file; 3 report written without some charts; 130 / 143 interrupted.

            With --store postgresql://USER@HOST:PORT/DATABASE (or RECLAB_STORE, or run.store in the file) \
            the trials live in a PostgreSQL database that many `reclab run` processes share: each is a \
            worker that claims pending trials of the experiment, stores each result as it finishes, and \
            waits at the end for the trials other workers hold; start the same command on as many \
            machines as you like. Every worker loads the data from its own dataset.path and is refused \
            if its data differs from the experiment's. A worker that dies loses its trials after \
            RECLAB_LEASE_SECONDS (default 60) and another takes them. Each worker writes run.json and the \
            report in its own output folder; `reclab report --store URL NAME` renders it anywhere. \
            The password comes from PGPASSWORD or ~/.pgpass and is never printed. Exit status 1 when \
            the store cannot be reached or refuses the worker.
            """)

    @Argument(help: "The experiment file (YAML, `reclab: 1`).")
    var file: String

    @Option(help: "Parallel trials (default: the file's run.workers, else the number of cores).")
    var workers: Int?

    @Flag(help: "Recompute every trial, even those already stored.")
    var force = false

    @Flag(help: "Start a sweep of more than 10,000 trials without run.max_trials or run.time_budget.")
    var yes = false

    @Flag(help: "Neither read nor fill the user-level trial cache (trials in this run's results folder are still reused).")
    var noCache = false

    @Option(help: "Run only trials whose id or model name matches this shell pattern (e.g. 'svd*').")
    var only: String?

    @Option(help: "Output folder (default: <report.dir>/<name>, i.e. reports/<experiment>).")
    var out: String?

    @Option(help: "The gnuplot executable (default: the first gnuplot on PATH).")
    var gnuplot: String?

    @Option(help: StoreOptions.help)
    var store: String?

    @Option(name: .customLong("mlflow-uri"), help: "Log to this MLflow tracking server (http or https), instead of the file's tracking.mlflow.uri.")
    var mlflowURI: String?

    func validate() throws {
        if let workers, workers < 1 { throw ValidationError("--workers must be at least 1") }
        if let mlflowURI, let problem = MLflowSpec.problem(withURI: mlflowURI) {
            throw ValidationError("--mlflow-uri \(mlflowURI): \(problem)")
        }
    }

    func run() async throws {
        let spec = try CLIErrors.loadValidated(file)
        let count = SweepExpander.trialCount(of: spec)
        if count > ExperimentPlan.confirmationThreshold && !yes && spec.run.maxTrials == nil && spec.run.timeBudget == nil {
            CLIErrors.fail([ExperimentError(
                "this experiment expands to \(count) trials (more than \(ExperimentPlan.confirmationThreshold)); nothing was started",
                at: SourceLocation(file: file, line: 1, column: 1), key: "sweep",
                expected: "--yes to run them all, or run.max_trials / run.time_budget to run them in parts")])
        }
        let runner = ExperimentRunner(catalog: CLIErrors.catalog)
        let interrupt = InterruptHandler()
        interrupt.install()
        // A shared store makes this process one worker of the sweep; it is reached before any work starts.
        var shared: PostgresTrialStore?
        if let url = StoreOptions.choice(store, spec: spec) {
            let opened = await StoreOptions.open(url)
            FileHandle.standardError.write(Data("store: \(opened.location) (worker \(opened.workerID))\n".utf8))
            shared = opened
        }
        let options = RunOptions(workers: workers, force: force, only: only, outputDirectory: out.map { URL(fileURLWithPath: $0) },
                                 command: StoreOptions.redactedCommandLine(), stop: interrupt.stop,
                                 cache: noCache ? nil : TrialCache.user(), blasThreads: .perCore, store: shared)
        // Where everything goes, said before any work: the run writes only there and in the user cache.
        let outputDir = ExperimentRunner.directory(for: spec, override: options.outputDirectory).standardizedFileURL
        FileHandle.standardError.write(Data("output: \(outputDir.path)\n".utf8))
        let outcome: ExperimentRunner.Outcome
        do { outcome = try runner.run(spec, options: options) } catch let e as ExperimentErrors {
            CLIErrors.fail(e.errors)
        } catch let e as ExperimentError {
            CLIErrors.fail([e])
        } catch let e as PostgresStoreError {
            StoreOptions.fail(e)
        }
        shared?.close()
        for note in outcome.notes { FileHandle.standardError.write(Data("note: \(note)\n".utf8)) }
        let report = try ReportWriter.write(outcome.run, to: outcome.directory, gnuplot: Gnuplot(path: gnuplot))
        for e in report.chartErrors { FileHandle.standardError.write(Data("error: chart \(e.subject): \(e.message)\n".utf8)) }
        let summary = "\(outcome.executed) trial\(outcome.executed == 1 ? "" : "s") run, \(outcome.reused) reused"
            + (outcome.notRun > 0 ? ", \(outcome.notRun) not run" : "")
        FileHandle.standardError.write(Data("\(summary)\n".utf8))
        if outcome.reused > 0 {
            let cacheDir = options.cache?.directory.path ?? "off"
            FileHandle.standardError.write(Data(
                "reused: \(outcome.reused - outcome.reusedFromCache) from \(shared?.location ?? outcome.directory.path + "/results"), \(outcome.reusedFromCache) from the trial cache (\(cacheDir))\n".utf8))
        }
        // Where the time went, stage by stage (also in run.json and the report).
        let stages = outcome.run.provenance.stages
        if !stages.isEmpty {
            let parts = stages.map { "\($0.stage) \(String(format: "%.1f", $0.seconds)) s" }
            FileHandle.standardError.write(Data("time: \(parts.joined(separator: " · "))\n".utf8))
        }
        for x in outcome.run.expectations {
            let observed = x.observed.map { String(format: "%.4f", $0) } ?? "none"
            FileHandle.standardError.write(Data(
                "expect \(x.model.map { "\($0) " } ?? "")\(x.metric) \(x.bound == .max ? "≤" : "≥") \(x.limit): \(observed) \(x.passed ? "PASS" : "FAIL")\n".utf8))
        }
        for f in outcome.failed { FileHandle.standardError.write(Data("failed: \(f)\n".utf8)) }
        // Tracking reads what was just stored; its failure is reported and never changes the exit status.
        if let destination = TrackingDestination(spec.tracking, experimentName: spec.name, overrideURI: mlflowURI) {
            let retry = ["reclab track", file] + (out.map { ["--out", $0] } ?? []) + (mlflowURI.map { ["--mlflow-uri", $0] } ?? [])
            _ = destination.track(outcome.run, directory: outcome.directory, retryHint: retry.joined(separator: " "))
        }
        print(report.reportURL.path)
        if outcome.interrupted { throw ExitCode(interrupt.exitStatus ?? 130) }
        if !outcome.passed { throw ExitCode(1) }
        if !report.chartErrors.isEmpty { throw ExitCode(3) }
    }
}
