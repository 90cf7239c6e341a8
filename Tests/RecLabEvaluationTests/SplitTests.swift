import Testing
import RecLabCore
import RecLabData
import RecLabModels
@testable import RecLabEvaluation

enum EvalTestData {
    /// 30 users × up to 40 movies with deterministic pseudo-random ratings and timestamps.
    static func dataset(users: Int = 30, movies: Int = 40, seed: UInt64 = 1) -> Dataset {
        var rng = Xoshiro256StarStar(seed: seed)
        var r = Ratings()
        for u in 0..<users {
            for i in 0..<movies where rng.nextUnit() < 0.4 || i == u % movies {
                r.append(user: Int32(u), movie: Int32(i), value: Float(1 + rng.next() % 9) / 2 + 0.5,
                         timestamp: Int32(rng.next() % 1_000_000))
            }
        }
        return Dataset(name: "t", users: Vocabulary(0..<users), movies: Vocabulary(0..<movies),
                       titles: (0..<movies).map { "M\($0)" }, genres: Array(repeating: [], count: movies), ratings: r)
    }
}

@Suite("Splits")
struct SplitTests {
    static let strategies: [SplitStrategy] = [
        .randomHoldOut(testFraction: 0.25), .kFold(k: 5), .repeatedKFold(k: 3, repeats: 2),
        .perUserFraction(0.2), .perUserLastN(2), .temporalCutoff(timestamp: 700_000), .temporalFraction(0.3),
    ]

    @Test(arguments: strategies)
    func trainAndTestPartitionTheRowsWithoutOverlap(strategy: SplitStrategy) throws {
        let ds = EvalTestData.dataset()
        let splits = try strategy.splits(of: ds, seed: 42)
        #expect(!splits.isEmpty)
        for s in splits {
            #expect(Set(s.train).isDisjoint(with: s.test))
            #expect(s.train.count + s.test.count == ds.ratings.count)
            #expect(Set(s.train + s.test).count == ds.ratings.count)
            #expect(s.report.trainCount == s.train.count && s.report.testCount == s.test.count)
        }
    }

    @Test(arguments: strategies)
    func sameSeedSameRowsOtherSeedOtherRows(strategy: SplitStrategy) throws {
        let ds = EvalTestData.dataset()
        let a = try strategy.splits(of: ds, seed: 42), b = try strategy.splits(of: ds, seed: 42)
        #expect(a == b)
    }

    @Test func holdOutTakesCeilOfTheFractionAndDependsOnTheSeed() throws {
        let ds = EvalTestData.dataset()
        let n = ds.ratings.count
        let a = try SplitStrategy.randomHoldOut(testFraction: 0.25).splits(of: ds, seed: 0)[0]
        let b = try SplitStrategy.randomHoldOut(testFraction: 0.25).splits(of: ds, seed: 1)[0]
        #expect(a.test.count == Int((0.25 * Double(n)).rounded(.up)))
        #expect(a.test != b.test)
    }

    @Test func kFoldTestSetsCoverEveryRowOnce() throws {
        let ds = EvalTestData.dataset()
        let folds = try SplitStrategy.kFold(k: 4).splits(of: ds, seed: 3)
        let all = folds.flatMap(\.test)
        #expect(all.count == ds.ratings.count && Set(all).count == ds.ratings.count)
        let sizes = folds.map(\.test.count)
        #expect(sizes.max()! - sizes.min()! <= 1)
    }

    @Test func perUserLastNHoldsOutEachUsersLatestRatings() throws {
        let ds = EvalTestData.dataset()
        let s = try SplitStrategy.perUserLastN(2).splits(of: ds, seed: 0)[0]
        let r = ds.ratings
        for u in 0..<30 {
            let trainTs = s.train.filter { r.users[$0] == u }.map { r.timestamps[$0] }
            let testTs = s.test.filter { r.users[$0] == u }.map { r.timestamps[$0] }
            #expect(!trainTs.isEmpty)
            if let maxTrain = trainTs.max(), let minTest = testTs.min() { #expect(maxTrain <= minTest) }
        }
    }

    @Test func temporalCutoffIsAGlobalTimeBoundary() throws {
        let ds = EvalTestData.dataset()
        let s = try SplitStrategy.temporalCutoff(timestamp: 500_000).splits(of: ds, seed: 0)[0]
        #expect(s.train.allSatisfy { ds.ratings.timestamps[$0] < 500_000 })
        #expect(s.test.allSatisfy { ds.ratings.timestamps[$0] >= 500_000 })
    }

    @Test func reportCountsUnseenUsersAndMovies() throws {
        // User 2 and movie 2 appear only in the test rows.
        let r = Ratings(users: [0, 0, 1, 1, 2, 0], movies: [0, 1, 0, 1, 0, 2], values: [4, 3, 5, 2, 1, 3],
                        timestamps: [1, 2, 3, 4, 5, 6])
        let ds = Dataset(name: "t", users: Vocabulary(0..<3), movies: Vocabulary(0..<3), titles: ["a", "b", "c"],
                         genres: [[], [], []], ratings: r)
        let s = try Split(name: "x", train: [0, 1, 2, 3], test: [4, 5], dataset: ds)
        #expect(s.report.unseenTestUsers == 1)
        #expect(s.report.unseenTestMovies == 1)
        #expect(s.report.testRatingsWithUnseenID == 2)
        #expect(throws: EvaluationError.self) { try Split(name: "bad", train: [0, 1], test: [1, 2], dataset: ds) }
    }

    @Test func badFractionsAreRejected() {
        let ds = EvalTestData.dataset()
        #expect(throws: EvaluationError.self) { try SplitStrategy.randomHoldOut(testFraction: 1.5).splits(of: ds, seed: 0) }
        #expect(throws: EvaluationError.self) { try SplitStrategy.kFold(k: 1).splits(of: ds, seed: 0) }
    }
}
