import Foundation
import Testing
import RecLabData
@testable import RecLabModels
import _TestSupport

/// The ranking models (`predictsRatings` false): hand examples and oracles.
@Suite("Ranking models")
struct RankingModelTests {
    /// 4 users × 6 movies; user 3 has no interaction, movie 5 none either.
    /// user 0: 0 1 2   user 1: 0 1 3 (movie 1 twice)   user 2: 0 4
    static let tiny: TrainingSet = {
        let r = Ratings(users: [0, 0, 0, 1, 1, 1, 1, 2, 2], movies: [2, 0, 1, 0, 1, 3, 1, 0, 4],
                        values: [5, 1, 3, 4, 2, 5, 4, 3, 1], timestamps: [Int32](repeating: 0, count: 9))
        return TrainingSet(ratings: r, userCount: 4, movieCount: 6)
    }()

    @Test func rankingKindsSayTheyDoNotPredictRatings() throws {
        for kind in ["most_popular", "random"] {
            #expect(try ModelRegistry.entry(kind).predictsRatings == false)
            #expect(try ModelRegistry.make(kind: kind).fit(Self.tiny, seed: 1).predictsRatings == false)
        }
        #expect(try ModelRegistry.entry("svd").predictsRatings)
        #expect(try ModelRegistry.make(kind: "global_mean").fit(Self.tiny, seed: 1).predictsRatings)
    }

    @Suite("most_popular")
    struct MostPopularTests {
        @Test("Counts distinct users per movie (a repeated rating once); ties by smaller id")
        func countsAndTies() throws {
            let f = try MostPopular().fit(RankingModelTests.tiny, seed: 0)
            #expect(f.counts == [3, 2, 1, 1, 1, 0])
            #expect(f.estimate(user: 3, movie: 1) == .value(2))
            // User 2 rated 0 and 4: then 1 (2 users), 2 and 3 (1 each, ties by id), 5 (none).
            #expect(f.recommend(user: 2, count: 4, train: RankingModelTests.tiny).map(\.movie) == [1, 2, 3, 5])
            // A user with no interaction gets the overall ranking.
            #expect(f.recommend(user: 3, count: 6, train: RankingModelTests.tiny).map(\.movie) == [0, 1, 2, 3, 4, 5])
        }

        /// The fixture: `scripts/oracles/pandas_most_popular.py` (pandas; versions and command in the file).
        struct Oracle: Decodable {
            struct List: Decodable { var movie_ids: [Int]; var counts: [Int] }
            var n: Int
            var training_count: Int
            var overall: List
            var users: [String: List]
        }

        @Test("Top-N equals pandas' on ml-latest-small's training rows (exact ids and counts)", .requiresRealData)
        func matchesPandas() throws {
            let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("Fixtures/pandas_most_popular.json")
            let oracle = try JSONDecoder().decode(Oracle.self, from: Data(contentsOf: url))
            let ds = try #require(try RealData.mlLatestSmall())
            let train = TrainingSet(dataset: ds, indices: (0..<ds.ratings.count).filter { $0 % 5 != 0 })
            #expect(train.count == oracle.training_count)
            let f = try MostPopular().fit(train, seed: 0)
            let overall = f.recommend(user: -1, count: oracle.n, excluding: []).map { ds.movies.raw($0.movie) }
            #expect(overall == oracle.overall.movie_ids)
            #expect(oracle.overall.movie_ids.map { f.counts[Int(ds.movies.inner($0)!)] } == oracle.overall.counts)
            for (user, expected) in oracle.users.sorted(by: { $0.key < $1.key }) {
                let u = try #require(ds.users.inner(Int(user)!))
                let top = f.recommend(user: u, count: oracle.n, train: train)
                #expect(top.map { ds.movies.raw($0.movie) } == expected.movie_ids, "user \(user)")
                #expect(top.map { f.counts[Int($0.movie)] } == expected.counts, "user \(user)")
            }
        }
    }

    @Suite("random")
    struct RandomTests {
        @Test("Uniform in [0, 1), a pure function of (seed, user, movie)")
        func seededUniform() throws {
            let a = try RandomScores().fit(RankingModelTests.tiny, seed: 7)
            let b = try RandomScores().fit(RankingModelTests.tiny, seed: 7)
            let c = try RandomScores().fit(RankingModelTests.tiny, seed: 8)
            var same = 0, n = 0, sum = 0.0
            for u in Int32(0)..<4 {
                for m in Int32(0)..<6 {
                    guard case .value(let x) = a.estimate(user: u, movie: m), case .value(let z) = c.estimate(user: u, movie: m) else {
                        Issue.record("no score"); return
                    }
                    #expect(x >= 0 && x < 1)
                    #expect(a.estimate(user: u, movie: m) == b.estimate(user: u, movie: m))
                    if x == z { same += 1 }
                    n += 1; sum += x
                }
            }
            #expect(same == 0)
            // 24 uniform draws: mean 0.5 ± 0.06 (standard error); 0.25 is a 4-sigma bound.
            #expect(isApprox(sum / Double(n), 0.5, abs: 0.25))
        }

        @Test("Different users get different orders")
        func listsDiffer() throws {
            var r = Ratings()
            for u in Int32(0)..<2 { r.append(user: u, movie: 0, value: 3, timestamp: 0) }
            let t = TrainingSet(ratings: r, userCount: 2, movieCount: 200)
            let f = try RandomScores().fit(t, seed: 3)
            let l0 = f.recommend(user: 0, count: 10, train: t).map(\.movie)
            let l1 = f.recommend(user: 1, count: 10, train: t).map(\.movie)
            #expect(l0 != l1 && l0.count == 10)
        }
    }
}
