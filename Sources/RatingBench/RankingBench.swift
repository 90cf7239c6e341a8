import Foundation
import RecLabData
import RecLabModels

/// Clock of the previous progress callback (the callback runs on the fitting thread).
final class IterationClock: @unchecked Sendable {
    var last = DispatchTime.now().uptimeNanoseconds
    var seconds: [Double] = []
    func tick() {
        let now = DispatchTime.now().uptimeNanoseconds
        seconds.append(Double(now - last) / 1e9)
        last = now
    }
}

/// Peak resident set of this process in MiB (`getrusage`, kilobytes on Linux).
func peakRSSMiB() -> Double {
    var u = rusage()
    getrusage(RUSAGE_SELF.rawValue, &u)
    return Double(u.ru_maxrss) / 1024
}

/// Fits `kind` on `train` with `threads` threads and one line of JSON: wall seconds of each
/// iteration (from the progress callback), fit seconds, NDCG@10 over the users with a test
/// rating ≥ 4 (rows with index % 5 == 0; the first `evalUsers` of them by inner id when > 0),
/// training movies excluded, and the peak RSS.
func rankingBench(kind: String, params: Parameters, threads: Int, train: TrainingSet, dataset: Dataset,
                  seed: UInt64, evalUsers: Int) throws -> String {
    let clock = IterationClock()
    let options = FitOptions(progress: { _, _ in clock.tick() })
    let t0 = DispatchTime.now().uptimeNanoseconds
    clock.last = t0
    let fitted: any FittedRatingModel
    switch kind {
    case ALSImplicit.kindName:
        var m = try ALSImplicit(parameters: params)
        m.threads = threads
        fitted = try m.fit(train, seed: seed, options: options)
    case BPR.kindName:
        fitted = try BPR(parameters: params).fit(train, seed: seed, options: options)
    default:
        fitted = try ModelRegistry.make(kind: kind, parameters: params).fit(train, seed: seed, options: options)
    }
    let fitSeconds = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
    var relevant: [Int32: Set<Int32>] = [:]
    let r = dataset.ratings
    for row in stride(from: 0, to: r.count, by: 5) where r.values[row] >= 4 {
        relevant[r.users[row], default: []].insert(r.movies[row])
    }
    var users = relevant.keys.sorted()
    if evalUsers > 0 { users = Array(users.prefix(evalUsers)) }
    let e0 = DispatchTime.now().uptimeNanoseconds
    var ndcg = 0.0
    for u in users {
        let rel = relevant[u]!
        let top = fitted.recommend(user: u, count: 10, train: train).map(\.movie)
        var dcg = 0.0
        for (rank, m) in top.enumerated() where rel.contains(m) { dcg += 1 / log2(Double(rank) + 2) }
        let idcg = (0..<min(10, rel.count)).reduce(0.0) { $0 + 1 / log2(Double($1) + 2) }
        ndcg += dcg / idcg
    }
    let evalSeconds = Double(DispatchTime.now().uptimeNanoseconds - e0) / 1e9
    let perIteration = clock.seconds.sorted()
    let median = perIteration.isEmpty ? 0 : perIteration[perIteration.count / 2]
    return "{\"tool\": \"reclab\", \"kind\": \"\(kind)\", \"threads\": \(threads), \"train\": \(train.count), "
        + "\"fit_seconds\": \(fitSeconds), \"iteration_seconds_median\": \(median), "
        + "\"iteration_seconds\": \(perIteration), \"ndcg10\": \(ndcg / Double(max(1, users.count))), "
        + "\"eval_users\": \(users.count), \"eval_seconds\": \(evalSeconds), \"peak_rss_mib\": \(peakRSSMiB())}"
}
