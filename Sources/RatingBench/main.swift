// rating-bench: the RecLab side of the rating-model oracle and benchmark
// scripts (scripts/oracles/surprise_models.py, scripts/oracles/surprise_bench.py).
//
//   rating-bench split --data DIR --seed S [--test-fraction 0.25] --out FILE
//       writes the test row indices (0-based rows of ratings.csv) of RecLab's
//       seeded random hold-out, one per line.
//   rating-bench fit --data DIR --test FILE --kind KIND [--seed S] [--repeat N] [key=value ...]
//       fits KIND on the other rows, prints one JSON line: rmse, best fit seconds.
//   rating-bench ranking-eval --data DIR --kind KIND [--seed S] [--runs N] [--per-pair-runs N] [key=value ...]
//       the evaluator's ranking-metric seconds for every test user (rows whose index is a multiple
//       of 5), fit excluded, through batch scoring and through per-pair estimates; one JSON line.
import Foundation
import RecLabData
import RecLabModels
import RecLabEvaluation
import RecLabLinearAlgebra

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("rating-bench: \(message)\n".utf8))
    exit(2)
}

/// CPU seconds used by this process (all threads): robust to a busy host for single-threaded work.
func cpuSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func option(_ args: [String], _ name: String) -> String? {
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    return args[i + 1]
}

func parseValue(_ s: String) -> ParameterValue {
    if let i = Int(s) { return .int(i) }
    if let d = Double(s) { return .double(d) }
    if s == "true" || s == "false" { return .bool(s == "true") }
    return .string(s)
}

// As `reclab` does at start: OpenBLAS' workers would otherwise spin beside the first fit.
BLASThreads.park()

let args = Array(CommandLine.arguments.dropFirst())
guard let command = args.first else { fail("usage: rating-bench split|fit …") }
guard let dataPath = option(args, "--data") else { fail("--data DIR is required") }
let dataset: Dataset
do { dataset = try MovieLensLoader.load(URL(fileURLWithPath: dataPath)) } catch { fail("\(error)") }
let seed = UInt64(option(args, "--seed") ?? "0") ?? 0

switch command {
case "split":
    guard let out = option(args, "--out") else { fail("--out FILE is required") }
    let fraction = Double(option(args, "--test-fraction") ?? "0.25") ?? 0.25
    do {
        let split = try SplitStrategy.randomHoldOut(testFraction: fraction).splits(of: dataset, seed: seed)[0]
        try (split.test.map(String.init).joined(separator: "\n") + "\n").write(toFile: out, atomically: true, encoding: .utf8)
        print("{\"train\": \(split.train.count), \"test\": \(split.test.count)}")
    } catch { fail("\(error)") }
case "fit":
    guard let testPath = option(args, "--test"), let kind = option(args, "--kind") else { fail("--test and --kind are required") }
    let repeats = Int(option(args, "--repeat") ?? "1") ?? 1
    var params: Parameters = [:]
    for a in args where a.contains("=") && !a.hasPrefix("--") {
        let kv = a.split(separator: "=", maxSplits: 1).map(String.init)
        params[kv[0]] = parseValue(kv[1])
    }
    do {
        let text = try String(contentsOfFile: testPath, encoding: .utf8)
        let test = text.split(whereSeparator: \.isNewline).compactMap { Int($0) }
        var isTest = [Bool](repeating: false, count: dataset.ratings.count)
        for t in test { isTest[t] = true }
        let split = try Split(name: "file", train: (0..<dataset.ratings.count).filter { !isTest[$0] }, test: test,
                              dataset: dataset)
        let model = try ModelRegistry.make(kind: kind, parameters: params)
        let train = split.trainingSet(dataset)
        let testRatings = split.testRatings(dataset)
        var best = Double.infinity, bestPredict = Double.infinity, bestCPU = Double.infinity
        var rmse = 0.0
        // spark_als: where the best fit's time went (staging, spark-submit, Spark's own fit, reading back).
        var spark = ""
        for _ in 0..<max(1, repeats) {
            let c0 = cpuSeconds()
            let t0 = DispatchTime.now().uptimeNanoseconds
            let fitted = try model.fit(train, seed: seed)
            let t1 = DispatchTime.now().uptimeNanoseconds
            bestCPU = min(bestCPU, cpuSeconds() - c0)
            rmse = fitted.rmse(on: testRatings)
            let t2 = DispatchTime.now().uptimeNanoseconds
            if let t = (fitted as? FittedSparkALS)?.timings, Double(t1 - t0) / 1e9 < best {
                spark = ", \"spark\": {\"staging\": \(t.staging), \"job\": \(t.job), \"spark_fit\": \(t.sparkFit), "
                    + "\"read_back\": \(t.readBack), \"hand_off\": \(t.handOff)}"
            }
            best = min(best, Double(t1 - t0) / 1e9)
            bestPredict = min(bestPredict, Double(t2 - t1) / 1e9)
        }
        print("{\"kind\": \"\(kind)\", \"seed\": \(seed), \"rmse\": \(rmse), \"fit_seconds\": \(best), \"fit_cpu_seconds\": \(bestCPU), \"predict_seconds\": \(bestPredict), \"train\": \(train.count), \"test\": \(testRatings.count)\(spark)}")
    } catch { fail("\(error)") }
case "ranking":
    // Implicit-feedback models against the `implicit` library (scripts/bench-implicit): training rows are
    // the rows whose index is not a multiple of 5; prints seconds per iteration, peak RSS and NDCG@10.
    guard let kind = option(args, "--kind") else { fail("--kind is required") }
    let threads = Int(option(args, "--threads") ?? "1") ?? 1
    let evalUsers = Int(option(args, "--eval-users") ?? "0") ?? 0
    var params: Parameters = [:]
    for a in args where a.contains("=") && !a.hasPrefix("--") {
        let kv = a.split(separator: "=", maxSplits: 1).map(String.init)
        params[kv[0]] = parseValue(kv[1])
    }
    do {
        let n = dataset.ratings.count
        let train = TrainingSet(dataset: dataset, indices: (0..<n).filter { $0 % 5 != 0 })
        BLASThreads.set(1)  // the Gram matrix single-threaded, as implicit recommends for its own BLAS calls
        let result = try rankingBench(kind: kind, params: params, threads: threads, train: train, dataset: dataset,
                                      seed: seed, evalUsers: evalUsers)
        print(result)
    } catch { fail("\(error)") }
case "ranking-eval":
    // The evaluator's ranking-metric time for every test user, fit excluded (RankingEvalBench.swift).
    guard let kind = option(args, "--kind") else { fail("--kind is required") }
    var params: Parameters = [:]
    for a in args where a.contains("=") && !a.hasPrefix("--") {
        let kv = a.split(separator: "=", maxSplits: 1).map(String.init)
        params[kv[0]] = parseValue(kv[1])
    }
    do {
        BLASThreads.set(1)
        print(try rankingEvalBench(kind: kind, params: params, dataset: dataset, seed: seed,
                                   runs: Int(option(args, "--runs") ?? "1") ?? 1,
                                   perPairRuns: Int(option(args, "--per-pair-runs") ?? "1") ?? 1))
    } catch { fail("\(error)") }
default:
    fail("unknown command \(command)")
}
