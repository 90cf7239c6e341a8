#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Foundation
import RecLabCore
import RecLabData
import RecLabEvaluation
import RecLabLinearAlgebra
import RecLabModels
import RecLabResults

/// Plans and runs an experiment: shared work once (data, filters, splits,
/// the similarity model), then the trials in parallel, each stored as soon as
/// it finishes, then recommendations and expectations, then the `RunResult`
/// (`results/run.json`). Rendering the report is the caller's step
/// (`RecLabReport.ReportWriter`), so this stage never imports the report.
///
/// Seeds (all `SplitMix64.derive`, see docs/experiment-format.md):
/// split rows from `derive(splitSeed, "split")`; a trial's model from
/// `derive(splitSeed, "fit/fold:<f>")`; the similarity SVDs from
/// `similarity.seed` (`derive(seed, "content-svd")`, `derive(seed, "collab-svd")`);
/// random search from `derive(experimentSeed, "sweep:<model>")`.
public struct ExperimentRunner: Sendable {
    public var catalog: any ModelCatalog

    public init(catalog: any ModelCatalog) { self.catalog = catalog }

    /// The results folder of `spec`: `<report.dir>/<name>` unless given.
    public static func directory(for spec: ExperimentSpec, override: URL? = nil) -> URL {
        override ?? URL(fileURLWithPath: spec.report.dir, isDirectory: true).appendingPathComponent(spec.name, isDirectory: true)
    }

    // MARK: - Preparation (shared by plan and run)

    /// What both `plan` and `run` start from: the results folder, the loaded and
    /// checked data, and the expanded trials with their content keys.
    struct Preparation {
        var directory: URL
        var layout: ResultsLayout
        /// Nil when `plan` could not load the data (it then plans with a placeholder fingerprint).
        var data: PreparedData?
        var trials: [PlannedTrial]
        var notes: [String] = []
    }

    /// Loads and filters the data, runs the checks that need it, and expands the sweep.
    /// With `requireData` false (`plan`), a data load failure becomes a note instead of an error;
    /// an experiment the data contradicts (too many components…) is an error either way.
    func prepare(_ spec: ExperimentSpec, outputDirectory: URL?, loadData: Bool, requireData: Bool) throws -> Preparation {
        let dir = Self.directory(for: spec, override: outputDirectory)
        let layout = ResultsLayout(directory: dir)
        var prepared = Preparation(directory: dir, layout: layout, data: nil, trials: [])
        // A model fitted by an external tool that is missing fails before any data is loaded.
        let missingTools = spec.externalToolProblems()
        if !missingTools.isEmpty { throw ExperimentErrors(missingTools) }
        if loadData {
            do {
                // Checksums are remembered in the user cache, so planning writes nothing into the results folder.
                let d = try PreparedData.load(spec.dataset, checksumCache: CacheDirectory.subfolder("checksums"))
                let problems = ExperimentValidator.problems(in: spec, movieCount: d.activeMovies, userCount: d.activeUsers)
                if !problems.isEmpty { throw ExperimentErrors(problems) }
                prepared.data = d
            } catch let e as ExperimentErrors {
                throw e
            } catch where !requireData {
                prepared.notes.append("data not loaded (\(error)); data checks skipped and trial status unknown")
            }
        }
        prepared.trials = SweepExpander(catalog: catalog).trials(for: spec, dataFingerprint: prepared.data?.fingerprint ?? "data-not-loaded")
        return prepared
    }

    // MARK: - Plan

    /// The trials `spec` expands to, which of them are already in the results folder or the trial
    /// cache, and an estimate of the rest's trial time from finished trials of the same kind.
    public func plan(_ spec: ExperimentSpec, outputDirectory: URL? = nil, loadData: Bool = true,
                     cache: TrialCache? = nil) throws -> ExperimentPlan {
        let prepared = try prepare(spec, outputDirectory: outputDirectory, loadData: loadData, requireData: false)
        let trials = prepared.trials
        let scan = TrialStore(layout: prepared.layout).finished()
        let finished = Set(trials.map(\.key)).intersection(scan.byKey.keys)
        // Trials another run already computed on the same data (the key includes its fingerprint).
        var cached: [String: TrialResult] = [:]
        if let cache, prepared.data != nil {
            for t in trials where !finished.contains(t.key) {
                if case .hit(let r) = cache.peek(t.key) { cached[t.key] = r }
            }
        }
        // Estimate: mean past seconds per kind of the finished trials found (this store, the cache), else a rough count of SGD work.
        var perKind: [String: (Double, Int)] = [:]
        for t in Array(scan.byKey.values) + Array(cached.values) where t.status == .ok {
            perKind[t.kind, default: (0, 0)].0 += t.seconds
            perKind[t.kind, default: (0, 0)].1 += 1
        }
        let ratings = Double(prepared.data?.dataset.ratings.count ?? 100_000)
        var estimate = 0.0
        for t in trials where !finished.contains(t.key) && cached[t.key] == nil {
            if let (s, n) = perKind[t.kind], n > 0 { estimate += s / Double(n); continue }
            let epochs = t.parameters["n_epochs"]?.doubleValue ?? 1
            let factors = t.parameters["n_factors"]?.doubleValue ?? 10
            // ~2·10^8 multiply-adds per second per core for an SGD epoch over the training ratings.
            estimate += 0.5 + ratings * 0.8 * epochs * (factors + 4) * 4 / 2e8
        }
        return ExperimentPlan(trials: trials, finished: finished, cached: Set(cached.keys), estimatedSeconds: estimate,
                              directory: prepared.directory, data: prepared.data, notes: prepared.notes)
    }

    // MARK: - Run

    /// What a run produced.
    public struct Outcome: Sendable {
        public var run: RunResult
        public var directory: URL
        /// Trials computed in this run, reused from the store, and not started (time budget or `--only`).
        public var executed: Int
        public var reused: Int
        /// Of `reused`: found in the user-level trial cache rather than this run's results folder.
        public var reusedFromCache: Int = 0
        public var notRun: Int
        public var failed: [String]
        public var notes: [String]
        /// The run was stopped (`RunOptions.stop`) before every trial started.
        public var interrupted: Bool = false
        public var passed: Bool { run.passed && failed.isEmpty }
    }

    /// The stages in order: prepare (data, checks, trials) → splits → similarity → reuse
    /// (results folder, trial cache) → trials → recommendations → expectations and `run.json`.
    public func run(_ spec: ExperimentSpec, options: RunOptions = RunOptions()) throws -> Outcome {
        var state = RunState(spec: spec, options: options)
        state.progress.stage("loading \(spec.dataset.source)")
        let prepared = try state.timed("data") {
            try prepare(spec, outputDirectory: options.outputDirectory, loadData: true, requireData: true)
        }
        guard let data = prepared.data else { throw ExperimentError("the data could not be loaded") }
        if let d = data.summary.dataset.duplicateRatings, d > 0 {
            state.notes.append("\(d) rating(s) repeat a (user, movie) pair and are kept as separate ratings; "
                               + "dataset.filters.drop_duplicates: true keeps the latest of each pair")
        }
        let store: any TrialStoring = options.store ?? TrialStore(layout: prepared.layout)
        try store.prepare(StoreRun(experiment: spec.name, specHash: spec.sourceHash, dataFingerprint: data.fingerprint,
                                   planned: prepared.trials, force: options.force))
        let splits = try Self.splitStage(&state, data: data)
        let similarity = try Self.similarityStage(&state, data: data, layout: prepared.layout)
        var trials = Self.reuseStage(&state, planned: prepared.trials, store: store)
        try Self.trialStage(&state, planned: prepared.trials, trials: &trials, data: data, splits: splits, store: store)
        let recommendations = try Self.recommendStage(&state, planned: prepared.trials, trials: trials, data: data,
                                                      splits: splits, layout: prepared.layout)
        var summary = data.summary
        summary.splits = splits.keys.sorted().compactMap { splits[$0]?.summary }
        let run = result(state, planned: prepared.trials, trials: trials, data: summary, similarity: similarity,
                         recommendations: recommendations)
        try prepared.layout.write(run)
        // A shared store keeps the run too, so any machine that reaches it can render the report.
        if let shared = options.store { try shared.saveRun(run) }
        return Outcome(run: run, directory: prepared.directory, executed: state.executed, reused: state.reused,
                       reusedFromCache: state.fromCache, notRun: state.notRun, failed: state.failed, notes: state.notes,
                       interrupted: state.interrupted)
    }

    /// The `RunResult` of a finished (or stopped) run, with expectations checked.
    func result(_ state: RunState, planned: [PlannedTrial], trials: [String: TrialResult], data: DataSummary,
                similarity: SimilarityResult?, recommendations: [RecommendationList]) -> RunResult {
        let spec = state.spec
        let ordered = planned.compactMap { trials[$0.key] }
        let commit = Self.gitCommit()
        return RunResult(
            experiment: ExperimentInfo(name: spec.name, path: spec.sourcePath, text: spec.sourceText, hash: spec.sourceHash,
                                       seed: spec.seed, configuration: spec.configurationEntries(catalog: catalog)),
            provenance: Provenance(gitCommit: commit?.0, gitDirty: commit?.1,
                                   machine: MachineInfo.current(workers: state.workers),
                                   startedAt: Self.iso(state.started), finishedAt: Self.iso(Date()), command: state.options.command,
                                   stages: state.stages),
            data: data, similarity: similarity, trials: ordered, recommendations: recommendations,
            expectations: Self.expectations(spec, trials: ordered),
            reportOptions: ReportOptions(charts: spec.report.charts, baselineModel: spec.report.baseline,
                                         primaryMetric: spec.metrics.first?.description ?? "rmse",
                                         metrics: spec.metrics.map(\.description), topN: spec.recommend.n),
            partial: state.partialReason(planned: planned.count),
            trialSources: TrialSources(computed: state.executed, reusedFromResults: state.reused - state.fromCache,
                                       reusedFromCache: state.fromCache, cacheEnabled: state.options.cache != nil),
            ranking: spec.rankingSetup)
    }

    /// A cache look-up that records damaged entries (removed by the cache) for the run's notes.
    static func lookup(_ cache: TrialCache, _ key: String, damaged: inout [String]) -> TrialCache.Lookup {
        let found = cache.lookup(key)
        if case .damaged(let why) = found { damaged.append(why) }
        return found
    }

    /// Shell-pattern match on a trial's id or model name.
    static func matches(_ pattern: String, _ t: PlannedTrial) -> Bool {
        fnmatch(pattern, t.id, 0) == 0 || fnmatch(pattern, t.model, 0) == 0
    }

    /// Each expectation against the model's best configuration: the mean of
    /// the metric over repetitions, best by the metric's direction.
    static func expectations(_ spec: ExperimentSpec, trials: [TrialResult]) -> [ExpectationResult] {
        var out: [ExpectationResult] = []
        for x in spec.expectations {
            let models = x.model.map { [$0] } ?? spec.models.map(\.name)
            for m in models {
                var byConfig: [String: [Double]] = [:]
                for t in trials where t.model == m && t.status == .ok {
                    if let v = t.metrics[x.metric.description], v.isFinite { byConfig[t.configurationLabel, default: []].append(v) }
                }
                let means = byConfig.values.map { $0.reduce(0, +) / Double($0.count) }
                let observed = x.metric.lowerIsBetter ? means.min() : means.max()
                let checks: [(ExpectationResult.Bound, Double)] = [x.min.map { (.min, $0) }, x.max.map { (.max, $0) }].compactMap { $0 }
                for (bound, limit) in checks {
                    let ok = observed.map { bound == .max ? $0 <= limit : $0 >= limit } ?? false
                    out.append(ExpectationResult(metric: x.metric.description, model: m, bound: bound, limit: limit,
                                                 observed: observed, passed: ok))
                }
            }
        }
        return out
    }

    static func iso(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: d)
    }

    /// The RecLab source commit (and whether the tree is dirty), read with git from the package
    /// root this binary was built from, or `RECLAB_GIT_COMMIT` when set.
    static func gitCommit() -> (String, Bool)? {
        if let c = ProcessInfo.processInfo.environment["RECLAB_GIT_COMMIT"], !c.isEmpty { return (c, false) }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        guard let head = git(["-C", root.path, "rev-parse", "HEAD"]), !head.isEmpty else { return nil }
        let status = git(["-C", root.path, "status", "--porcelain", "--untracked-files=no"]) ?? ""
        return (head, !status.isEmpty)
    }

    private static func git(_ args: [String]) -> String? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git"] + args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
