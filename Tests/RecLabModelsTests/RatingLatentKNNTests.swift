import Testing
import RecLabCore
import RecLabData
import RecLabLinearAlgebra
@testable import RecLabModels
import _TestSupport

@Suite("Latent k-NN (tutorial predictor)")
struct RatingLatentKNNTests {
    // Movies in 2-D: m0 = (1, 0), m1 = (1, 1), m2 = (0, 1), m3 = (−1, 0) (m3 opposite m0).
    static let latent = try! LatentMatrix(rows: 4, columns: 2, values: [1, 0, 1, 1, 0, 1, -1, 0])
    // User 0 rated m1 = 4, m2 = 2, m3 = 5; user 1 rated only m3.
    static let train = TrainingSet(ratings: Ratings(users: [0, 0, 0, 1], movies: [1, 2, 3, 3], values: [4, 2, 5, 1],
                                                    timestamps: [0, 0, 0, 0]), userCount: 3, movieCount: 4)

    @Test func predictsTheCosineWeightedMeanOfTheUsersRatedNeighbours() throws {
        let f = LatentKNN(k: 40).fit(Self.train, latent: Self.latent)
        // For m0: cos(m0, m1) = 1/√2, cos(m0, m2) = 0 (not positive), cos(m0, m3) = −1 (dropped).
        guard case .value(let v) = f.estimate(user: 0, movie: 0) else { Issue.record("impossible"); return }
        #expect(isApprox(v, 4, abs: 1e-6))
        // k = 1 on m1's neighbours among {m1, m2, m3}: m1 itself (cos 1) → 4.
        let k1 = LatentKNN(k: 1).fit(Self.train, latent: Self.latent)
        guard case .value(let w) = k1.estimate(user: 0, movie: 1) else { Issue.record("impossible"); return }
        #expect(isApprox(w, 4, abs: 1e-6))
        // m2 with k = 40: m1 (1/√2 · 4) and m2 (1 · 2): (4/√2 + 2) / (1/√2 + 1).
        guard case .value(let z) = f.estimate(user: 0, movie: 2) else { Issue.record("impossible"); return }
        let s = 1 / 2.0.squareRoot()
        #expect(isApprox(z, (4 * s + 2) / (s + 1), abs: 1e-6))
    }

    @Test func noPositiveNeighbourOrUnknownUserFallsBack() throws {
        let f = LatentKNN(k: 40).fit(Self.train, latent: Self.latent)
        // User 1 rated only m3, opposite m0.
        #expect(f.predict(user: 1, movie: 0).wasImpossible)
        #expect(f.predict(user: 2, movie: 0).wasImpossible)
        #expect(isApprox(Double(f.predict(user: 2, movie: 0).value), Self.train.globalMean, abs: 1e-6))
    }

    @Test func aMovieWithoutALatentRowIsImpossible() throws {
        // A latent row mapping: movie m uses row movieRows[m]; −1 means no row (impossible).
        let mapped = try LatentMatrix(rows: 4, columns: 2, values: Self.latent.values, movieRows: [0, 1, 2, -1])
        let g = LatentKNN(k: 40).fit(Self.train, latent: mapped)
        #expect(g.predict(user: 1, movie: 0).wasImpossible)
        #expect(throws: RatingModelError.self) { try LatentMatrix(rows: 2, columns: 2, values: [1, 2, 3]) }
    }

    /// The registry's model builds its latent space from the training set in `fit`:
    /// the same as building the space first and fitting on it.
    @Test func fitBuildsTheLatentSpaceOfTheTrainingRatings() throws {
        let data = RatingTestData.planted(users: 40, movies: 30, ratingsPerUser: 10, rank: 3, noise: 0.3, seed: 5)
        let train = TrainingSet(ratings: data.ratings, userCount: 41, movieCount: 31)
        for (method, centering) in [(TruncatedSVDOptions.Method.exact, CollabCentering.none), (.randomized, .user), (.exact, .movie)] {
            let parameters: Parameters = ["k": .int(5), "n_components": .int(4), "svd_method": .string(method.rawValue),
                                          "centering": .string(centering.rawValue), "svd_seed": .int(9)]
            let model = try LatentKNN(parameters: parameters)
            let fitted = try model.fit(train, seed: 123)
            let latent = try CollabLatentSpace.build(train, centering: centering, svd: TruncatedSVDOptions(
                components: 4, oversamples: 100, powerIterations: 8, method: method, seed: SplitMix64.derive(9, "collab-svd")))
            #expect(latent.columns == 4 && latent.movieRows?[30] == -1, "movie 30 has no training rating, so no row")
            let direct = LatentKNN(k: 5).fit(train, latent: latent)
            for u in Int32(0)..<41 {
                for m in Int32(0)..<31 { #expect(fitted.predict(user: u, movie: m) == direct.predict(user: u, movie: m)) }
            }
        }
        // More components than the training matrix has are capped at min(movies, users) − 1.
        let capped = try LatentKNN(parameters: ["n_components": .int(500)]).fit(train, seed: 0)
        let rated = Set(train.userMovies).count
        #expect(capped.d == min(rated, train.userOrder.count) - 1)
    }
}
