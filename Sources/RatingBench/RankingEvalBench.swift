import Foundation
import RecLabData
import RecLabModels
import RecLabEvaluation

/// Forwards `estimate` to a fitted model but is no `BatchScoringModel`, so that
/// `recommend` takes the per-pair path: the evaluator's lists as they were built
/// before batch scoring. Generic, so the forwarded call is a direct (specialised) call.
struct PerPairScores<Base: FittedRatingModel>: FittedRatingModel {
    static var predictsRatings: Bool { false }
    let base: Base
    var summary: TrainingSummary { base.summary }
    var learningCurve: LearningCurve { base.learningCurve }
    func estimate(user: Int32, movie: Int32) -> Estimate { base.estimate(user: user, movie: movie) }
}

func perPair<M: FittedRatingModel>(_ m: M) -> any FittedRatingModel { PerPairScores(base: m) }

/// Time of the evaluator's ranking metrics (`Evaluator.rankingMetrics`: every test user's top-20
/// list under the standard protocol, then every metric at K 5, 10 and 20), fit excluded, in wall
/// and process CPU seconds. Training rows: index not a multiple of 5; test: the others. Runs the
/// batch path (`BatchScoringModel`) and, unless `perPairRuns` is 0, the per-pair path, alternating,
/// and checks that both give identical metrics (per-user values included).
func rankingEvalBench(kind: String, params: Parameters, dataset: Dataset, seed: UInt64, runs: Int,
                      perPairRuns: Int) throws -> String {
    let n = dataset.ratings.count
    let split = try Split(name: "every-5th", train: (0..<n).filter { $0 % 5 != 0 },
                          test: Array(stride(from: 0, to: n, by: 5)), dataset: dataset)
    let train = split.trainingSet(dataset)
    let test = split.testRatings(dataset)
    let model = try ModelRegistry.make(kind: kind, parameters: params)
    let t0 = DispatchTime.now().uptimeNanoseconds
    let fitted = try model.fit(train, seed: seed)
    let fitSeconds = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
    let options = EvaluationOptions(topK: [5, 10, 20], validationCurve: false)
    func rank(_ f: any FittedRatingModel) -> (wall: Double, cpu: Double, metrics: [TopNMetrics]) {
        let c = cpuSeconds()
        let s = DispatchTime.now().uptimeNanoseconds
        let m = Evaluator.rankingMetrics(f, maxK: 20, seed: seed, dataset: dataset, train: train, test: test,
                                         options: options)
        return (Double(DispatchTime.now().uptimeNanoseconds - s) / 1e9, cpuSeconds() - c, m)
    }
    let slow = perPair(fitted)
    var batch: [Double] = [], batchCPU: [Double] = [], pairs: [Double] = [], pairsCPU: [Double] = []
    var reference: [TopNMetrics]?
    var identical = true
    for r in 0..<max(runs, perPairRuns) {
        if r < runs {
            let b = rank(fitted)
            batch.append(b.wall); batchCPU.append(b.cpu)
            if let ref = reference { identical = identical && ref == b.metrics } else { reference = b.metrics }
        }
        if r < perPairRuns {
            let p = rank(slow)
            pairs.append(p.wall); pairsCPU.append(p.cpu)
            if let ref = reference { identical = identical && ref == p.metrics } else { reference = p.metrics }
        }
    }
    func median(_ xs: [Double]) -> String { xs.isEmpty ? "null" : "\(xs.sorted()[xs.count / 2])" }
    let top = reference?.first { $0.k == 10 }
    return "{\"kind\": \"\(kind)\", \"batch_scoring\": \(fitted is any BatchScoringModel), \"train\": \(train.count), "
        + "\"test\": \(test.count), \"movies\": \(dataset.movieCount), \"fit_seconds\": \(fitSeconds), "
        + "\"ranked_users\": \(Set(test.users).count), \"metric_users\": \(top?.users ?? 0), "
        + "\"batch_wall\": \(batch), \"batch_cpu\": \(batchCPU), \"per_pair_wall\": \(pairs), "
        + "\"per_pair_cpu\": \(pairsCPU), \"median_batch_cpu\": \(median(batchCPU)), "
        + "\"median_per_pair_cpu\": \(median(pairsCPU)), \"both_paths_run\": \(runs > 0 && perPairRuns > 0), "
        + "\"identical_metrics\": \(identical), \"ndcg10\": \(top?.ndcg ?? .nan), \"peak_rss_mib\": \(peakRSSMiB())}"
}
