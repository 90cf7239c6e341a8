import RecLabCore
import RecLabData
import RecLabEvaluation
import RecLabModels
import RecLabResults

/// One train/test split, built once per run and shared by every trial on it.
struct PreparedSplit: Sendable {
    var key: ReplicateKey
    var split: Split
    var train: TrainingSet
    var test: Ratings
    var summary: SplitSummary

    static func strategy(_ s: SplitSpec) -> SplitStrategy {
        switch s.kind {
        case .holdout: return .randomHoldOut(testFraction: s.testFraction)
        case .kfold: return .kFold(k: s.folds)
        case .userHoldout: return s.lastN.map { .perUserLastN($0) } ?? .perUserFraction(s.testFraction)
        case .temporal: return .temporalFraction(s.testFraction)
        }
    }

    /// Every (seed, fold) of the experiment; the rows of seed s come from
    /// `SplitStrategy.splits(of:seed: SplitMix64.derive(s, "split"))`.
    static func build(_ spec: ExperimentSpec, dataset: Dataset) throws -> [ReplicateKey: PreparedSplit] {
        var out: [ReplicateKey: PreparedSplit] = [:]
        let strategy = strategy(spec.split)
        var bySeed: [UInt64: [Split]] = [:]
        for rep in spec.repetitions {
            if bySeed[rep.seed] == nil {
                do { bySeed[rep.seed] = try strategy.splits(of: dataset, seed: SplitMix64.derive(rep.seed, "split")) } catch {
                    throw ExperimentError("split: \(error)", key: "split")
                }
            }
            let all = bySeed[rep.seed] ?? []
            let index = rep.fold ?? 0
            guard index < all.count else {
                throw ExperimentError("split: fold \(index) does not exist (the split made \(all.count))", key: "split.folds")
            }
            let split = all[index]
            let key = ReplicateKey(splitSeed: rep.seed, fold: rep.fold)
            let r = split.report
            let summary = SplitSummary(
                kind: spec.split.kind.rawValue, seed: rep.seed, fold: rep.fold, trainCount: r.trainCount, testCount: r.testCount,
                testRatingsWithUnseenUser: 0, testRatingsWithUnseenMovie: r.testRatingsWithUnseenID,
                unseenUsers: r.unseenTestUsers, unseenMovies: r.unseenTestMovies)
            out[key] = PreparedSplit(key: key, split: split, train: split.trainingSet(dataset), test: split.testRatings(dataset),
                                     summary: summary)
        }
        return out
    }
}
