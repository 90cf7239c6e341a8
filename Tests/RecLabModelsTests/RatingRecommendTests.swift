import Testing
import RecLabData
@testable import RecLabModels

/// Top-N lists rank by the unclipped estimate, so predictions clipped to the
/// top of the scale still come in the model's order.
@Suite struct RatingRecommendTests {
    /// A fitted model whose estimate for movie m is a fixed table entry.
    struct TableModel: FittedRatingModel {
        let summary: TrainingSummary
        let table: [Double?]
        var learningCurve: LearningCurve { LearningCurve() }
        func estimate(user: Int32, movie: Int32) -> Estimate {
            table[Int(movie)].map { .value($0) } ?? .impossible("no entry")
        }
    }

    func model(_ table: [Double?]) -> TableModel {
        // User 0 rated movie 0 only; five movies, scale 0.5...5, global mean 3.0.
        var r = Ratings()
        r.append(user: 0, movie: 0, value: 3, timestamp: 0)
        let train = TrainingSet(ratings: r, userCount: 1, movieCount: table.count)
        return TableModel(summary: TrainingSummary(train), table: table)
    }

    @Test func clippedTiesKeepTheUnclippedOrder() {
        let m = model([9.0, 5.1, 5.6, 4.0, 5.3])
        let top = m.recommend(user: 0, count: 3, excluding: [0])
        #expect(top.map(\.movie) == [2, 4, 1])
        #expect(top.map(\.rating) == [5, 5, 5])  // shown clipped, as predict gives them
    }

    @Test func impossibleEstimatesRankAsTheGlobalMean() {
        let m = model([nil, 2.0, nil, 3.5, 2.5])
        let top = m.recommend(user: 0, count: 4, excluding: [])
        // 3.5 first, then the two impossible ones at the global mean 3.0 (smaller id first), then 2.5.
        #expect(top.map(\.movie) == [3, 0, 2, 4])
        #expect(top[1].rating == 3)
    }
}
