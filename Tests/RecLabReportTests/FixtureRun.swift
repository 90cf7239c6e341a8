import Foundation
import RecLabResults

/// A small, fully fixed RunResult for the golden report and the tests: two
/// models over three seeds, a 2-parameter sweep, similarity lists, expectations.
/// No time or machine facts are read from the environment.
enum FixtureRun {
    /// The charts the fixture must produce (one or more per kind).
    static let chartNames = [
        "rating-histogram", "activity-distributions", "explained-variance-content", "explained-variance-collab",
        "rmse-vs-factors-svd", "rmse-vs-lr-svd", "heatmap-rmse-svd", "learning-curve-svd", "model-comparison-rmse",
    ]

    static func make() -> RunResult {
        let seeds: [UInt64] = [UInt64.max - 5, 17, 42]
        // RMSEs chosen by hand (not produced by any code under test).
        let baseline: [Double] = [0.9412, 0.9388, 0.9450]
        let svd: [[Double]] = [  // factors 10, 50 × lr 0.005, 0.01 → per seed
            [0.8801, 0.8790, 0.8832], [0.8721, 0.8705, 0.8760],
            [0.8755, 0.8740, 0.8781], [0.8690, 0.8671, 0.8712],
        ]
        var trials: [TrialResult] = []
        for (s, seed) in seeds.enumerated() {
            trials.append(
                TrialResult(
                    id: "baseline-\(s)", contentHash: "b\(s)", model: "baseline", kind: "baseline",
                    parameters: ["reg": .double(10)], seed: 1000 + UInt64(s),
                    replicate: ReplicateKey(splitSeed: seed), metrics: ["rmse": baseline[s], "mae": baseline[s] * 0.77],
                    seconds: 0.05 + Double(s) * 0.01))
        }
        var c = 0
        for factors in [10, 50] {
            for lr in [0.005, 0.01] {
                for (s, seed) in seeds.enumerated() {
                    let rmse = svd[c][s]
                    trials.append(
                        TrialResult(
                            id: "svd-\(c)-\(s)", contentHash: "s\(c)\(s)", model: "svd", kind: "svd",
                            parameters: ["factors": .int(factors), "lr": .double(lr), "reg": .double(0.02)],
                            seed: 2000 + UInt64(c * 10 + s), replicate: ReplicateKey(splitSeed: seed),
                            metrics: ["rmse": rmse, "mae": rmse * 0.77],
                            learningCurve: (1...5).map { e in
                                EpochPoint(epoch: e, trainRMSE: 1.0 - 0.05 * Double(e), testRMSE: 1.0 - 0.02 * Double(e))
                            },
                            seconds: 1.5 + Double(c) * 0.25))
                }
                c += 1
            }
        }
        let config: [ConfigEntry] = [
            .init(key: "reclab", value: "1"),
            .init(key: "name", value: "fixture"),
            .init(key: "seed", value: "7"),
            .init(key: "dataset.name", value: "synthetic-small"),
            .init(key: "dataset.filters.min_ratings_per_user", value: "2"),
            .init(key: "split.kind", value: "holdout"),
            .init(key: "split.test_fraction", value: "0.25", isDefault: true),
            .init(key: "split.seeds", value: "3"),
            .init(key: "similarity.components", value: "3"),
            .init(key: "similarity.queries", value: "[Alpha (2001)]"),
            .init(key: "models.baseline.kind", value: "baseline"),
            .init(key: "models.svd.kind", value: "svd"),
            .init(key: "sweep.svd.grid.factors", value: "[10, 50]"),
            .init(key: "sweep.svd.grid.lr", value: "[0.005, 0.01]"),
            .init(key: "recommend.users", value: "[1]"),
            .init(key: "recommend.n", value: "3"),
            .init(key: "expect.rmse.max", value: "0.9"),
        ]
        let text = """
            reclab: 1
            name: fixture
            seed: 7
            dataset: {name: synthetic-small, filters: {min_ratings_per_user: 2}}
            split: {kind: holdout, seeds: 3}
            similarity: {components: 3, queries: ["Alpha (2001)"]}
            models:
              baseline: {kind: baseline}
              svd: {kind: svd}
            sweep:
              svd: {grid: {factors: [10, 50], lr: [0.005, 0.01]}}
            recommend: {users: [1], n: 3}
            expect: {rmse: {max: 0.9}}

            """
        let dataset = DatasetSummary(
            name: "synthetic-small", origin: .synthetic, userCount: 5, movieCount: 6, ratingCount: 20, tagCount: 4,
            ratingsPerUser: CountDistribution(counts: [2, 3, 4, 5, 6]),
            ratingsPerMovie: CountDistribution(counts: [1, 2, 3, 4, 4, 6]),
            ratingHistogram: [
                ValueCount(value: 1, count: 2), ValueCount(value: 2.5, count: 3), ValueCount(value: 3, count: 5),
                ValueCount(value: 4, count: 6), ValueCount(value: 5, count: 4),
            ],
            firstTimestamp: 964_982_703, lastTimestamp: 1_537_799_250,
            genres: [NameCount(name: "Drama", count: 4), NameCount(name: "Comedy", count: 2)])
        let splits = seeds.map {
            SplitSummary(kind: "holdout", seed: $0, trainCount: 15, testCount: 5, testRatingsWithUnseenUser: 0,
                         testRatingsWithUnseenMovie: 1, unseenUsers: 0, unseenMovies: 1)
        }
        let sim = SimilarityResult(
            content: ExplainedVariance(rows: 6, columns: 12, nonZeros: 30, ratios: [0.4, 0.25, 0.15]),
            collab: ExplainedVariance(rows: 6, columns: 5, nonZeros: 20, ratios: [0.5, 0.2, 0.1]),
            queries: [
                SimilarityQuery(queryTitle: "Alpha (2001)", queryMovieId: 1, lists: [
                    SimilarList(method: "content", movies: [
                        SimilarMovie(movieId: 2, title: "Beta (2002)", content: 0.91, collab: 0.40, hybrid: 0.655),
                        SimilarMovie(movieId: 3, title: "Gamma | Delta (2003)", content: 0.80, collab: 0.70, hybrid: 0.75),
                    ]),
                    SimilarList(method: "collab", movies: [
                        SimilarMovie(movieId: 4, title: "Epsilon (2004)", content: 0.10, collab: 0.95, hybrid: 0.525),
                        SimilarMovie(movieId: 3, title: "Gamma | Delta (2003)", content: 0.80, collab: 0.70, hybrid: 0.75),
                    ]),
                    SimilarList(method: "hybrid", movies: [
                        SimilarMovie(movieId: 3, title: "Gamma | Delta (2003)", content: 0.80, collab: 0.70, hybrid: 0.75),
                        SimilarMovie(movieId: 2, title: "Beta (2002)", content: 0.91, collab: 0.40, hybrid: 0.655),
                    ]),
                ])
            ], hybridWeight: 0.5, seconds: 0.012)
        return RunResult(
            experiment: ExperimentInfo(
                name: "fixture", path: "experiments/fixture.yaml", text: text,
                hash: "0f3c0de0000000000000000000000000000000000000000000000000000000aa", seed: 7, configuration: config),
            provenance: Provenance(
                reclabVersion: "0.1.0", gitCommit: "abc1234def5678", gitDirty: false,
                machine: MachineInfo(cores: 2, memoryBytes: 8 * 1 << 30, os: "Debian GNU/Linux 12", architecture: "x86_64", workers: 2),
                startedAt: "2026-01-02T03:04:05Z", finishedAt: "2026-01-02T03:04:25Z",
                command: "reclab run experiments/fixture.yaml",
                stages: [StageTiming(stage: "load", seconds: 0.02), StageTiming(stage: "similarity", seconds: 0.012),
                         StageTiming(stage: "trials", seconds: 19.5), StageTiming(stage: "report", seconds: 0.4)]),
            data: DataSummary(
                dataset: dataset,
                files: [DataFile(path: "ratings.csv", bytes: 412, checksum: "11aa"), DataFile(path: "movies.csv", bytes: 200, checksum: "22bb")],
                filters: [FilterDrop(rule: "min_ratings_per_user: 2", ratingsRemoved: 1, usersRemoved: 1)],
                splits: splits),
            similarity: sim,
            trials: trials,
            recommendations: [
                RecommendationList(userId: 1, model: "svd", trialId: "svd-3-0", movies: [
                    RecommendedMovie(movieId: 5, title: "Zeta (2005)", predictedRating: 4.61),
                    RecommendedMovie(movieId: 6, title: "Eta (2006)", predictedRating: 4.2),
                ])
            ],
            expectations: [
                ExpectationResult(metric: "rmse", model: "svd", bound: .max, limit: 0.9, observed: 0.8691, passed: true),
                ExpectationResult(metric: "rmse", model: "baseline", bound: .max, limit: 0.9, observed: 0.9417, passed: false),
            ],
            reportOptions: ReportOptions(baselineModel: "baseline", topN: 10))
    }
}

extension FixtureRun {
    /// The shape of the tutorial's run: MovieLens origin, one 75/25 split, one
    /// configuration per model (no sweep, n = 1), 200-component curves, no expectations.
    /// Numbers are hand-made, not produced by RecLab.
    static func articleLike() -> RunResult {
        var run = make()
        run.experiment.name = "article"
        run.experiment.path = "experiments/article.yaml"
        run.experiment.configuration = [
            .init(key: "dataset.name", value: "ml-latest-small"),
            .init(key: "split.kind", value: "holdout"), .init(key: "split.test_fraction", value: "0.25"),
            .init(key: "models.svd.kind", value: "svd"), .init(key: "models.svd.factors", value: "100"),
            .init(key: "models.item_knn.kind", value: "item_knn"), .init(key: "report.baseline", value: "item_knn"),
        ]
        run.data?.dataset.name = "ml-latest-small"
        run.data?.dataset.origin = .movieLens
        run.data?.dataset.userCount = 610
        run.data?.dataset.movieCount = 9_724
        run.data?.dataset.ratingCount = 100_836
        run.data?.dataset.tagCount = 3_683
        run.data?.splits = [SplitSummary(kind: "holdout", seed: 99, trainCount: 75_627, testCount: 25_209, testRatingsWithUnseenUser: 0,
                                         testRatingsWithUnseenMovie: 1_371, unseenUsers: 0, unseenMovies: 1_130)]
        let content = (0..<200).map { 0.008 * pow(0.985, Double($0)) }  // sums to ≈ 0.51
        let collab = (0..<200).map { 0.02 * pow(0.975, Double($0)) }  // sums to ≈ 0.79
        run.similarity?.content = ExplainedVariance(rows: 9_742, columns: 1_675, nonZeros: 31_000, ratios: content)
        run.similarity?.collab = ExplainedVariance(rows: 9_724, columns: 610, nonZeros: 100_836, ratios: collab)
        run.trials = [
            TrialResult(id: "svd-0", contentHash: "aa", model: "svd", kind: "svd",
                        parameters: ["factors": .int(100), "epochs": .int(20), "lr": .double(0.005), "reg": .double(0.02)],
                        seed: 5, replicate: ReplicateKey(splitSeed: 99), metrics: ["rmse": 0.8731, "mae": 0.6702],
                        learningCurve: (1...20).map { EpochPoint(epoch: $0, trainRMSE: 1.0 / (1 + 0.05 * Double($0))) }, seconds: 1.2),
            TrialResult(id: "item_knn-0", contentHash: "bb", model: "item_knn", kind: "item_knn", parameters: ["k": .int(40)],
                        seed: 6, replicate: ReplicateKey(splitSeed: 99), metrics: ["rmse": 1.0412, "mae": 0.8101], seconds: 3.4),
        ]
        run.expectations = []
        run.reportOptions = ReportOptions(baselineModel: "item_knn")
        return run
    }
}
