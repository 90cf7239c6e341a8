import Foundation
import RecLabCore
import RecLabData
import Testing
@testable import RecLabModels

/// Saved model files read back: every prediction, neighbour list and
/// learned number equals the model that was saved (exact equality: the
/// format stores bits, so no tolerance is needed).
@Suite("Persistence: round trip")
struct PersistenceRoundTripTests {
    /// A planted 50 × 30 data set, 80 % of it as the training split: some users
    /// and movies end up without training ratings (unknown to the model).
    static func fixture() -> (Dataset, TrainingSet) {
        let (r, _) = RatingTestData.planted(users: 50, movies: 30, ratingsPerUser: 12, rank: 3, noise: 0.3, seed: 7)
        var ds = RatingTestData.dataset(r, users: 52, movies: 32)
        ds.users = Vocabulary((0..<52).map { 1000 + 3 * $0 })
        ds.movies = Vocabulary((0..<32).map { 500 + 7 * $0 })
        let train = TrainingSet(dataset: ds, indices: (0..<r.count).filter { $0 % 5 != 0 })
        return (ds, train)
    }

    /// A header for a model of `kind` (saving checks that the kind's files hold the model's payload).
    static func header(_ name: String = "m", kind: String = "svd") -> ModelFileHeader {
        ModelFileHeader(name: name, kind: kind, reclabVersion: "0.1.0", experimentName: "unit", experimentHash: "abc",
                        dataChecksum: "def", trainedOn: "fixture", parameters: ["k": .int(3)], trialId: "t-1", seed: 9,
                        createdAt: "2026-01-01T00:00:00Z")
    }

    /// Saves and loads through real files in a fresh temporary folder.
    static func roundTrip(_ model: some PersistableRatingModel, kind: String, catalog: ServingCatalog) throws -> SavedModel {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reclab-persist-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("models/m.rlmodel")
        try SavedModel.save(model, catalog: catalog, header: header(kind: kind), to: url)
        return try SavedModel.load(url)
    }

    static func assertSamePredictions(_ a: any FittedRatingModel, _ b: any FittedRatingModel, users: Int, movies: Int) {
        for u in Int32(0)..<Int32(users) {
            for m in Int32(0)..<Int32(movies) {
                #expect(a.predict(user: u, movie: m) == b.predict(user: u, movie: m), "user \(u) movie \(m)")
            }
        }
    }

    @Test("SVD: factors, biases, summary, curve and every prediction survive")
    func svd() throws {
        let (ds, train) = Self.fixture()
        let fitted = try SVD(nFactors: 10, nEpochs: 5).fit(train, seed: 3, options: FitOptions(validation: ds.ratings))
        let saved = try Self.roundTrip(fitted, kind: "svd", catalog: ServingCatalog(dataset: ds, train: train))
        guard case .rating(let model as FittedSVD, let catalog) = saved.content else {
            Issue.record("expected a FittedSVD, got \(saved.content)"); return
        }
        #expect(saved.header.payloadType == "rating/svd")
        #expect(saved.header.parameters == ["k": .int(3)] && saved.header.seed == 9 && saved.header.trialId == "t-1")
        #expect(model.p == fitted.p && model.q == fitted.q && model.bu == fitted.bu && model.bi == fitted.bi)
        #expect(model.learningCurve == fitted.learningCurve && model.learningCurve.validationRMSE.count == 5)
        #expect(model.summary.knownUsers == fitted.summary.knownUsers && model.summary.knownMovies == fitted.summary.knownMovies)
        #expect(model.summary.globalMean == fitted.summary.globalMean && model.summary.ratingCount == train.count)
        #expect(fitted.summary.knownUsers.contains(false), "the fixture should have users unknown to the model")
        Self.assertSamePredictions(model, fitted, users: ds.userCount, movies: ds.movieCount)
        // The catalog: ids, titles, and what each user rated in training.
        #expect(catalog.users == ds.users && catalog.movies == ds.movies && catalog.titles == ds.titles)
        for u in Int32(0)..<Int32(ds.userCount) { #expect(Array(catalog.rated(by: u)) == Array(train.movies(ratedBy: u))) }
        let u = train.userOrder[0]
        #expect(model.recommend(user: u, count: 5, excluding: catalog.rated(by: u)).map(\.movie)
                == fitted.recommend(user: u, count: 5, train: train).map(\.movie))
    }

    @Test("Baselines, global mean and normal predictor: every prediction survives")
    func baselines() throws {
        let (ds, train) = Self.fixture()
        let catalog = ServingCatalog(dataset: ds, train: train)
        let models: [(String, any PersistableRatingModel)] = [
            ("baseline_als", try BaselineOnly(method: .als).fit(train, seed: 1)),
            ("baseline_sgd", try BaselineOnly(method: .sgd).fit(train, seed: 1)),
            ("global_mean", try GlobalMean().fit(train, seed: 1)), ("normal_predictor", try NormalPredictor().fit(train, seed: 11)),
        ]
        for (kind, fitted) in models {
            let saved = try Self.roundTrip(fitted, kind: kind, catalog: catalog)
            guard case .rating(let model, _) = saved.content else { Issue.record("not a rating model"); continue }
            #expect(type(of: model) == type(of: fitted))
            Self.assertSamePredictions(model, fitted, users: ds.userCount, movies: ds.movieCount)
        }
    }

    @Test("SVD++, NMF, every k-NN variant (user- and item-based), latent k-NN, Slope One and co-clustering: every prediction survives")
    func otherModels() throws {
        let (ds, train) = Self.fixture()
        let catalog = ServingCatalog(dataset: ds, train: train)
        var svdpp = SVDpp(); svdpp.nFactors = 4; svdpp.nEpochs = 3
        var nmf = NMF(); nmf.nFactors = 4; nmf.nEpochs = 5
        var models: [(String, any PersistableRatingModel)] = [("svdpp", try svdpp.fit(train, seed: 2)), ("nmf", try nmf.fit(train, seed: 2))]
        for variant in KNN.Variant.allCases {
            for userBased in [true, false] {
                var knn = KNN(variant: variant)
                knn.k = 5; knn.userBased = userBased; knn.measure = variant == .baseline ? .pearson_baseline : .pearson
                models.append((variant.rawValue, try knn.fit(train, seed: 1)))
            }
        }
        var rng = Xoshiro256StarStar(seed: 4)
        let latent = try LatentMatrix(rows: ds.movieCount, columns: 3, values: (0..<(ds.movieCount * 3)).map { _ in Float(rng.nextGaussian()) })
        models.append(("latent_knn", LatentKNN(k: 5).fit(train, latent: latent)))
        models.append(("slope_one", try SlopeOne().fit(train, seed: 1)))
        var coClustering = CoClustering(); coClustering.nEpochs = 3
        models.append(("co_clustering", try coClustering.fit(train, seed: 5, options: FitOptions(validation: ds.ratings))))
        for (kind, fitted) in models {
            let saved = try Self.roundTrip(fitted, kind: kind, catalog: catalog)
            guard case .rating(let model, _) = saved.content else { Issue.record("not a rating model"); continue }
            #expect(type(of: model) == type(of: fitted) && saved.header.payloadType == type(of: fitted).payloadType)
            Self.assertSamePredictions(model, fitted, users: ds.userCount, movies: ds.movieCount)
        }
    }

    @Test("Similarity: every movie's content, collab and hybrid lists survive, with the explained variance")
    func similarity() throws {
        let ds = SimilarityTinyDataset.make()
        let fitted = try SimilarityModel.fit(ds, config: SimilarityConfig(components: 2, seed: 5))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reclab-persist-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("similarity.rlmodel")
        try SavedModel.save(fitted, header: Self.header("similarity", kind: "similarity"), to: url)
        guard case .similarity(let model) = try SavedModel.load(url).content else { Issue.record("not a similarity model"); return }
        #expect(model.config == fitted.config && model.vocabulary == fitted.vocabulary && model.users == fitted.users)
        #expect(model.titles == fitted.titles && model.movieIDs == fitted.movieIDs)
        #expect(model.content.explainedVariance == fitted.content.explainedVariance)
        #expect(model.collab.singularValues == fitted.collab.singularValues && model.collab.inputNonZeros == fitted.collab.inputNonZeros)
        for m in fitted.movies {
            #expect(model.row(of: m) == fitted.row(of: m))
            for method in SimilarityMethod.allCases {
                #expect(try model.similar(to: m, method: method, top: 10) == fitted.similar(to: m, method: method, top: 10))
            }
        }
    }
}
