import Foundation
import RecLabData
import RecLabEvaluation
import RecLabModels
import RecLabResults

/// Trains and evaluates one planned trial on its shared split and stores the
/// result at once. Deterministic: the model is seeded only by the trial's
/// `fitSeed`, so the worker and the order do not matter.
struct TrialExecutor: Sendable {
    var dataset: Dataset
    var splits: [ReplicateKey: PreparedSplit]
    var metrics: [MetricSpec]
    var progress: ProgressReporter
    var store: any TrialStoring
    /// Also files each finished trial here, for other runs.
    var cache: TrialCache?
    /// With `--force`, results stored before this instant are recomputed rather than taken.
    var recomputeBefore: Date?
    /// Where the fitted model the recommendation stage will use is kept.
    var kept = KeptModel(trialKey: nil)
    /// Where Spark-fitted models run their job (`spark:` of the experiment).
    var spark: SparkSettings? = nil
    /// The run's stop request: a Spark job still running when its grace period is over is stopped.
    var stop: StopRequest? = nil
    /// The protocol of the top-N metrics, and how results record it (nil when no top-N metric is wanted).
    var ranking: RankingProtocol = .standard
    var rankingSetup: RankingSetup? = nil
    /// The metrics whose per-user values are stored (`ExperimentSpec.perUserMetrics`); nil: every wanted one.
    var perUserMetrics: [MetricSpec]? = nil

    /// What became of a trial handed to `run`.
    enum Outcome: Sendable {
        /// Fitted and evaluated here, and stored.
        case computed(TrialResult)
        /// Another run on the same results folder stored it since this run looked.
        case storedByAnotherRun(TrialResult)
        /// Another run holds its claim and is computing it now.
        case claimedElsewhere
    }

    /// Claims the trial in the store, then computes and stores it unless another run already has.
    /// A store that cannot be reached fails the trial (with the store's message) rather than the run.
    func run(_ t: PlannedTrial, worker: Int) -> Outcome {
        do {
            guard try store.claim(t) else { return .claimedElsewhere }
        } catch {
            return .computed(failed(t, worker: worker, message: "could not claim the trial: \(error)"))
        }
        defer { store.release(t) }
        if let done = store.result(of: t, storedSince: recomputeBefore) { return .storedByAnotherRun(done) }
        return .computed(compute(t, worker: worker))
    }

    func compute(_ t: PlannedTrial, worker: Int) -> TrialResult {
        progress.trialStarted(worker: worker, id: t.id)
        store.log("start", t)
        let t0 = Date()
        var result = Self.blankResult(t)
        do {
            guard let split = splits[ReplicateKey(splitSeed: t.splitSeed, fold: t.fold)] else {
                throw ExperimentError("no split for seed \(t.splitSeed) fold \(t.fold.map(String.init) ?? "-")")
            }
            let model = try ModelRegistry.make(kind: t.kind, parameters: t.parameters)
            let p = progress
            let fitted = try model.fit(split.train, seed: t.fitSeed, options: FitOptions(
                progress: { e, n in p.epoch(worker: worker, epoch: e, of: n) },
                validation: split.test.isEmpty ? nil : split.test, spark: spark,
                shouldStop: { [stop] in stop?.graceExpired == true }))
            let fitSeconds = Date().timeIntervalSince(t0)
            kept.offer(fitted, for: t.key)
            let ks = Array(Set(metrics.compactMap(\.k))).sorted()
            let eval = Evaluator.measure(
                fitted, kind: t.kind, parameters: t.parameters, seed: t.fitSeed, dataset: dataset, split: split.split,
                train: split.train, test: split.test, fitSeconds: fitSeconds,
                options: EvaluationOptions(topK: ks, ranking: ranking, validationCurve: true))
            result.metrics = Self.metrics(eval, wanted: metrics)
            if !eval.topN.isEmpty {
                result.ranking = rankingSetup
                result.perUser = Self.perUser(eval, wanted: perUserMetrics ?? metrics, dataset: dataset)
            }
            result.fitSeconds = fitSeconds
            result.predictSeconds = eval.predictSeconds
            let curve = eval.learningCurve
            result.learningCurve = curve.trainRMSE.enumerated().map { i, v in
                EpochPoint(epoch: i + 1, trainRMSE: v, testRMSE: i < curve.validationRMSE.count ? curve.validationRMSE[i] : nil)
            }
            result.divergedAtEpoch = eval.divergedAtEpoch
            result.status = eval.divergedAtEpoch == nil ? .ok : .diverged
        } catch {
            result.status = .failed
            result.message = "\(error)"
        }
        result.seconds = Date().timeIntervalSince(t0)
        do { try store.save(result, for: t, computed: true) } catch {
            result.status = .failed
            result.message = "could not store the result: \(error)"
        }
        // The results folder holds the trial; the cache copy only saves other runs work.
        try? cache?.store(result)
        store.log(result.status == .failed ? "failed" : "finish", t)
        let shown = metrics.first.flatMap { m in result.metrics[m.description].map { "\(m)=\(String(format: "%.4f", $0))" } }
        progress.trialFinished(worker: worker, id: t.id,
                               summary: result.status == .ok ? (shown ?? "done") : "\(result.status.rawValue)\(result.message.map { ": \($0)" } ?? "")")
        return result
    }

    /// `t`'s result before anything is measured: its identity, parameters and replicate, no metrics.
    static func blankResult(_ t: PlannedTrial) -> TrialResult {
        TrialResult(
            id: t.id, contentHash: t.key, model: t.model, kind: t.kind,
            parameters: t.parameters.mapValues(Self.resultValue), seed: t.fitSeed,
            replicate: ReplicateKey(splitSeed: t.splitSeed, fold: t.fold), metrics: [:], seconds: 0)
    }

    /// A trial that did not start, as a `failed` result carrying `message`.
    func failed(_ t: PlannedTrial, worker: Int, message: String) -> TrialResult {
        var result = Self.blankResult(t)
        result.status = .failed
        result.message = message
        progress.trialFinished(worker: worker, id: t.id, summary: "failed: \(message)")
        return result
    }

    static func metrics(_ e: ModelEvaluation, wanted: [MetricSpec]) -> [String: Double] {
        var out: [String: Double] = [:]
        for m in wanted {
            let v: Double?
            let t = e.topN.first { $0.k == m.k }
            // Exhaustive: a new row of the metric table must be mapped here.
            switch m.kind {
            case .rmse: v = e.rmse
            case .mae: v = e.mae
            case .fcp: v = e.fcp
            case .precision: v = t?.precision
            case .recall: v = t?.recall
            case .ndcg: v = t?.ndcg
            case .hitRate: v = t?.hitRate
            case .map: v = t?.map
            case .mrr: v = t?.mrr
            case .coverage: v = t?.coverage
            case .popularity: v = t?.popularity
            }
            if let v, v.isFinite { out[m.description] = v }
        }
        return out
    }

    static func resultValue(_ p: ParameterValue) -> ResultValue {
        switch p {
        case .int(let v): return .int(v)
        case .double(let v): return .double(v)
        case .bool(let v): return .bool(v)
        case .string(let v): return .string(v)
        }
    }
}
