import Foundation
import RecLabData
import RecLabModels
import RecLabResults

/// Top-N unrated movies per configured user: the named model's best
/// configuration (by the first metric) refitted on the first repetition's
/// training set with that trial's seed, so the list is reproducible (the
/// trial stage's own fit of that trial when it kept it: the same model).
enum RecommendStage {
    static func run(_ spec: ExperimentSpec, model name: String, trials: [PlannedTrial], results: [String: TrialResult],
                    dataset: Dataset, splits: [ReplicateKey: PreparedSplit], kept: KeptModel? = nil,
                    fitted keep: (PlannedTrial, any FittedRatingModel, PreparedSplit) -> Void = { _, _, _ in }) throws -> [RecommendationList] {
        let candidates = trials.filter { $0.model == name }
        guard !candidates.isEmpty else { return [] }
        // Best configuration by the primary metric's mean over repetitions.
        let metric = spec.metrics.first ?? MetricSpec(.rmse)
        var byConfig: [Int: [Double]] = [:]
        for t in candidates { if let v = results[t.key]?.metrics[metric.description] { byConfig[t.configuration, default: []].append(v) } }
        let mean = byConfig.mapValues { $0.reduce(0, +) / Double($0.count) }
        let bestConfig = mean.min { a, b in metric.lowerIsBetter ? a.value < b.value : a.value > b.value }?.key ?? candidates[0].configuration
        guard let trial = candidates.first(where: { $0.configuration == bestConfig }),
              let split = splits[ReplicateKey(splitSeed: trial.splitSeed, fold: trial.fold)] else { return [] }
        let fitted: any FittedRatingModel
        if let reused = kept?.model(for: trial.key) {
            fitted = reused
        } else {
            do {
                let model = try ModelRegistry.make(kind: trial.kind, parameters: trial.parameters)
                fitted = try model.fit(split.train, seed: trial.fitSeed, options: FitOptions(spark: spec.spark.settings))
            } catch {
                throw ExperimentError("recommend: could not fit \(name): \(error)", key: "recommend.model")
            }
        }
        keep(trial, fitted, split)
        var lists: [RecommendationList] = []
        for user in spec.recommend.users {
            guard let inner = dataset.users.inner(user) else {
                throw ExperimentError("recommend: user \(user) is not in the data (after filters)", key: "recommend.users",
                                      expected: "a MovieLens userId present in ratings.csv")
            }
            let top = fitted.recommend(user: inner, count: spec.recommend.n, train: split.train)
            lists.append(RecommendationList(userId: user, model: name, trialId: trial.id, movies: top.map {
                RecommendedMovie(movieId: dataset.movies.raw($0.movie), title: dataset.titles[Int($0.movie)],
                                 predictedRating: Double($0.rating))
            }, isScore: fitted.predictsRatings ? nil : true))
        }
        return lists
    }
}
