import Foundation
import Testing
import RecLabCore
import RecLabData
import RecLabModels
@testable import RecLabEvaluation
import _TestSupport

/// The ranking protocol on a case small enough to work by hand: `most_popular`
/// scores a movie by its distinct training users, so every list is known.
///
///     movies 0…5; training (user: movie=rating)          test
///     u0: m0=5 m1=3                                       u0: m2=2 m4=5
///     u1: m0=4 m2=2 m3=5                                  u1: m1=3
///     u2: m0=1 m1=4 m2=3                                  u2: m5=4
///
/// Training popularity: m0 3, m1 2, m2 2, m3 1, m4 0, m5 0, so the global
/// order (ties by smaller id) is m0, m1, m2, m3, m4, m5.
@Suite("Ranking protocol")
struct RankingProtocolTests {
    static func data() throws -> (Dataset, Split) {
        var r = Ratings()
        let rows: [(Int32, Int32, Float)] = [
            (0, 0, 5), (0, 1, 3), (1, 0, 4), (1, 2, 2), (1, 3, 5), (2, 0, 1), (2, 1, 4), (2, 2, 3),  // training: rows 0…7
            (0, 2, 2), (0, 4, 5), (1, 1, 3), (2, 5, 4),  // test: rows 8…11
        ]
        for (u, m, v) in rows { r.append(user: u, movie: m, value: v, timestamp: 0) }
        let ds = Dataset(name: "hand", users: Vocabulary(0..<3), movies: Vocabulary(0..<6), titles: (0..<6).map { "M\($0)" },
                         genres: Array(repeating: [], count: 6), ratings: r)
        return (ds, try Split(name: "hand", train: Array(0..<8), test: Array(8..<12), dataset: ds))
    }

    static func evaluate(_ ranking: RankingProtocol, k: Int = 2, kind: String = "most_popular") throws -> TopNMetrics {
        let (ds, split) = try data()
        let model = try ModelRegistry.make(kind: kind)
        let e = try Evaluator.evaluate(model, dataset: ds, split: split, seed: 9,
                                       options: EvaluationOptions(topK: [k], ranking: ranking, validationCurve: false))
        return try #require(e.topN.first)
    }

    @Test func relevanceAnyOverAllUnratedMovies() throws {
        // Lists at K = 2 (training movies excluded): u0 [m2, m3], u1 [m1, m4], u2 [m3, m4].
        // Every test movie is relevant: u0 {m2, m4}, u1 {m1}, u2 {m5}.
        //   u0: hit at rank 1 → P 1/2, R 1/2, NDCG 1/(1 + 1/log2 3) = 0.613147, AP (1/1)/2 = 1/2, RR 1
        //   u1: hit at rank 1 → P 1/2, R 1, NDCG 1, AP 1, RR 1
        //   u2: no hit → all 0
        // Coverage {m1, m2, m3, m4} / 6; popularity (3/2 + 2/2 + 1/2) / 3 = 1.
        let m = try Self.evaluate(RankingProtocol(relevance: .any))
        let ndcg0 = 1 / (1 + 1 / log2(3.0))
        #expect(m.users == 3 && m.relevanceThreshold == nil)
        #expect(isApprox(try #require(m.precision), 1.0 / 3, abs: 1e-12))
        #expect(isApprox(try #require(m.recall), 0.5, abs: 1e-12))
        #expect(isApprox(try #require(m.ndcg), (ndcg0 + 1) / 3, abs: 1e-12))
        #expect(isApprox(try #require(m.map), 0.5, abs: 1e-12))
        #expect(isApprox(try #require(m.mrr), 2.0 / 3, abs: 1e-12))
        #expect(isApprox(try #require(m.hitRate), 2.0 / 3, abs: 1e-12))
        #expect(isApprox(try #require(m.coverage), 4.0 / 6, abs: 1e-12))
        #expect(isApprox(try #require(m.popularity), 1, abs: 1e-12))
        #expect(m.perUser.users == [0, 1, 2])
        #expect(m.perUser.ndcg.map { ($0 * 1e9).rounded() } == [ndcg0, 1, 0].map { ($0 * 1e9).rounded() })
    }

    @Test func theStandardThresholdFindsNoHitHere() throws {
        // Threshold 4: relevant u0 {m4}, u2 {m5} (u1's 3 is not); neither is in its list, u1 is not averaged.
        let m = try Self.evaluate(.standard)
        #expect(m.users == 2 && m.relevanceThreshold == 4)
        #expect(m.precision == 0 && m.ndcg == 0 && m.hitRate == 0)
        #expect(m.perUser.users == [0, 2])
    }

    @Test func keepingTrainingMoviesPutsThePopularOnesFirst() throws {
        // exclude_train false: every list is [m0, m1]. Only u1 hits (m1 at rank 2):
        //   P 1/2, R 1, NDCG 1/log2 3 = 0.630930, AP (1/2)/1, RR 1/2; averaged over 3 users.
        let m = try Self.evaluate(RankingProtocol(relevance: .any, excludeTrain: false))
        #expect(isApprox(try #require(m.precision), 1.0 / 6, abs: 1e-12))
        #expect(isApprox(try #require(m.recall), 1.0 / 3, abs: 1e-12))
        #expect(isApprox(try #require(m.ndcg), 1 / log2(3.0) / 3, abs: 1e-12))
        #expect(isApprox(try #require(m.map), 1.0 / 6, abs: 1e-12))
        #expect(isApprox(try #require(m.mrr), 1.0 / 6, abs: 1e-12))
        #expect(isApprox(try #require(m.coverage), 2.0 / 6, abs: 1e-12))
    }

    @Test func oneSampledNegativePerUser() throws {
        // Candidates: the user's test movies plus one movie rated neither in training nor in test.
        //   u1: test {m1}, negatives from {m4, m5} (both score 0) → [m1, m·]: hit at 1 → P 1/2, R 1, NDCG 1, AP 1, RR 1.
        //   u2: test {m5}, negatives from {m3, m4}: [m3, m5] or [m4, m5] (m4 before m5 by id) → hit at 2:
        //       P 1/2, R 1, NDCG 1/log2 3, AP 1/2, RR 1/2.
        //   u0: test {m2, m4}, negatives from {m3, m5}: m3 → [m2, m3]: P 1/2, R 1/2, NDCG 0.613147, AP 1/2, RR 1;
        //       m5 → [m2, m4] (m4, m5 tie at 0): P 1, R 1, NDCG 1, AP 1, RR 1.
        // Which movie u0 draws follows the documented seed derivation, re-drawn here.
        let seed: UInt64 = 77
        let m = try Self.evaluate(RankingProtocol(relevance: .any, candidates: .sampled(negatives: 1, seed: seed)))
        var rng = Xoshiro256StarStar(seed: RankingProtocol.negativeSeed(seed, replicate: 9, user: 0))
        let drawn = RankingProtocol.sample(count: 1, movieCount: 6, excluded: [0, 1, 2, 4], rng: &rng)
        #expect(drawn == [3] || drawn == [5])
        let u0: (p: Double, r: Double, n: Double, ap: Double, rr: Double) = drawn == [3] ? (0.5, 0.5, 1 / (1 + 1 / log2(3.0)), 0.5, 1) : (1, 1, 1, 1, 1)
        let u2n = 1 / log2(3.0)
        #expect(isApprox(try #require(m.precision), (u0.p + 0.5 + 0.5) / 3, abs: 1e-12))
        #expect(isApprox(try #require(m.recall), (u0.r + 1 + 1) / 3, abs: 1e-12))
        #expect(isApprox(try #require(m.ndcg), (u0.n + 1 + u2n) / 3, abs: 1e-12))
        #expect(isApprox(try #require(m.map), (u0.ap + 1 + 0.5) / 3, abs: 1e-12))
        #expect(isApprox(try #require(m.mrr), (u0.rr + 1 + 0.5) / 3, abs: 1e-12))
        #expect(m.hitRate == 1)
    }

    @Test func sampledNegativesAreTheSameForEveryModelAndFollowTheSeed() throws {
        // K above the candidate count: each list is the whole candidate set, whatever the model's order.
        let p = RankingProtocol(relevance: .any, candidates: .sampled(negatives: 1, seed: 5))
        // The negatives themselves: drawn from outside training and test, one per user, fixed by the seed.
        for u: Int32 in 0..<3 {
            var a = Xoshiro256StarStar(seed: RankingProtocol.negativeSeed(5, replicate: 9, user: u))
            var b = Xoshiro256StarStar(seed: RankingProtocol.negativeSeed(5, replicate: 9, user: u))
            let excluded: Set<Int32> = [[0, 1, 2, 4], [0, 1, 2, 3], [0, 1, 2, 5]][Int(u)]
            let x = RankingProtocol.sample(count: 1, movieCount: 6, excluded: excluded, rng: &a)
            #expect(x == RankingProtocol.sample(count: 1, movieCount: 6, excluded: excluded, rng: &b))
            #expect(x.count == 1 && excluded.isDisjoint(with: x))
        }
        let pop = try Self.evaluate(p, k: 10)
        let rnd = try Self.evaluate(p, k: 10, kind: "random")
        // Every candidate is listed at K = 10, so both models hit every relevant movie: recall 1 for both.
        #expect(pop.recall == 1 && rnd.recall == 1)
        // Coverage is the union of the candidate sets: equal only when both models drew the same negatives.
        #expect(pop.coverage == rnd.coverage)
    }

    @Test func samplingDrawsUniformlyWithoutReplacement() {
        // 20 000 draws of 3 of the 8 allowed movies (0…9 less 2 and 7): each allowed movie in 3/8 of the draws.
        var counts = [Int](repeating: 0, count: 10)
        var rng = Xoshiro256StarStar(seed: 1)
        for _ in 0..<20_000 {
            let s = RankingProtocol.sample(count: 3, movieCount: 10, excluded: [2, 7], rng: &rng)
            #expect(Set(s).count == 3 && !s.contains(2) && !s.contains(7))
            for m in s { counts[Int(m)] += 1 }
        }
        // Binomial sd of a count: sqrt(20000 · 3/8 · 5/8) ≈ 68; allow 5 sd.
        for m in [0, 1, 3, 4, 5, 6, 8, 9] { #expect(abs(counts[m] - 7_500) < 340, "movie \(m): \(counts[m])") }
        // Rejection branch (allowed > 4 × count): 1 of 1 000 movies, 5 000 times → each about 5 times; none excluded.
        var big = Set<Int32>()
        for _ in 0..<5_000 { big.formUnion(RankingProtocol.sample(count: 1, movieCount: 1_000, excluded: [0, 1], rng: &rng)) }
        #expect(!big.contains(0) && !big.contains(1) && big.count > 950)
    }

    @Test func perUserValuesAverageToTheMetrics() throws {
        let ds = EvalTestData.dataset(users: 40, movies: 50)
        let split = try SplitStrategy.randomHoldOut(testFraction: 0.25).splits(of: ds, seed: 3)[0]
        for proto in [RankingProtocol.standard, RankingProtocol(relevance: .any, candidates: .sampled(negatives: 10, seed: 3))] {
            let e = try Evaluator.evaluate(try ModelRegistry.make(kind: "most_popular"), dataset: ds, split: split, seed: 1,
                                           options: EvaluationOptions(topK: [5, 10], ranking: proto, validationCurve: false))
            for t in e.topN {
                let each = t.perUser
                #expect(each.users.count == t.users && t.users > 0)
                func mean(_ xs: [Double]) -> Double { xs.reduce(0, +) / Double(xs.count) }
                #expect(isApprox(mean(each.precision), try #require(t.precision), abs: 1e-12))
                #expect(isApprox(mean(each.recall), try #require(t.recall), abs: 1e-12))
                #expect(isApprox(mean(each.ndcg), try #require(t.ndcg), abs: 1e-12))
                #expect(isApprox(mean(each.hit), try #require(t.hitRate), abs: 1e-12))
                #expect(isApprox(mean(each.ap), try #require(t.map), abs: 1e-12))
                #expect(isApprox(mean(each.rr), try #require(t.mrr), abs: 1e-12))
            }
        }
    }

    /// `scripts/oracles/ranking_metrics.py` (pandas 3.0.6, numpy 1.26.4): `most_popular` on a seeded
    /// 40 × 60 dataset under three protocols at K 3 and 10, every metric to 1e-12 (both sides sum the
    /// same doubles in a different order).
    @Test func pandasOracle() throws {
        struct Fixture: Decodable {
            struct Case: Decodable {
                var name: String
                var relevance: Double?
                var excludeTrain: Bool
                var k: Int
                var metrics: [String: Double]
                enum CodingKeys: String, CodingKey { case name = "protocol", relevance, excludeTrain = "exclude_train", k, metrics }
            }
            /// `[user, movie, rating, is test]`.
            struct Row: Decodable {
                var user: Int32, movie: Int32, rating: Float, isTest: Bool
                init(from decoder: any Decoder) throws {
                    var c = try decoder.unkeyedContainer()
                    user = try c.decode(Int32.self)
                    movie = try c.decode(Int32.self)
                    rating = try c.decode(Float.self)
                    isTest = try c.decode(Bool.self)
                }
            }
            var users: Int
            var movies: Int
            var rows: [Row]
            var cases: [Case]
        }
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/ranking_metrics.json")
        let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
        var r = Ratings()
        var train: [Int] = [], test: [Int] = []
        for (i, row) in fixture.rows.enumerated() {
            r.append(user: row.user, movie: row.movie, value: row.rating, timestamp: 0)
            if row.isTest { test.append(i) } else { train.append(i) }
        }
        let ds = Dataset(name: "oracle", users: Vocabulary(0..<fixture.users), movies: Vocabulary(0..<fixture.movies),
                         titles: (0..<fixture.movies).map { "M\($0)" }, genres: Array(repeating: [], count: fixture.movies), ratings: r)
        let split = try Split(name: "oracle", train: train, test: test, dataset: ds)
        #expect(fixture.cases.count == 6)
        for c in fixture.cases {
            let proto = RankingProtocol(relevance: c.relevance.map { .threshold(Float($0)) } ?? .any, excludeTrain: c.excludeTrain)
            let e = try Evaluator.evaluate(try ModelRegistry.make(kind: "most_popular"), dataset: ds, split: split, seed: 1,
                                           options: EvaluationOptions(topK: [c.k], ranking: proto, validationCurve: false))
            let m = try #require(e.topN.first)
            let got: [String: Double?] = ["precision": m.precision, "recall": m.recall, "ndcg": m.ndcg, "map": m.map, "mrr": m.mrr,
                                          "hit_rate": m.hitRate, "coverage": m.coverage, "popularity": m.popularity, "users": Double(m.users)]
            for (name, want) in c.metrics {
                let value = try #require(got[name] ?? nil, "\(c.name) @\(c.k): no \(name)")
                #expect(isApprox(value, want, abs: 1e-12), "\(c.name) @\(c.k) \(name): \(value) vs pandas \(want)")
            }
        }
    }
}
