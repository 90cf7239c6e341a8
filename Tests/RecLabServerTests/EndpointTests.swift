import Foundation
import RecLabCore
import RecLabData
import RecLabEvaluation
import RecLabModels
import Testing
@testable import RecLabServer

/// Every endpoint over real HTTP against a server on a free loopback port,
/// checked against independent computations: the runner's own results
/// (run.json: its similar lists and top-N, computed before anything was
/// saved), the similarity model's `similar()` (full sort), and a rating model
/// refitted here in memory with the saved trial's parameters, seed and split.
@Suite("Server endpoints")
struct EndpointTests {
    /// The SVD refitted in this process: same kind, parameters, seed and training split as the saved one.
    static func refit(_ f: ServerFixture) throws -> (any FittedRatingModel, Dataset) {
        let entry = try #require(f.experiment.ratingModels["svd"])
        let dataset = try MovieLensLoader.load(f.root.appendingPathComponent("data"))
        let rep = try #require(f.spec.repetitions.first)
        let split = try SplitStrategy.randomHoldOut(testFraction: 0.25)
            .splits(of: dataset, seed: SplitMix64.derive(rep.seed, "split"))[0]
        let model = try ModelRegistry.make(kind: entry.header.kind, parameters: entry.header.parameters)
        return (try model.fit(split.trainingSet(dataset), seed: try #require(entry.header.seed)), dataset)
    }

    @Test("GET /health")
    func health() async throws {
        let f = try await ServerFixture.get()
        try await f.withServer { c in
            let r = try await c.get("/health")
            #expect(r.status == 200 && r.contentType?.hasPrefix("application/json") == true)
            let h = try r.decode(HealthResponse.self)
            #expect(h.status == "ok" && h.experiment == "served" && h.ratingModels == ["svd"] && h.similarity)
        }
    }

    @Test("GET /models: each file with the run's provenance")
    func models() async throws {
        let f = try await ServerFixture.get()
        try await f.withServer { c in
            let m = try (try await c.get("/models")).decode(ModelsResponse.self)
            #expect(m.experiment == "served" && m.experimentHash == f.run.experiment.hash)
            #expect(m.run?.reclabVersion == f.run.provenance.reclabVersion && m.run?.startedAt == f.run.provenance.startedAt)
            #expect(m.models.map(\.name) == ["svd", "similarity"])
            let svd = try #require(m.models.first)
            #expect(svd.kind == "svd" && svd.payloadType == "rating/svd" && svd.isDefault && svd.factors == 8)
            #expect(svd.parameters["n_factors"] == "8" && svd.parameters["n_epochs"] == "10")
            #expect(svd.trialId == f.run.recommendations.first?.trialId && svd.trialId != nil)
            #expect(svd.experimentHash == f.run.experiment.hash && svd.dataChecksum.count == 64)
            #expect(svd.trainingRatings == f.run.data?.splits.first?.trainCount)
            #expect(svd.users == ServerFixture.userCount && svd.movies == ServerFixture.movieCount)
            let sim = try #require(m.models.last)
            #expect(sim.components == ["content": 5, "collab": 5] && sim.movies == ServerFixture.movieCount - 1)
        }
    }

    @Test("GET /movies/{id}/similar equals the library's similar() for every movie and method, and the report's lists")
    func similar() async throws {
        let f = try await ServerFixture.get()
        let model = try #require(f.experiment.similarity?.model)
        try await f.withServer { c in
            for (row, id) in model.movieIDs.enumerated() {
                for method in SimilarityMethod.allCases {
                    let r = try await c.get("/movies/\(id)/similar?method=\(method.rawValue)&n=7")
                    #expect(r.status == 200, "\(r.text)")
                    let got = try r.decode(SimilarResponse.self)
                    let want = try model.similar(to: model.movies[row], method: method, top: 7)
                    #expect(got.movie.movieId == id && got.movie.title == model.titles[row] && got.method == method.rawValue)
                    #expect(got.similar.map(\.movieId) == want.map(\.movieID), "movie \(id) \(method)")
                    #expect(got.similar.map(\.content) == want.map(\.content) && got.similar.map(\.collab) == want.map(\.collab)
                            && got.similar.map(\.hybrid) == want.map(\.hybrid))
                    #expect(got.similar.map(\.score) == want.map { $0.score(method) })
                }
            }
            // The report's lists for "Inception (2010)" (computed by the runner before saving).
            let query = try #require(f.run.similarity?.queries.first)
            for list in query.lists {
                let got = try (try await c.get("/movies/\(query.queryMovieId)/similar?method=\(list.method)&n=5")).decode(SimilarResponse.self)
                #expect(got.similar.map(\.movieId) == list.movies.map(\.movieId))
                #expect(got.similar.map { Double($0.hybrid) } == list.movies.map(\.hybrid))
            }
            // Defaults (hybrid, 10) and n larger than the other movies.
            let d = try (try await c.get("/movies/\(query.queryMovieId)/similar")).decode(SimilarResponse.self)
            #expect(d.method == "hybrid" && d.n == 10 && d.similar.count == 10)
            let all = try (try await c.get("/movies/\(query.queryMovieId)/similar?n=100")).decode(SimilarResponse.self)
            #expect(all.similar.count == model.count - 1 && !all.similar.contains { $0.movieId == query.queryMovieId })
        }
    }

    @Test("GET /movies/search: substring, case-insensitive, prefix matches first")
    func search() async throws {
        let f = try await ServerFixture.get()
        try await f.withServer { c in
            let r = try (try await c.get("/movies/search?q=incep")).decode(SearchResponse.self)
            #expect(r.movies.map(\.title) == ["Inception (2010)", "Inception: The Cobol Job (2010)"])
            #expect(r.movies.first?.movieId == ServerFixture.movieID(3) && r.movies.allSatisfy(\.inSimilarityModel))
            let comma = try (try await c.get("/movies/search?q=GREAT%20ESCAPE")).decode(SearchResponse.self)
            #expect(comma.movies.map(\.title) == ["Great Escape, The (1963)"])
            // Form encoding: `+` is a space.
            let plus = try (try await c.get("/movies/search?q=great+escape")).decode(SearchResponse.self)
            #expect(plus.movies.map(\.title) == ["Great Escape, The (1963)"] && plus.query == "great escape")
            let films = try (try await c.get("/movies/search?q=film&n=3")).decode(SearchResponse.self)
            #expect(films.movies.count == 3)
            // The unrated movie is found by title but cannot be asked for similar movies.
            let unrated = try (try await c.get("/movies/search?q=\(ServerFixture.title(ServerFixture.movieCount - 1).prefix(7).replacingOccurrences(of: " ", with: "%20"))")).decode(SearchResponse.self)
            #expect(unrated.movies.first { $0.movieId == ServerFixture.unratedMovieID }?.inSimilarityModel == false)
            let none = try await c.get("/movies/search?q=zzzz")
            #expect(try none.status == 200 && none.decode(SearchResponse.self).movies.isEmpty)
        }
    }

    @Test("GET /users/{id}/recommendations equals the report's top-N and leaves rated movies out")
    func recommendations() async throws {
        let f = try await ServerFixture.get()
        let (refit, dataset) = try Self.refit(f)
        try await f.withServer { c in
            let report = try #require(f.run.recommendations.first)
            let r = try (try await c.get("/users/1/recommendations")).decode(RecommendationsResponse.self)
            #expect(r.model == "svd" && r.n == 10 && r.userId == 1)
            #expect(r.recommendations.map(\.movieId) == report.movies.map(\.movieId))
            #expect(r.recommendations.map { Double($0.predictedRating) } == report.movies.map(\.predictedRating))
            #expect(r.recommendations.map(\.title) == report.movies.map(\.title))
            let three = try (try await c.get("/users/1/recommendations?n=3&model=svd")).decode(RecommendationsResponse.self)
            #expect(three.recommendations == Array(r.recommendations.prefix(3)))
            // Every user: the refitted model's predictions, best first, none of them rated in training.
            let entry = try #require(f.experiment.ratingModels["svd"])
            for userID in [2, 17, 40] {
                let got = try (try await c.get("/users/\(userID)/recommendations?n=5")).decode(RecommendationsResponse.self)
                let u = try #require(dataset.users.inner(userID))
                let rated = Set(entry.catalog.rated(by: u))
                #expect(got.excludedRated == rated.count && rated.count > 0)
                for item in got.recommendations {
                    let m = try #require(dataset.movies.inner(item.movieId))
                    #expect(!rated.contains(m))
                    #expect(item.predictedRating == refit.predict(user: u, movie: m).value)
                }
                #expect(got.recommendations.map(\.predictedRating) == got.recommendations.map(\.predictedRating).sorted(by: >))
            }
        }
    }

    @Test("GET /users/{id}/predictions/{movieId} and POST /predictions equal the refitted model's predict")
    func predictions() async throws {
        let f = try await ServerFixture.get()
        let (refit, dataset) = try Self.refit(f)
        try await f.withServer { c in
            for (userID, movieID) in [(1, ServerFixture.movieID(0)), (5, ServerFixture.movieID(3)), (40, ServerFixture.unratedMovieID)] {
                let p = try (try await c.get("/users/\(userID)/predictions/\(movieID)?model=svd")).decode(PredictionResponse.self)
                let u = try #require(dataset.users.inner(userID)), m = try #require(dataset.movies.inner(movieID))
                let want = refit.predict(user: u, movie: m)
                #expect(p.prediction == want.value && p.wasImpossible == want.wasImpossible)
                #expect(p.knownMovie == (movieID != ServerFixture.unratedMovieID) && p.knownUser)
                #expect(p.title == dataset.titles[Int(m)] && p.model == "svd")
            }
            // A batch of every (user, movie) pair of three users.
            var pairs: [PredictionPair] = []
            for userID in [1, 2, 3] { for k in 0..<ServerFixture.movieCount { pairs.append(PredictionPair(user: userID, movie: ServerFixture.movieID(k))) } }
            let body = try JSONEncoder().encode(BatchPredictionRequest(model: nil, pairs: pairs))
            let r = try await c.post("/predictions", json: body)
            #expect(r.status == 200, "\(r.text)")
            let batch = try r.decode(BatchPredictionResponse.self)
            #expect(batch.model == "svd" && batch.predictions.count == pairs.count)
            for (pair, got) in zip(pairs, batch.predictions) {
                let u = try #require(dataset.users.inner(pair.user)), m = try #require(dataset.movies.inner(pair.movie))
                #expect(got.userId == pair.user && got.movieId == pair.movie)
                #expect(got.prediction == refit.predict(user: u, movie: m).value)
            }
        }
    }

    @Test("GET /openapi.json documents every route, and each $ref resolves")
    func openAPI() async throws {
        let f = try await ServerFixture.get()
        try await f.withServer { c in
            let r = try await c.get("/openapi.json")
            #expect(r.status == 200)
            let doc = try #require(r.json as? [String: Any])
            #expect(doc["openapi"] as? String == "3.0.3")
            let paths = try #require(doc["paths"] as? [String: Any])
            #expect(Set(paths.keys) == ["/health", "/models", "/openapi.json", "/movies/search", "/movies/{id}/similar",
                                        "/users/{id}/recommendations", "/users/{id}/predictions/{movieId}", "/predictions"])
            var refs: [String] = []
            func collect(_ v: Any) {
                if let d = v as? [String: Any] { for (k, x) in d { if k == "$ref", let s = x as? String { refs.append(s) } else { collect(x) } } }
                if let a = v as? [Any] { a.forEach(collect) }
            }
            collect(doc)
            #expect(refs.count > 20)
            for ref in refs {
                var node: Any? = doc
                for part in ref.dropFirst(2).split(separator: "/") { node = (node as? [String: Any])?[String(part)] }
                #expect(node != nil, "unresolved \(ref)")
            }
            // Each documented response schema's required keys appear in a live answer.
            let schemas = try #require((doc["components"] as? [String: Any])?["schemas"] as? [String: Any])
            func required(_ name: String) -> Set<String> { Set(((schemas[name] as? [String: Any])?["required"] as? [String]) ?? []) }
            let live: [(String, String)] = [("Health", "/health"), ("Models", "/models"), ("Search", "/movies/search?q=film"),
                                            ("Similar", "/movies/\(ServerFixture.movieID(3))/similar"),
                                            ("Recommendations", "/users/1/recommendations"),
                                            ("Prediction", "/users/1/predictions/\(ServerFixture.movieID(3))")]
            for (schema, path) in live {
                let keys = Set(((try await c.get(path)).json as? [String: Any])?.keys.map { $0 } ?? [])
                #expect(required(schema).isSubset(of: keys), "\(schema): \(required(schema).subtracting(keys))")
            }
        }
    }
}
