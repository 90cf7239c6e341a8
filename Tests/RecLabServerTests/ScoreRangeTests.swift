import Foundation
import RecLabData
import RecLabModels
import Testing
@testable import RecLabServer

/// Scores and ratings stay within the ranges `/openapi.json` states (its
/// `minimum` and `maximum` are `APIRange`'s), whatever Float rounding does.
@Suite("Score ranges")
struct ScoreRangeTests {
    @Test("clamp removes rounding beyond the range and keeps values inside it exact", arguments: [
        (Float(1.0000002), APIRange.similarity, Float(1)), (-1.0000002, APIRange.similarity, -1), (0.25, APIRange.similarity, 0.25),
        (1, APIRange.similarity, 1), (.nan, APIRange.similarity, -1), (.infinity, APIRange.similarity, 1),
        (5.0000005, APIRange.rating, 5), (0.4999999, APIRange.rating, 0.5), (3.7, APIRange.rating, 3.7),
    ])
    func clamp(_ value: Float, _ range: ClosedRange<Float>, _ want: Float) {
        #expect(APIRange.clamp(value, to: range) == want)
    }

    /// The `minimum` and `maximum` of a schema property in the served document.
    static func bounds(_ schema: String, _ property: String) throws -> (Double?, Double?) {
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8)) as? [String: Any])
        let schemas = try #require((doc["components"] as? [String: Any])?["schemas"] as? [String: Any])
        let p = ((schemas[schema] as? [String: Any])?["properties"] as? [String: Any])?[property] as? [String: Any]
        return ((p?["minimum"] as? NSNumber)?.doubleValue, (p?["maximum"] as? NSNumber)?.doubleValue)
    }

    @Test("the document states APIRange's bounds for every score and rating")
    func documentedBounds() throws {
        for property in ["score", "content", "collab", "hybrid"] {
            let (lo, hi) = try Self.bounds("SimilarItem", property)
            #expect(lo == -1 && hi == 1, "SimilarItem.\(property)")
        }
        for (schema, property) in [("RecommendationItem", "predictedRating"), ("Prediction", "prediction")] {
            let (lo, hi) = try Self.bounds(schema, property)
            #expect(lo == Double(APIRange.rating.lowerBound) && hi == Double(APIRange.rating.upperBound), "\(schema).\(property)")
        }
    }

    @Test("every similar list of every movie and method answers scores within -1...1, equal to the library's clamped")
    func similarScores() async throws {
        let f = try await ServerFixture.get()
        let model = try #require(f.experiment.similarity?.model)
        try await f.withServer { c in
            for (row, id) in model.movieIDs.enumerated() {
                for method in SimilarityMethod.allCases {
                    let got = try (try await c.get("/movies/\(id)/similar?method=\(method.rawValue)&n=100")).decode(SimilarResponse.self)
                    let want = try model.similar(to: model.movies[row], method: method, top: 100)
                    for (g, w) in zip(got.similar, want) {
                        for (x, raw) in [(g.score, w.score(method)), (g.content, w.content), (g.collab, w.collab), (g.hybrid, w.hybrid)] {
                            #expect(APIRange.similarity.contains(x), "movie \(id) \(method): \(x)")
                            #expect(x == APIRange.clamp(raw, to: APIRange.similarity))
                        }
                    }
                }
            }
        }
    }

    @Test("every prediction and recommendation lies within the documented rating range")
    func ratings() async throws {
        let f = try await ServerFixture.get()
        try await f.withServer { c in
            var pairs: [PredictionPair] = []
            for user in 1...ServerFixture.userCount { for k in 0..<ServerFixture.movieCount { pairs.append(PredictionPair(user: user, movie: ServerFixture.movieID(k))) } }
            let batch = try (try await c.post("/predictions", json: try JSONEncoder().encode(BatchPredictionRequest(model: nil, pairs: pairs))))
                .decode(BatchPredictionResponse.self)
            #expect(batch.predictions.count == pairs.count)
            #expect(batch.predictions.allSatisfy { APIRange.rating.contains($0.prediction) })
            for user in 1...ServerFixture.userCount {
                let r = try (try await c.get("/users/\(user)/recommendations?n=100")).decode(RecommendationsResponse.self)
                #expect(r.recommendations.allSatisfy { APIRange.rating.contains($0.predictedRating) }, "user \(user)")
            }
        }
    }

    @Test("a rating model whose scale lies outside the documented range is refused at load")
    func scaleOutsideRange() async throws {
        let f = try await ServerFixture.get()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reclab-served-scale-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: f.outputDirectory, to: dir)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = ServedExperiment.modelsDirectory(dir).appendingPathComponent("svd.rlmodel")
        let saved = try SavedModel.load(url)
        let dataset = try MovieLensLoader.load(f.root.appendingPathComponent("data"))
        let train = TrainingSet(ratings: dataset.ratings, userCount: dataset.userCount, movieCount: dataset.movieCount, ratingScale: 0...10)
        let fitted = try ModelRegistry.make(kind: "svd", parameters: saved.header.parameters).fit(train, seed: 1)
        let svd = try #require(fitted as? FittedSVD)
        try SavedModel.save(svd, catalog: ServingCatalog(dataset: dataset, train: train), header: saved.header, to: url)
        #expect {
            _ = try ServedExperiment.load(dir)
        } throws: { e in
            let m = (e as? ServeError)?.message ?? ""
            return m.contains("rating scale 0.0...10.0 lies outside the API's documented 0.5...5.0")
        }
    }
}
