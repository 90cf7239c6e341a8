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

    // MARK: - Plan

    public func plan(_ spec: ExperimentSpec, outputDirectory: URL? = nil, loadData: Bool = true) throws -> ExperimentPlan {
        let dir = Self.directory(for: spec, override: outputDirectory)
        let layout = ResultsLayout(directory: dir)
        var notes: [String] = []
        var data: PreparedData?
        var fingerprint = "data-not-loaded"
        if loadData {
            do {
                let d = try PreparedData.load(spec.dataset, checksumCache: layout.resultsDirectory.appendingPathComponent("data-checksums.json"))
                let problems = ExperimentValidator.problems(in: spec, movieCount: d.activeMovies, userCount: d.activeUsers)
                if !problems.isEmpty { throw ExperimentErrors(problems) }
                data = d
                fingerprint = d.fingerprint
            } catch let e as ExperimentErrors {
                throw e
            } catch {
                notes.append("data not loaded (\(error)); data checks skipped and trial status unknown")
            }
        }
        let trials = SweepExpander(catalog: catalog).trials(for: spec, dataFingerprint: fingerprint)
        let scan = TrialStore(layout: layout).finished()
        let finished = Set(trials.map(\.key)).intersection(scan.byKey.keys)
        // Estimate: mean past seconds per kind in this store, else a rough count of SGD work.
        var perKind: [String: (Double, Int)] = [:]
        for t in scan.byKey.values where t.status == .ok { perKind[t.kind, default: (0, 0)].0 += t.seconds; perKind[t.kind, default: (0, 0)].1 += 1 }
        let ratings = Double(data?.dataset.ratings.count ?? 100_000)
        var estimate = 0.0
        for t in trials where !finished.contains(t.key) {
            if let (s, n) = perKind[t.kind], n > 0 { estimate += s / Double(n); continue }
            let epochs = t.parameters["n_epochs"]?.doubleValue ?? 1
            let factors = t.parameters["n_factors"]?.doubleValue ?? 10
            // ~2·10^8 multiply-adds per second per core for an SGD epoch over the training ratings.
            estimate += 0.5 + ratings * 0.8 * epochs * (factors + 4) * 4 / 2e8
        }
        return ExperimentPlan(trials: trials, finished: finished, estimatedSeconds: estimate, directory: dir, data: data, notes: notes)
    }

    // MARK: - Run

    /// What a run produced.
    public struct Outcome: Sendable {
        public var run: RunResult
        public var directory: URL
        /// Trials computed in this run, reused from the store, and not started (time budget or `--only`).
        public var executed: Int
        public var reused: Int
        public var notRun: Int
        public var failed: [String]
        public var notes: [String]
        /// The run was stopped (`RunOptions.stop`) before every trial started.
        public var interrupted: Bool = false
        public var passed: Bool { run.passed && failed.isEmpty }
    }

    public func run(_ spec: ExperimentSpec, options: RunOptions = RunOptions()) throws -> Outcome {
        let started = Date()
        let progress = ProgressReporter(mode: options.progress)
        var stages: [StageTiming] = []
        func timed<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
            let t0 = Date()
            defer { stages.append(StageTiming(stage: name, seconds: Date().timeIntervalSince(t0))) }
            return try body()
        }
        let dir = Self.directory(for: spec, override: options.outputDirectory)
        let layout = ResultsLayout(directory: dir)
        let store = TrialStore(layout: layout)
        try store.prepare()

        // Data: load, filter, fingerprint, then the checks that need it — all before any training.
        progress.stage("loading \(spec.dataset.source)")
        let data = try timed("data") {
            try PreparedData.load(spec.dataset, checksumCache: layout.resultsDirectory.appendingPathComponent("data-checksums.json"))
        }
        let dataProblems = ExperimentValidator.problems(in: spec, movieCount: data.activeMovies, userCount: data.activeUsers)
        if !dataProblems.isEmpty { throw ExperimentErrors(dataProblems) }
        let trials = SweepExpander(catalog: catalog).trials(for: spec, dataFingerprint: data.fingerprint)
        var notes: [String] = []

        // Splits: built once per (seed, fold), shared by every trial.
        var splits: [ReplicateKey: PreparedSplit] = [:]
        if !spec.models.isEmpty {
            progress.stage("splitting (\(spec.split.kind.rawValue), \(spec.repetitions.count) repetition\(spec.repetitions.count == 1 ? "" : "s"))")
            splits = try timed("splits") { try PreparedSplit.build(spec, dataset: data.dataset) }
        }
        var summary = data.summary
        summary.splits = splits.keys.sorted().compactMap { splits[$0]?.summary }

        // Similarity: once per run.
        var similarity: SimilarityResult?
        if spec.similarity.enabled {
            progress.stage("similarity: TF-IDF + truncated SVD (\(spec.similarity.contentComponents) / \(spec.similarity.collabComponents) components)")
            let (model, result) = try timed("similarity") {
                BLASThreads.set(ProcessInfo.processInfo.activeProcessorCount)
                return try SimilarityStage.run(spec.similarity, dataset: data.dataset)
            }
            similarity = result
            if let note = ModelSaveStage.save(similarity: model, spec: spec, data: data, layout: layout) { notes.append(note) }
        }

        // Trials: reuse the store, run the rest in parallel.
        let scan = store.finished()
        if !scan.unreadable.isEmpty { notes.append("ignored \(scan.unreadable.count) unreadable trial file(s); they are recomputed") }
        var results: [String: TrialResult] = [:]
        var pending: [PlannedTrial] = []
        var notRun = 0
        for t in trials {
            if !options.force, var stored = scan.byKey[t.key] {
                if stored.id != t.id || stored.model != t.model {
                    stored.id = t.id
                    stored.model = t.model
                    if let url = scan.files[t.key] { try? store.adopt(stored, from: url) }
                } else if let url = scan.files[t.key], url.deletingLastPathComponent().lastPathComponent == "unused" {
                    try? store.adopt(stored, from: url)
                }
                results[t.key] = stored
            } else if let pattern = options.only, !Self.matches(pattern, t) {
                notRun += 1
            } else {
                pending.append(t)
            }
        }
        let reused = results.count
        let workers = max(1, options.workers ?? spec.run.workers ?? ProcessInfo.processInfo.activeProcessorCount)
        let deadline = spec.run.timeBudget.map { started.addingTimeInterval($0) }
        if !pending.isEmpty {
            progress.stage("running \(pending.count) trial\(pending.count == 1 ? "" : "s") on \(workers) worker\(workers == 1 ? "" : "s")"
                           + (reused > 0 ? " (\(reused) reused from \(layout.trialsDirectory.path))" : ""))
        }
        progress.begin(total: pending.count)
        BLASThreads.set(1)
        let kept = KeptModel.choose(spec, trials: trials)
        let executor = TrialExecutor(dataset: data.dataset, splits: splits, metrics: spec.metrics,
                                     progress: progress, store: store, kept: kept)
        let t0 = Date()
        let queue = pending
        let computed = TrialScheduler.run(count: queue.count, workers: workers, deadline: deadline,
                                          stop: options.stop) { i, worker in
            executor.run(queue[i], worker: worker)
        }
        stages.append(StageTiming(stage: "trials", seconds: Date().timeIntervalSince(t0)))
        progress.finish()
        var failed: [String] = []
        var executed = 0
        for (t, r) in zip(pending, computed) {
            guard let r else { notRun += 1; continue }
            executed += 1
            results[t.key] = r
            if r.status == .failed { failed.append("\(t.id): \(r.message ?? "failed")") }
        }
        let unstarted = computed.filter { $0 == nil }.count
        let interrupted = options.stop?.isRequested == true && unstarted > 0
        if interrupted {
            notes.append("interrupted: \(unstarted) trial(s) not started, \(executed) finished and stored; "
                         + "run the same command again to continue from there")
        } else if let budget = spec.run.timeBudget, unstarted > 0 {
            notes.append("time budget of \(Int(budget)) s reached: \(unstarted) trial(s) not started; run again to continue")
        }
        if options.only == nil && notRun == 0 { store.retire(keeping: Set(trials.map(\.key))) }

        // Recommendations.
        var recommendations: [RecommendationList] = []
        if interrupted && spec.recommendEnabled {
            notes.append("recommendations skipped because the run was interrupted")
        } else if spec.recommendEnabled, let name = spec.recommend.model {
            progress.stage("recommending top \(spec.recommend.n) for user\(spec.recommend.users.count == 1 ? "" : "s") \(spec.recommend.users.map(String.init).joined(separator: ", ")) with \(name)")
            recommendations = try timed("recommend") {
                try RecommendStage.run(spec, model: name, trials: trials, results: results, dataset: data.dataset,
                                       splits: splits, kept: kept) { trial, fitted, split in
                    if let note = ModelSaveStage.save(fitted, trial: trial, split: split, spec: spec, data: data, layout: layout) {
                        notes.append(note)
                    }
                }
            }
        }

        let ordered = trials.compactMap { results[$0.key] }
        let expectations = Self.expectations(spec, trials: ordered)
        let commit = Self.gitCommit()
        let run = RunResult(
            experiment: ExperimentInfo(name: spec.name, path: spec.sourcePath, text: spec.sourceText, hash: spec.sourceHash,
                                       seed: spec.seed, configuration: spec.configurationEntries(catalog: catalog)),
            provenance: Provenance(gitCommit: commit?.0, gitDirty: commit?.1,
                                   machine: MachineInfo.current(workers: workers),
                                   startedAt: Self.iso(started), finishedAt: Self.iso(Date()), command: options.command,
                                   stages: stages),
            data: summary, similarity: similarity, trials: ordered, recommendations: recommendations,
            expectations: expectations,
            reportOptions: ReportOptions(charts: spec.report.charts, baselineModel: spec.report.baseline,
                                         primaryMetric: spec.metrics.first?.description ?? "rmse", topN: spec.recommend.n))
        try layout.write(run)
        return Outcome(run: run, directory: dir, executed: executed, reused: reused, notRun: notRun, failed: failed, notes: notes,
                       interrupted: interrupted)
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
