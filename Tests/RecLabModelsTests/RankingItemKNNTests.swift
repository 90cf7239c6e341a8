import Foundation
import Testing
import RecLabData
@testable import RecLabModels
import _TestSupport

@Suite("Ranking models: item_knn_implicit")
struct RankingItemKNNTests {
    /// Users × movies (1 = rated; the values given are ignored):
    ///
    ///          m0 m1 m2 m3 m4
    ///     u0    1  1  0  0  0
    ///     u1    1  1  1  0  0
    ///     u2    1  0  1  1  0
    ///     u3    0  0  0  1  0
    ///
    /// |U_0| = 3, |U_1| = 2, |U_2| = 2, |U_3| = 2, |U_4| = 0. Co-counts: (0,1) 2, (0,2) 2,
    /// (0,3) 1, (1,2) 1, (2,3) 1, (1,3) 0. Cosines: s01 = 2/√6, s02 = 2/√6, s03 = 1/√6,
    /// s12 = 1/2, s23 = 1/2, s13 = 0.
    static let train: TrainingSet = {
        let pairs: [(Int32, Int32)] = [(0, 0), (0, 1), (1, 0), (1, 1), (1, 2), (2, 0), (2, 2), (2, 3), (3, 3)]
        let r = Ratings(users: pairs.map(\.0), movies: pairs.map(\.1), values: pairs.map { Float($0.0 + $0.1) / 2 + 0.5 },
                        timestamps: [Int32](repeating: 0, count: pairs.count))
        return TrainingSet(ratings: r, userCount: 5, movieCount: 5)
    }()

    static func score(_ f: FittedItemKNNImplicit, _ u: Int32, _ m: Int32) -> Double {
        if case .value(let v) = f.estimate(user: u, movie: m) { return v }
        return .nan
    }

    @Test("Scores are sums of the k largest cosine similarities to the user's movies (hand-computed, 1e-6)")
    func handExample() throws {
        let s6 = 6.0.squareRoot()
        let all = try ItemKNNImplicit(k: 20).fit(Self.train, seed: 0)
        // u0 rated m0, m1: m2 ← s02 + s12 = 2/√6 + 1/2; m3 ← s03 + s13 = 1/√6; m4 ← nothing.
        #expect(isApprox(Self.score(all, 0, 2), 2 / s6 + 0.5, abs: 1e-6))
        #expect(isApprox(Self.score(all, 0, 3), 1 / s6, abs: 1e-6))
        #expect(Self.score(all, 0, 4) == 0)
        // u3 rated m3: m0 ← 1/√6, m2 ← 1/2, m1 ← 0.
        #expect(isApprox(Self.score(all, 3, 0), 1 / s6, abs: 1e-6))
        #expect(isApprox(Self.score(all, 3, 2), 0.5, abs: 1e-6))
        #expect(Self.score(all, 3, 1) == 0)
        #expect(all.recommend(user: 0, count: 3, train: Self.train).map(\.movie) == [2, 3, 4])
        // With k = 1 only the most similar rated movie counts: u0, m2 ← max(s02, s12) = 2/√6;
        // u2 (rated m0, m2, m3), m1 ← max(s01, s21, s31) = 2/√6 instead of 2/√6 + 1/2.
        let one = try ItemKNNImplicit(k: 1).fit(Self.train, seed: 0)
        #expect(isApprox(Self.score(one, 0, 2), 2 / s6, abs: 1e-6))
        #expect(isApprox(Self.score(one, 2, 1), 2 / s6, abs: 1e-6))
        #expect(isApprox(Self.score(all, 2, 1), 2 / s6 + 0.5, abs: 1e-6))
        // A user with no interaction and a movie with none score 0.
        #expect(Self.score(all, 4, 0) == 0)
        #expect(all.predictsRatings == false)
    }

    @Test("The score does not depend on the order of the user's ratings, and k beyond the user's movies takes them all")
    func orderAndLargeK() throws {
        let (r, _) = RatingTestData.planted(users: 30, movies: 40, ratingsPerUser: 12, rank: 2, noise: 0.3, seed: 5)
        var reversed = Ratings()
        for q in stride(from: r.count - 1, through: 0, by: -1) {
            reversed.append(user: r.users[q], movie: r.movies[q], value: r.values[q], timestamp: 0)
        }
        let a = try ItemKNNImplicit(k: 5).fit(TrainingSet(ratings: r, userCount: 30, movieCount: 40), seed: 0)
        let b = try ItemKNNImplicit(k: 5).fit(TrainingSet(ratings: reversed, userCount: 30, movieCount: 40), seed: 0)
        let c = try ItemKNNImplicit(k: 40).fit(TrainingSet(ratings: r, userCount: 30, movieCount: 40), seed: 0)
        let d = try ItemKNNImplicit(k: 1_000).fit(TrainingSet(ratings: r, userCount: 30, movieCount: 40), seed: 0)
        for u in Int32(0)..<30 {
            for m in Int32(0)..<40 {
                #expect(a.estimate(user: u, movie: m) == b.estimate(user: u, movie: m))
                #expect(c.estimate(user: u, movie: m) == d.estimate(user: u, movie: m))
            }
        }
    }
}
