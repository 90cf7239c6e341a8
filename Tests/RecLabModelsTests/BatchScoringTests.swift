import Testing
import RecLabData
@testable import RecLabModels

/// Batch scoring (`BatchScoringModel.scores(user:into:)`) is a faster route to
/// the same top-N lists: every score bit-identical to the per-pair estimate's,
/// so every list (ties by smaller movie id) equal to the per-pair path's.
@Suite struct BatchScoringTests {
    /// Forwards `estimate` only, so `recommend` takes the per-pair path.
    struct PerPair<Base: FittedRatingModel>: FittedRatingModel {
        static var predictsRatings: Bool { false }
        let base: Base
        var summary: TrainingSummary { base.summary }
        var learningCurve: LearningCurve { LearningCurve() }
        func estimate(user: Int32, movie: Int32) -> Estimate { base.estimate(user: user, movie: movie) }
    }

    /// The per-pair score `recommend` ranks by: the finite estimate, else the global mean.
    static func pairScore(_ m: some FittedRatingModel, _ u: Int32, _ i: Int32) -> Float {
        if case .value(let e) = m.estimate(user: u, movie: i), e.isFinite { return Float(e) }
        return Float(m.summary.globalMean)
    }

    /// Scores bit for bit, and full and top-10 lists (ids and scores) against the per-pair path,
    /// for every user including one id past the training users (no factor row: the fallback).
    static func checkAgainstPerPair<M: BatchScoringModel>(_ fitted: M, train: TrainingSet, label: String) {
        let movies = fitted.summary.movieCount
        let slow = PerPair(base: fitted)
        for u in 0...Int32(train.userCount) {
            let scores = [Float](unsafeUninitializedCapacity: movies) { b, n in
                fitted.scores(user: u, into: b)
                n = movies
            }
            let mismatches = (0..<movies).filter { scores[$0].bitPattern != pairScore(fitted, u, Int32($0)).bitPattern }
            #expect(mismatches.isEmpty, "\(label) user \(u): scores differ at movies \(mismatches.prefix(5))")
            let skip = train.movies(ratedBy: u)  // empty for the user past the training users
            for count in [10, movies] {
                let fast = fitted.recommend(user: u, count: count, excluding: skip)
                let reference = slow.recommend(user: u, count: count, excluding: skip)
                #expect(fast.map(\.movie) == reference.map(\.movie), "\(label) user \(u) top \(count)")
                #expect(fast.map(\.rating.bitPattern) == reference.map(\.rating.bitPattern), "\(label) user \(u)")
                #expect(fast.count == min(count, movies - Set(skip).count))
            }
        }
    }

    static let train = RatingModelContractTests.train

    @Test func mostPopularListsEqualThePerPairLists() throws {
        let fitted = try MostPopular().fit(Self.train, seed: 1)
        // Popularity counts tie often on 82 movies: the smaller-id rule is exercised.
        #expect(Set(fitted.counts).count < fitted.counts.count)
        Self.checkAgainstPerPair(fitted, train: Self.train, label: "most_popular")
    }

    @Test(arguments: ["als_implicit", "bpr"])
    func factorModelListsEqualThePerPairLists(kind: String) throws {
        let model = try ModelRegistry.make(kind: kind, parameters: ["factors": .int(13), "iterations": .int(5)])
        let fitted = try #require(try model.fit(Self.train, seed: 3) as? FittedImplicitMF)
        // An existential holding it takes the batch path too (the evaluator holds `any FittedRatingModel`).
        let held: any FittedRatingModel = fitted
        #expect(held is any BatchScoringModel)
        Self.checkAgainstPerPair(fitted, train: Self.train, label: kind)
    }

    /// Hand-made factors with exact ties (equal movie rows) and a non-finite row.
    @Test func tiesAndNonFiniteScoresFollowThePerPairRules() throws {
        var users = FactorMatrix(rows: 2, factors: 3)
        var items = FactorMatrix(rows: 6, factors: 3)
        for (k, v) in [0.5, -1.0, 2.0].enumerated() { users.storage[k] = Float(v) }
        for (k, v) in [1.0, 1.0, 1.0].enumerated() { users.storage[users.stride + k] = Float(v) }
        let rows: [[Float]] = [[1, 0, 0], [0, 0, 1], [1, 0, 0], [.nan, 0, 0], [0, 0, 1], [0, 1, 0]]
        for (i, row) in rows.enumerated() { for (k, v) in row.enumerated() { items.storage[i * items.stride + k] = v } }
        var r = Ratings()
        r.append(user: 0, movie: 0, value: 4, timestamp: 0)
        r.append(user: 1, movie: 1, value: 3, timestamp: 0)
        let train = TrainingSet(ratings: r, userCount: 2, movieCount: 6)
        let fitted = FittedImplicitMF(summary: TrainingSummary(train), users: users, items: items)
        // User 0: movies 1 and 4 score 2, movies 0 and 2 score 0.5, NaN falls back to the mean 3.5.
        #expect(fitted.recommend(user: 0, count: 6, excluding: []).map(\.movie) == [3, 1, 4, 0, 2, 5])
        Self.checkAgainstPerPair(fitted, train: train, label: "hand-made")
    }
}
