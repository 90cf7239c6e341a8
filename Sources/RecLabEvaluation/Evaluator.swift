import Foundation
import RecLabCore
import RecLabData
import RecLabModels

/// What `Evaluator.evaluate` measures besides RMSE/MAE/FCP.
public struct EvaluationOptions: Sendable {
    /// Cut-offs for the top-N metrics; empty skips them (they predict every unrated movie for every test user).
    public var topK: [Int]
    /// Which test movies are relevant and which movies compete for the lists.
    public var ranking: RankingProtocol
    /// Evaluate top-N on at most this many test users (seeded sample), nil for all.
    public var topNUserSample: Int?
    /// Record test RMSE per epoch in the learning curve (one prediction pass per epoch).
    public var validationCurve: Bool
    public var progress: EpochProgress?

    public init(topK: [Int] = [10], ranking: RankingProtocol = .standard, topNUserSample: Int? = nil,
                validationCurve: Bool = true, progress: EpochProgress? = nil) {
        self.topK = topK
        self.ranking = ranking
        self.topNUserSample = topNUserSample
        self.validationCurve = validationCurve
        self.progress = progress
    }
}

/// Everything measured for one model on one split: plain Codable values for the runner to store.
public struct ModelEvaluation: Sendable, Codable, Equatable {
    public var kind: String
    /// Hyperparameters as given to the model, rendered as text.
    public var parameters: [String: String]
    public var seed: UInt64
    public var split: SplitReport
    public var rmse: Double?
    public var mae: Double?
    public var fcp: Double?
    public var perUserRMSE: Distribution?
    /// Test predictions for which the model fell back to the global mean.
    public var impossiblePredictions: Int
    public var topN: [TopNMetrics]
    public var fitSeconds: Double
    public var predictSeconds: Double
    public var learningCurve: LearningCurve
    /// Epoch at which SGD diverged (its predictions are then the global mean), nil if it did not.
    public var divergedAtEpoch: Int?
}

/// Fits a model on a split's training rows and measures it on the test rows.
public enum Evaluator {
    /// Fit `model` on `split.train` with `seed`, predict `split.test`, compute
    /// the metrics. A diverged fit still yields finite metrics (fallback
    /// predictions) with `divergedAtEpoch` set; an empty test set yields nil
    /// metrics, and so does a ranking model (`predictsRatings` false) for
    /// RMSE, MAE, FCP and the per-user RMSE: only its top-N metrics exist.
    public static func evaluate(_ model: any RatingModel, dataset: Dataset, split: Split, seed: UInt64,
                                options: EvaluationOptions = EvaluationOptions()) throws -> ModelEvaluation {
        let train = split.trainingSet(dataset)
        let test = split.testRatings(dataset)
        let t0 = DispatchTime.now().uptimeNanoseconds
        let fitted = try model.fit(train, seed: seed,
                                   options: FitOptions(progress: options.progress,
                                                       validation: options.validationCurve && !test.isEmpty ? test : nil))
        let t1 = DispatchTime.now().uptimeNanoseconds
        return measure(fitted, kind: model.kind, parameters: model.parameters, seed: seed, dataset: dataset,
                       split: split, train: train, test: test, fitSeconds: Double(t1 - t0) / 1e9, options: options)
    }

    /// The metrics of an already fitted model on a split.
    public static func measure(_ fitted: any FittedRatingModel, kind: String, parameters: Parameters, seed: UInt64,
                               dataset: Dataset, split: Split, train: TrainingSet, test: Ratings,
                               fitSeconds: Double, options: EvaluationOptions) -> ModelEvaluation {
        let t1 = DispatchTime.now().uptimeNanoseconds
        let predictions = fitted.predict(users: test.users, movies: test.movies)
        var predicted = [Float](repeating: 0, count: test.count)
        var impossible = 0
        for k in 0..<test.count {
            predicted[k] = predictions[k].value
            if predictions[k].wasImpossible { impossible += 1 }
        }
        let t2 = DispatchTime.now().uptimeNanoseconds
        var topN: [TopNMetrics] = []
        if let maxK = options.topK.max(), maxK > 0, !test.isEmpty {
            topN = rankingMetrics(fitted, maxK: maxK, seed: seed, dataset: dataset, train: train, test: test, options: options)
        }
        let actual = test.values
        // A ranking model's scores are not ratings: its rating metrics are absent, never computed from scores.
        let rates = fitted.predictsRatings
        return ModelEvaluation(
            kind: kind, parameters: parameters.mapValues(\.description), seed: seed, split: split.report,
            rmse: rates ? RatingMetrics.rmse(predicted: predicted, actual: actual) : nil,
            mae: rates ? RatingMetrics.mae(predicted: predicted, actual: actual) : nil,
            fcp: rates ? RatingMetrics.fcp(users: test.users, predicted: predicted, actual: actual) : nil,
            perUserRMSE: rates ? RatingMetrics.perUserRMSE(users: test.users, predicted: predicted, actual: actual) : nil,
            impossiblePredictions: impossible, topN: topN, fitSeconds: fitSeconds,
            predictSeconds: Double(t2 - t1) / 1e9, learningCurve: fitted.learningCurve,
            divergedAtEpoch: fitted.learningCurve.divergedAtEpoch)
    }

    /// The top-N metrics at every K of `options.topK` under `options.ranking`: each test user's list of
    /// `maxK` candidates (see `RankingProtocol`), ranked by the model's unclipped estimate (impossible
    /// or non-finite estimates score the global mean), ties by smaller movie id. Public so that a
    /// benchmark can time the ranking metrics alone (`rating-bench ranking-eval`).
    public static func rankingMetrics(_ fitted: any FittedRatingModel, maxK: Int, seed: UInt64, dataset: Dataset,
                               train: TrainingSet, test: Ratings, options: EvaluationOptions) -> [TopNMetrics] {
        let proto = options.ranking
        var relevant: [Int32: Set<Int32>] = [:]
        var tested: [Int32: Set<Int32>] = [:]
        for k in 0..<test.count {
            let u = test.users[k], m = test.movies[k]
            relevant[u, default: []].formUnion(proto.relevance.isRelevant(test.values[k]) ? [m] : [])
            if case .sampled = proto.candidates { tested[u, default: []].insert(m) }
        }
        var users = relevant.keys.sorted()
        if let cap = options.topNUserSample, cap < users.count {
            var perm = Array(users.indices)
            var rng = Xoshiro256StarStar(seed: SplitMix64.derive(seed, "topn.sample"))
            for i in stride(from: perm.count - 1, to: 0, by: -1) {
                perm.swapAt(i, Int(UInt64(i + 1).multipliedFullWidth(by: rng.next()).high))
            }
            users = perm.prefix(cap).map { users[$0] }.sorted()
        }
        let lists: [[Int32]]
        switch proto.candidates {
        case .allUnrated:
            lists = users.map { u in
                let skip = proto.excludeTrain ? train.movies(ratedBy: u) : []
                return fitted.recommend(user: u, count: maxK, excluding: skip).map(\.movie)
            }
        case .sampled(let negatives, let negativeSeed):
            lists = users.map { u in
                let own = tested[u] ?? []
                var excluded = own
                for m in train.movies(ratedBy: u) where m >= 0 && Int(m) < dataset.movieCount { excluded.insert(m) }
                var rng = Xoshiro256StarStar(seed: RankingProtocol.negativeSeed(negativeSeed, replicate: seed, user: u))
                let drawn = RankingProtocol.sample(count: negatives, movieCount: dataset.movieCount, excluded: excluded, rng: &rng)
                var best = TopK(capacity: maxK)
                for m in own.sorted() + drawn { best.offer(id: m, score: fitted.rankingScore(user: u, movie: m)) }
                return best.sorted().map(\.id)
            }
        }
        let rel = users.map { relevant[$0] ?? [] }
        var counts = [Int](repeating: 0, count: dataset.movieCount)
        for m in train.userMovies where Int(m) < counts.count { counts[Int(m)] += 1 }
        return options.topK.filter { $0 > 0 }.map {
            TopNMetrics.compute(k: $0, threshold: proto.relevance.threshold, lists: lists, relevant: rel,
                                movieCount: dataset.movieCount, trainingCounts: counts, users: users)
        }
    }
}
