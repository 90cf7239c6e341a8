import Testing
import RecLabData
@testable import RecLabModels

@Suite("Latent k-NN (tutorial predictor)")
struct RatingLatentKNNTests {
    // Movies in 2-D: m0 = (1, 0), m1 = (1, 1), m2 = (0, 1), m3 = (−1, 0) (m3 opposite m0).
    static let latent = try! LatentMatrix(rows: 4, columns: 2, values: [1, 0, 1, 1, 0, 1, -1, 0])
    // User 0 rated m1 = 4, m2 = 2, m3 = 5; user 1 rated only m3.
    static let train = TrainingSet(ratings: Ratings(users: [0, 0, 0, 1], movies: [1, 2, 3, 3], values: [4, 2, 5, 1],
                                                    timestamps: [0, 0, 0, 0]), userCount: 3, movieCount: 4)

    @Test func predictsTheCosineWeightedMeanOfTheUsersRatedNeighbours() throws {
        let f = try LatentKNN(k: 40, latent: Self.latent).fit(Self.train, seed: 0)
        // For m0: cos(m0, m1) = 1/√2, cos(m0, m2) = 0 (not positive), cos(m0, m3) = −1 (dropped).
        guard case .value(let v) = f.estimate(user: 0, movie: 0) else { Issue.record("impossible"); return }
        #expect(abs(v - 4) < 1e-6)
        // k = 1 on m1's neighbours among {m1, m2, m3}: m1 itself (cos 1) → 4.
        let k1 = try LatentKNN(k: 1, latent: Self.latent).fit(Self.train, seed: 0)
        guard case .value(let w) = k1.estimate(user: 0, movie: 1) else { Issue.record("impossible"); return }
        #expect(abs(w - 4) < 1e-6)
        // m2 with k = 40: m1 (1/√2 · 4) and m2 (1 · 2): (4/√2 + 2) / (1/√2 + 1).
        guard case .value(let z) = f.estimate(user: 0, movie: 2) else { Issue.record("impossible"); return }
        let s = 1 / 2.0.squareRoot()
        #expect(abs(z - (4 * s + 2) / (s + 1)) < 1e-6)
    }

    @Test func noPositiveNeighbourOrUnknownUserFallsBack() throws {
        let f = try LatentKNN(k: 40, latent: Self.latent).fit(Self.train, seed: 0)
        // User 1 rated only m3, opposite m0.
        #expect(f.predict(user: 1, movie: 0).wasImpossible)
        #expect(f.predict(user: 2, movie: 0).wasImpossible)
        #expect(abs(Double(f.predict(user: 2, movie: 0).value) - Self.train.globalMean) < 1e-6)
    }

    @Test func theRegistryNeedsTheLatentMatrix() throws {
        let model = try ModelRegistry.make(kind: "latent_knn")
        #expect(throws: RatingModelError.self) { try model.fit(Self.train, seed: 0) }
        let withLatent = try ModelRegistry.make(kind: "latent_knn", parameters: ["k": .int(2)],
                                                context: ModelContext(movieLatent: Self.latent))
        #expect(try withLatent.fit(Self.train, seed: 0).predict(user: 0, movie: 0).value == 4)
        // A latent row mapping: movie m uses row movieRows[m]; −1 means no row (impossible).
        let mapped = try LatentMatrix(rows: 4, columns: 2, values: Self.latent.values, movieRows: [0, 1, 2, -1])
        let g = try LatentKNN(k: 40, latent: mapped).fit(Self.train, seed: 0)
        #expect(g.predict(user: 1, movie: 0).wasImpossible)
        #expect(throws: RatingModelError.self) { try LatentMatrix(rows: 2, columns: 2, values: [1, 2, 3]) }
    }
}
