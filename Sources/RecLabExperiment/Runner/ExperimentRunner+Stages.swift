import Foundation
import RecLabData
import RecLabLinearAlgebra
import RecLabModels
import RecLabResults

/// What the stages of one `run` share: the spec and options, progress, timings, notes and counts.
struct RunState {
    let spec: ExperimentSpec
    let options: RunOptions
    let started = Date()
    let progress: ProgressReporter
    var stages: [StageTiming] = []
    var notes: [String] = []
    /// Trials computed here, reused (from the results folder or the cache), from the cache alone,
    /// planned but not started (`--only`, time budget, interrupt), and failures (`id: message`).
    var executed = 0
    var reused = 0
    var fromCache = 0
    var notRun = 0
    var unstarted = 0
    var failed: [String] = []
    var interrupted = false
    /// Of `reused`: finished by a concurrent run on the same results folder.
    var fromOtherRuns = 0
    /// Trials left for a later run by `run.max_trials`.
    var cappedByMaxTrials = 0
    /// Trials waiting to run after the reuse stage.
    var pending: [PlannedTrial] = []
    /// Where the recommendation stage finds the fitted model it uses.
    var kept = KeptModel(trialKey: nil)

    init(spec: ExperimentSpec, options: RunOptions) {
        self.spec = spec
        self.options = options
        progress = ProgressReporter(mode: options.progress)
    }

    var workers: Int { max(1, options.workers ?? spec.run.workers ?? ProcessInfo.processInfo.activeProcessorCount) }

    /// Runs `body` and records its wall time under `name` (run.json, the report's provenance).
    mutating func timed<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        let t0 = Date()
        defer { stages.append(StageTiming(stage: name, seconds: Date().timeIntervalSince(t0))) }
        return try body()
    }

    /// Applies the options' BLAS thread count for a stage (nothing without a policy).
    func blas(_ pick: (BLASThreadPolicy) -> Int) {
        if let policy = options.blasThreads { BLASThreads.set(pick(policy)) }
    }

    /// Why the run is partial (the report's PARTIAL banner), nil when every planned trial has a result.
    func partialReason(planned: Int) -> String? {
        if interrupted { return "the run was interrupted: \(unstarted) of \(planned) trials did not start" }
        if unstarted > 0 { return "the time budget ran out: \(unstarted) of \(planned) trials did not start" }
        if cappedByMaxTrials > 0 {
            return "run.max_trials is \(spec.run.maxTrials ?? 0): \(cappedByMaxTrials) of \(planned) trials are left for the next run"
        }
        if notRun > 0 { return "\(notRun) of \(planned) trials were not run (--only \(options.only ?? ""))" }
        return nil
    }
}

extension ExperimentRunner {
    /// Splits, built once per (seed, fold) and shared by every trial.
    static func splitStage(_ state: inout RunState, data: PreparedData) throws -> [ReplicateKey: PreparedSplit] {
        let spec = state.spec
        guard !spec.models.isEmpty else { return [:] }
        state.progress.stage("splitting (\(spec.split.kind.rawValue), \(spec.repetitions.count) repetition\(spec.repetitions.count == 1 ? "" : "s"))")
        return try state.timed("splits") { try PreparedSplit.build(spec, dataset: data.dataset) }
    }

    /// The similarity model (TF-IDF + truncated SVDs), once per run, saved for `serve`.
    static func similarityStage(_ state: inout RunState, data: PreparedData, layout: ResultsLayout) throws -> SimilarityResult? {
        let spec = state.spec
        guard spec.similarity.enabled else { return nil }
        state.progress.stage("similarity: TF-IDF + truncated SVD (\(spec.similarity.contentComponents) / \(spec.similarity.collabComponents) components)")
        let s = state
        let (model, result) = try state.timed("similarity") {
            s.blas(\.sharedStages)
            return try SimilarityStage.run(spec.similarity, dataset: data.dataset)
        }
        if let note = ModelSaveStage.save(similarity: model, spec: spec, data: data, layout: layout) { state.notes.append(note) }
        return result
    }

    /// Finished trials from the results folder, then from the trial cache; what is left goes to `state.pending`.
    /// Returns the reused results by key.
    static func reuseStage(_ state: inout RunState, planned: [PlannedTrial], store: any TrialStoring) -> [String: TrialResult] {
        let options = state.options
        // With --force nothing stored is reused (nor moved), but unreadable entries are still reported.
        let stored = store.finished(options.force ? [] : planned)
        state.notes += stored.notes
        var results: [String: TrialResult] = [:]
        var damaged: [String] = []
        for t in planned {
            if !options.force, let stored = stored.byKey[t.key] {
                results[t.key] = stored
                // A trial finished before the cache existed (or with --no-cache) still serves other runs.
                if let cache = options.cache, !FileManager.default.fileExists(atPath: cache.url(for: t.key).path) {
                    try? cache.store(stored)
                }
            } else if !options.force, let cache = options.cache, case .hit(var cached) = lookup(cache, t.key, damaged: &damaged),
                      (try? store.save(retitled(&cached, as: t), for: t, computed: false)) != nil {
                results[t.key] = cached
                state.fromCache += 1
            } else if let pattern = options.only, !matches(pattern, t) {
                state.notRun += 1
            } else if let cap = state.spec.run.maxTrials, state.pending.count >= cap {
                state.notRun += 1
                state.cappedByMaxTrials += 1
            } else {
                state.pending.append(t)
            }
        }
        for d in damaged { state.notes.append("damaged trial-cache entry removed and recomputed: \(d)") }
        state.reused = results.count
        return results
    }

    /// A reused trial under this plan's id and model name (the content key is the same).
    private static func retitled(_ trial: inout TrialResult, as planned: PlannedTrial) -> TrialResult {
        trial.id = planned.id
        trial.model = planned.model
        return trial
    }

    /// The pending trials on the workers, each stored as it finishes; stops starting trials on an
    /// interrupt or past the time budget. Adds the results to `trials`.
    static func trialStage(_ state: inout RunState, planned: [PlannedTrial], trials: inout [String: TrialResult],
                           data: PreparedData, splits: [ReplicateKey: PreparedSplit], store: any TrialStoring) throws {
        let spec = state.spec, options = state.options, pending = state.pending, workers = state.workers
        let deadline = spec.run.timeBudget.map { state.started.addingTimeInterval($0) }
        if !pending.isEmpty {
            let fromFolder = state.reused - state.fromCache
            let reuse = state.reused == 0 ? ""
                : " (\(fromFolder) reused from \(store.location)\(state.fromCache > 0 ? ", \(state.fromCache) from the trial cache" : ""))"
            state.progress.stage("running \(pending.count) trial\(pending.count == 1 ? "" : "s") on \(workers) worker\(workers == 1 ? "" : "s")" + reuse)
        }
        state.progress.begin(total: pending.count)
        state.blas(\.trials)
        state.kept = KeptModel.choose(spec, trials: planned)
        let executor = TrialExecutor(dataset: data.dataset, splits: splits, metrics: spec.computedMetrics, progress: state.progress,
                                     store: store, cache: options.cache, recomputeBefore: options.force ? state.started : nil,
                                     kept: state.kept, spark: spec.spark.settings, stop: options.stop, ranking: spec.rankingProtocol, rankingSetup: spec.rankingSetup,
                                     perUserMetrics: spec.perUserMetrics)
        let computed = state.timed("trials") {
            TrialScheduler.run(count: pending.count, workers: workers, deadline: deadline, stop: options.stop) { i, worker in
                executor.run(pending[i], worker: worker)
            }
        }
        state.progress.finish()
        var elsewhere: [PlannedTrial] = []
        for (t, outcome) in zip(pending, computed) {
            guard let outcome else { state.notRun += 1; continue }
            record(&state, t, outcome, trials: &trials, elsewhere: &elsewhere)
        }
        state.unstarted = computed.filter { $0 == nil }.count
        awaitOthers(&state, elsewhere, trials: &trials, store: store, executor: executor)
        state.interrupted = options.stop?.isRequested == true && state.unstarted > 0
        if state.interrupted {
            state.notes.append("interrupted: \(state.unstarted) trial(s) not started or abandoned, \(state.executed) finished and stored; "
                               + "run the same command again to continue from there")
        } else if let budget = spec.run.timeBudget, state.unstarted > 0 {
            state.notes.append("time budget of \(Int(budget)) s reached: \(state.unstarted) trial(s) not started; run again to continue")
        }
        if state.cappedByMaxTrials > 0 {
            state.notes.append("run.max_trials: \(state.cappedByMaxTrials) trial(s) left for the next run of the same command")
        }
        store.finish(planned: planned, complete: options.only == nil && state.notRun == 0)
    }

    /// Files one trial's outcome: a result (computed here or by another run), or a trial to wait for.
    static func record(_ state: inout RunState, _ t: PlannedTrial, _ outcome: TrialExecutor.Outcome,
                       trials: inout [String: TrialResult], elsewhere: inout [PlannedTrial]) {
        switch outcome {
        case .computed(let r):
            state.executed += 1
            trials[t.key] = r
            if r.status == .failed { state.failed.append("\(t.id): \(r.message ?? "failed")") }
        case .storedByAnotherRun(let r):
            trials[t.key] = r
            state.reused += 1
            state.fromOtherRuns += 1
        case .claimedElsewhere:
            elsewhere.append(t)
        }
    }

    /// Trials another process claimed (a concurrent `reclab run` on the same folder): wait for their
    /// results, or run them here if their owner died (its claim went stale), until each is resolved
    /// or a stop is requested.
    static func awaitOthers(_ state: inout RunState, _ claimed: [PlannedTrial], trials: inout [String: TrialResult],
                            store: any TrialStoring, executor: TrialExecutor) {
        let options = state.options
        var waiting = claimed
        if !waiting.isEmpty {
            state.progress.stage("waiting for \(waiting.count) trial\(waiting.count == 1 ? "" : "s") another run on this folder is computing")
        }
        while !waiting.isEmpty && state.options.stop?.isRequested != true {
            var still: [PlannedTrial] = []
            for t in waiting {
                if let r = store.result(of: t, storedSince: options.force ? state.started : nil) {
                    record(&state, t, .storedByAnotherRun(r), trials: &trials, elsewhere: &still)
                } else if store.isClaimed(t) {
                    still.append(t)
                } else {
                    record(&state, t, executor.run(t, worker: 0), trials: &trials, elsewhere: &still)
                }
            }
            waiting = still
            if !waiting.isEmpty { Thread.sleep(forTimeInterval: 0.25) }
        }
        state.notRun += waiting.count
        state.unstarted += waiting.count
    }

    /// The recommendation lists (skipped after an interrupt), saving the model they came from for `serve`.
    static func recommendStage(_ state: inout RunState, planned: [PlannedTrial], trials: [String: TrialResult], data: PreparedData,
                               splits: [ReplicateKey: PreparedSplit], layout: ResultsLayout) throws -> [RecommendationList] {
        let spec = state.spec
        if state.interrupted && spec.recommendEnabled {
            state.notes.append("recommendations skipped because the run was interrupted")
            return []
        }
        guard spec.recommendEnabled, let name = spec.recommend.model else { return [] }
        state.progress.stage("recommending top \(spec.recommend.n) for user\(spec.recommend.users.count == 1 ? "" : "s") \(spec.recommend.users.map(String.init).joined(separator: ", ")) with \(name)")
        let kept = state.kept
        var notes: [String] = []
        let lists = try state.timed("recommend") {
            try RecommendStage.run(spec, model: name, trials: planned, results: trials, dataset: data.dataset,
                                   splits: splits, kept: kept) { trial, fitted, split in
                if let note = ModelSaveStage.save(fitted, trial: trial, split: split, spec: spec, data: data, layout: layout) {
                    notes.append(note)
                }
            }
        }
        state.notes += notes
        return lists
    }
}
