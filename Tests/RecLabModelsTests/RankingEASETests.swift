import Foundation
import Testing
import RecLabData
import RecLabLinearAlgebra
@testable import RecLabModels
import _TestSupport

@Suite("Ranking models: ease")
struct RankingEASETests {
    /// The fixture: `scripts/oracles/numpy_ease.py` (NumPy float64 closed form; versions and command in the file).
    struct Oracle: Decodable {
        var users: Int
        var movies: Int
        var ratings: [[Double]]
        var lambdas: [Double]
        var scores: [String: [[Double]]]
    }

    static func oracle() throws -> Oracle {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/numpy_ease.json")
        return try JSONDecoder().decode(Oracle.self, from: Data(contentsOf: url))
    }

    @Test("Scores equal NumPy's closed form to 1e-5 (absolute), for λ = 500 and λ = 2.5, cold user and movie included")
    func matchesNumPy() throws {
        let o = try Self.oracle()
        var r = Ratings()
        for row in o.ratings { r.append(user: Int32(row[0]), movie: Int32(row[1]), value: Float(row[2]), timestamp: 0) }
        let train = TrainingSet(ratings: r, userCount: o.users, movieCount: o.movies)
        for lambda in o.lambdas {
            let expected = try #require(o.scores[String(lambda)])
            let f = try EASE(lambda: lambda).fit(train, seed: 0)
            for u in 0..<o.users {
                let got = (0..<o.movies).map { m -> Double in
                    if case .value(let v) = f.estimate(user: Int32(u), movie: Int32(m)) { return v }
                    return .nan
                }
                #expect(isApprox(got, expected[u], abs: 1e-5), "λ \(lambda), user \(u)")
            }
        }
    }

    @Test("A two-movie example by hand: B₀₁ = c / (n₁ + λ), where c users share both movies")
    func handExample() throws {
        // Movies 0 and 1: users 0, 1 rated both, user 2 only movie 0. G = [[3+λ, 2], [2, 2+λ]];
        // P = G⁻¹ ∝ [[2+λ, −2], [−2, 3+λ]], so B₀₁ = −P₀₁/P₁₁ = 2/(3+λ) and B₁₀ = 2/(2+λ).
        let r = Ratings(users: [0, 0, 1, 1, 2], movies: [0, 1, 0, 1, 0], values: [5, 4, 3, 2, 1], timestamps: [0, 0, 0, 0, 0])
        let t = TrainingSet(ratings: r, userCount: 3, movieCount: 3)
        let lambda = 1.0
        let f = try EASE(lambda: lambda).fit(t, seed: 0)
        // User 2 (rated movie 0) scores movie 1 with B₀₁; movie 2 has no interaction: 0.
        guard case .value(let b01) = f.estimate(user: 2, movie: 1) else { Issue.record("no score"); return }
        // B is stored in Float: 1e-7 absolute on a value of 0.5.
        #expect(isApprox(b01, 2 / (3 + lambda), abs: 1e-7))
        #expect(f.estimate(user: 2, movie: 2) == .value(0))
        #expect(f.recommend(user: 2, count: 2, train: t).map(\.movie) == [1, 2])
        #expect(f.predictsRatings == false)
    }

    @Test("The Cholesky inverse matches a hand 2 × 2 inverse and refuses an indefinite matrix")
    func choleskyInverse() throws {
        var a: [Double] = [4, 2, 2, 3]   // inverse (1/8)·[[3, −2], [−2, 4]]
        try Decompositions.invertSymmetricPositiveDefinite(&a, n: 2)
        #expect(isApprox(a, [0.375, -0.25, -0.25, 0.5], abs: 1e-15))
        var bad: [Double] = [1, 2, 2, 1]
        #expect(throws: LinearAlgebraError.self) { try Decompositions.invertSymmetricPositiveDefinite(&bad, n: 2) }
    }

    @Test("A problem beyond the memory limit is refused before allocating, naming the size")
    func memoryLimit() throws {
        let r = Ratings(users: [0, 0, 0], movies: [0, 1, 2], values: [1, 1, 1], timestamps: [0, 0, 0])
        var model = EASE()
        model.memoryLimitBytes = 100
        #expect(throws: RatingModelError.self) { try model.fit(TrainingSet(ratings: r, userCount: 1, movieCount: 3), seed: 0) }
    }
}
