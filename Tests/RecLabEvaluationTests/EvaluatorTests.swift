import Foundation
import Testing
import RecLabCore
import RecLabData
import RecLabModels
@testable import RecLabEvaluation
import _TestSupport

@Suite("Metrics")
struct MetricsTests {
    @Test func rmseAndMaeAreTheTextbookFormulas() throws {
        let p: [Float] = [3, 4, 2.5, 5], a: [Float] = [4, 4, 2, 3]
        // errors −1, 0, 0.5, 2 → MSE = (1 + 0 + 0.25 + 4)/4, MAE = 3.5/4
        #expect(isApprox(try #require(RatingMetrics.rmse(predicted: p, actual: a)), (5.25 / 4).squareRoot(), abs: 1e-12))
        #expect(isApprox(try #require(RatingMetrics.mae(predicted: p, actual: a)), 3.5 / 4, abs: 1e-12))
        #expect(RatingMetrics.rmse(predicted: [], actual: []) == nil)
    }

    @Test func fcpCountsConcordantPairsPerUserAsSurprise() throws {
        // User 0: ratings (5, 3, 1) predicted (4, 4.5, 2): pairs (a > b by rating):
        //   (5,3): est 4 < 4.5 → discordant; (5,1): 4 > 2 concordant; (3,1): 4.5 > 2 concordant → nc 2, nd 1.
        // User 1: ratings (2, 4) predicted (3, 3): (4,2): est equal → discordant (≥) → nc 0, nd 1.
        // Surprise: mean nc over users with nc > 0 = 2; mean nd over users with nd > 0 = 1 → 2/3.
        let users: [Int32] = [0, 0, 0, 1, 1]
        let actual: [Float] = [5, 3, 1, 2, 4], predicted: [Float] = [4, 4.5, 2, 3, 3]
        let fcp = try #require(RatingMetrics.fcp(users: users, predicted: predicted, actual: actual))
        #expect(isApprox(fcp, 2.0 / 3.0, abs: 1e-12))
    }

    @Test func topNMetricsOnAHandExample() throws {
        // One user, list [1, 2, 3], relevant {2, 9}: hits at rank 2 only.
        let m = TopNMetrics.compute(k: 3, threshold: 4, lists: [[1, 2, 3]], relevant: [[2, 9]], movieCount: 10)
        #expect(isApprox(m.precision!, 1.0 / 3, abs: 1e-12))
        #expect(isApprox(m.recall!, 0.5, abs: 1e-12))
        // DCG = 1/log2(3); IDCG = 1 + 1/log2(3)
        #expect(isApprox(m.ndcg!, (1 / log2(3.0)) / (1 + 1 / log2(3.0)), abs: 1e-12))
        #expect(m.hitRate == 1)
        #expect(isApprox(m.coverage!, 0.3, abs: 1e-12))
    }

    @Test("MAP@K, MRR@K and average recommendation popularity on a two-user example worked by hand")
    func rankingMetricsOnAHandExample() throws {
        // User A: [1, 2, 3, 4], relevant {2, 4, 7}: hits at ranks 2 and 4 → AP = (1/2 + 2/4) / min(4, 3) = 1/3, RR = 1/2.
        // User B: [5, 6, 7, 8], relevant {5}: hit at rank 1 → AP = 1, RR = 1.
        // Training counts: movie i has 10·i ratings → mean of A's list 25, of B's 65.
        let counts = (0..<10).map { $0 * 10 }
        let m = TopNMetrics.compute(k: 4, threshold: 4, lists: [[1, 2, 3, 4], [5, 6, 7, 8]], relevant: [[2, 4, 7], [5]],
                                    movieCount: 10, trainingCounts: counts)
        #expect(isApprox(m.map!, (1.0 / 3 + 1) / 2, abs: 1e-12))
        #expect(isApprox(m.mrr!, 0.75, abs: 1e-12))
        #expect(isApprox(m.popularity!, 45, abs: 1e-12))
        // A user with no relevant test movie counts for popularity but not for MAP/MRR.
        let n = TopNMetrics.compute(k: 2, threshold: 4, lists: [[1, 2], [3, 4]], relevant: [[], [9]], movieCount: 10,
                                    trainingCounts: counts)
        #expect(n.users == 1 && n.map == 0 && n.mrr == 0)
        #expect(isApprox(n.popularity!, (15.0 + 35) / 2, abs: 1e-12))
    }

    @Test func perUserDistributionQuantilesInterpolate() throws {
        let d = try #require(Distribution([1, 2, 3, 4, 5]))
        #expect(d.median == 3 && d.p25 == 2 && d.p10 == 1.4 && d.mean == 3 && d.min == 1 && d.max == 5)
        #expect(Distribution([]) == nil)
    }
}

@Suite("Evaluate")
struct EvaluatorTests {
    @Test func evaluateReportsConsistentFiniteMetricsAndRoundTripsThroughJSON() throws {
        let ds = EvalTestData.dataset(users: 40, movies: 50)
        let split = try SplitStrategy.randomHoldOut(testFraction: 0.25).splits(of: ds, seed: 3)[0]
        let model = try ModelRegistry.make(kind: "svd", parameters: ["n_factors": .int(5), "n_epochs": .int(5)])
        let e = try Evaluator.evaluate(model, dataset: ds, split: split, seed: 1, options: EvaluationOptions(topK: [5, 10]))
        let rmse = try #require(e.rmse), mae = try #require(e.mae)
        #expect(mae <= rmse && rmse.isFinite)
        // Same RMSE as predicting the test rows directly.
        let fitted = try model.fit(split.trainingSet(ds), seed: 1)
        #expect(isApprox(fitted.rmse(on: split.testRatings(ds)), rmse, abs: 1e-12))
        #expect(e.topN.map(\.k) == [5, 10])
        #expect(e.learningCurve.trainRMSE.count == 5 && e.learningCurve.validationRMSE.count == 5)
        #expect(isApprox(e.learningCurve.validationRMSE.last!, rmse, abs: 1e-12))
        let data = try JSONEncoder().encode(e)
        #expect(try JSONDecoder().decode(ModelEvaluation.self, from: data) == e)
    }

    @Test func divergingSGDGivesFiniteMetricsAndTheEpoch() throws {
        let ds = EvalTestData.dataset()
        let split = try SplitStrategy.randomHoldOut(testFraction: 0.25).splits(of: ds, seed: 3)[0]
        let model = try ModelRegistry.make(kind: "svd", parameters: ["lr_all": .double(20), "n_epochs": .int(10)])
        let e = try Evaluator.evaluate(model, dataset: ds, split: split, seed: 1)
        #expect(e.divergedAtEpoch != nil)
        #expect(e.rmse?.isFinite == true && e.mae?.isFinite == true)
        #expect(e.impossiblePredictions == split.test.count)
        #expect(e.learningCurve.trainRMSE.allSatisfy { $0.isFinite })
        #expect(e.learningCurve.validationRMSE.allSatisfy { $0.isFinite })
    }

    /// Every kind fitted in process (`spark_als`'s evaluation runs in RecLabExperimentTests' Spark tests).
    static let allKinds = ModelRegistry.inProcessKinds.filter { $0 != "latent_knn" }

    @Test(arguments: allKinds)
    func testSetOfOnlyUnseenUsersFallsBack(kind: String) throws {
        // Users 0–19 train, users 20–29 test only.
        let ds = EvalTestData.dataset()
        let r = ds.ratings
        let train = (0..<r.count).filter { r.users[$0] < 20 }, test = (0..<r.count).filter { r.users[$0] >= 20 }
        let split = try Split(name: "unseen", train: train, test: test, dataset: ds)
        #expect(split.report.unseenTestUsers == 10)
        let e = try Evaluator.evaluate(try ModelRegistry.make(kind: kind), dataset: ds, split: split, seed: 1,
                                       options: EvaluationOptions(topK: [5]))
        // A ranking model has no rating metrics at all.
        #expect(try ModelRegistry.entry(kind).predictsRatings ? e.rmse?.isFinite == true : e.rmse == nil)
        #expect(e.topN.first?.precision?.isFinite ?? true)
    }

    @Test(arguments: allKinds)
    func emptySplitsAndOneRatingUsersAreHandled(kind: String) throws {
        let model = try ModelRegistry.make(kind: kind)
        // An empty dataset: nothing to train on, nothing to test.
        let empty = Dataset(name: "empty", users: Vocabulary(), movies: Vocabulary([1, 2]), titles: ["a", "b"],
                            genres: [[], []], ratings: Ratings())
        let split = try SplitStrategy.randomHoldOut(testFraction: 0.25).splits(of: empty, seed: 0)[0]
        let e = try Evaluator.evaluate(model, dataset: empty, split: split, seed: 0)
        #expect(e.rmse == nil && e.mae == nil && e.fcp == nil && e.perUserRMSE == nil)
        // A user with a single rating (user 2) beside two ordinary users.
        let r = Ratings(users: [0, 0, 0, 1, 1, 1, 2], movies: [0, 1, 2, 0, 1, 3, 2], values: [4, 3, 5, 2, 4, 3, 5],
                        timestamps: [1, 2, 3, 4, 5, 6, 7])
        let ds = Dataset(name: "t", users: Vocabulary(0..<3), movies: Vocabulary(0..<4), titles: ["a", "b", "c", "d"],
                         genres: [[], [], [], []], ratings: r)
        let f = try model.fit(TrainingSet(dataset: ds), seed: 0)
        for m in Int32(0)..<4 {
            let p = f.predict(user: 2, movie: m)
            #expect(p.value.isFinite && p.value >= 0.5 && p.value <= 5, "\(kind) movie \(m)")
        }
    }

    @Test func kLargerThanTheAvailableNeighboursUsesThemAll() throws {
        let ds = EvalTestData.dataset()
        let t = TrainingSet(dataset: ds)
        let all = try ModelRegistry.make(kind: "knn_with_means", parameters: ["k": .int(100_000)]).fit(t, seed: 0)
        let enough = try ModelRegistry.make(kind: "knn_with_means", parameters: ["k": .int(30)]).fit(t, seed: 0)
        // 30 users in total, so k = 30 already takes every neighbour: identical predictions.
        for u in Int32(0)..<30 { for i in Int32(0)..<40 { #expect(all.predict(user: u, movie: i) == enough.predict(user: u, movie: i)) } }
    }
}
