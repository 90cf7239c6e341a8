import RecLabModels

/// The answers of the API, computed from memory; each failure is an `APIError`
/// (400 for a malformed or out-of-range value, 404 for an unknown id or model).
extension ServedExperiment {
    static let maxN = 100
    static let maxBatch = 10_000

    static func checkN(_ n: Int) throws {
        guard (1...maxN).contains(n) else { throw APIError.badRequest("n must be an integer in 1...\(maxN), got \(n)") }
    }

    func similarityEntry() throws -> SimilarityEntry {
        guard let similarity else {
            throw APIError.notFound("this experiment saved no similarity model (its file has no `similarity:` section)")
        }
        return similarity
    }

    /// `GET /movies/{id}/similar`: the `n` movies most similar to `movieID`,
    /// exactly `SimilarityModel.similar(to:method:top:)` (same order, same
    /// scores, clamped to the documented -1...1: see `APIRange.clamp`).
    func similar(movieID: Int, method: SimilarityMethod, n: Int) throws -> SimilarResponse {
        try Self.checkN(n)
        let s = try similarityEntry()
        guard let row = s.rowByMovieID[movieID] else {
            if ratingModels.values.contains(where: { $0.catalog.movies.inner(movieID) != nil }) {
                throw APIError.notFound("movie \(movieID) has no ratings, so it is not in the similarity model")
            }
            throw APIError.notFound("no movie with movieId \(movieID)")
        }
        let lists = try s.cache.lists(row: row, model: s.model)
        let list = lists[method == .content ? 0 : method == .collab ? 1 : 2]
        let m = s.model
        return SimilarResponse(movie: MovieRef(movieId: movieID, title: m.titles[row]), method: method.rawValue, n: n,
                               similar: (0..<min(n, list.rows.count)).map { k in
                                   let i = Int(list.rows[k])
                                   let score = method == .content ? list.content[k] : method == .collab ? list.collab[k] : list.hybrid[k]
                                   func c(_ v: Float) -> Float { APIRange.clamp(v, to: APIRange.similarity) }
                                   return SimilarItem(movieId: m.movieIDs[i], title: m.titles[i], score: c(score),
                                                      content: c(list.content[k]), collab: c(list.collab[k]), hybrid: c(list.hybrid[k]))
                               })
    }

    /// `GET /movies/search`: titles containing `query` case-insensitively —
    /// titles starting with it first, then shorter titles, then by movieId.
    /// A `+` is a space, as in HTML form encoding (`?q=toy+story`); a literal plus is `%2B`.
    func search(query: String, limit: Int) throws -> SearchResponse {
        let q = query.replacingOccurrences(of: "+", with: " ").trimmingCharacters(in: .whitespaces)
        guard !q.isEmpty else { throw APIError.badRequest("q must be a non-empty part of a title") }
        guard q.count <= 200 else { throw APIError.badRequest("q is longer than 200 characters") }
        try Self.checkN(limit)
        return SearchResponse(query: q, movies: titleIndex.search(q, limit: limit).map {
            SearchHit(movieId: titleIndex.ids[$0], title: titleIndex.titles[$0], inSimilarityModel: titleIndex.inSimilarity[$0])
        })
    }

    func ratingEntry(_ name: String?) throws -> (String, RatingEntry) {
        guard let name = name ?? defaultModel else { throw APIError.notFound("this experiment saved no rating model") }
        guard let e = ratingModels[name] else {
            throw APIError.notFound("no model '\(name)' (loaded: \(ratingModelNames.joined(separator: ", ")))")
        }
        return (name, e)
    }

    /// `GET /users/{id}/recommendations`: `FittedRatingModel.recommend`, leaving
    /// out the movies the user rated in the model's training data.
    func recommendations(userID: Int, n: Int, model: String?) throws -> RecommendationsResponse {
        try Self.checkN(n)
        let (name, e) = try ratingEntry(model)
        guard let u = e.catalog.users.inner(userID) else { throw APIError.notFound("no user with userId \(userID)") }
        let rated = e.catalog.rated(by: u)
        let top = e.model.recommend(user: u, count: n, excluding: rated)
        return RecommendationsResponse(userId: userID, model: name, n: n, excludedRated: rated.count,
                                       recommendations: top.map {
                                           RecommendationItem(movieId: e.catalog.movies.raw($0.movie),
                                                              title: e.catalog.titles[Int($0.movie)],
                                                              predictedRating: APIRange.clamp($0.rating, to: APIRange.rating))
                                       })
    }

    /// `GET /users/{id}/predictions/{movieId}` and each pair of `POST /predictions`.
    func prediction(userID: Int, movieID: Int, model: String?, pair: Int? = nil) throws -> PredictionResponse {
        let (name, e) = try ratingEntry(model)
        let at = pair.map { "pairs[\($0)]: " } ?? ""
        guard let u = e.catalog.users.inner(userID) else { throw APIError.notFound("\(at)no user with userId \(userID)") }
        guard let m = e.catalog.movies.inner(movieID) else { throw APIError.notFound("\(at)no movie with movieId \(movieID)") }
        let p = e.model.predict(user: u, movie: m)
        return PredictionResponse(userId: userID, movieId: movieID, title: e.catalog.titles[Int(m)], model: name,
                                  prediction: APIRange.clamp(p.value, to: APIRange.rating), wasImpossible: p.wasImpossible,
                                  knownUser: e.model.summary.knows(user: u), knownMovie: e.model.summary.knows(movie: m))
    }

    func predictions(_ request: BatchPredictionRequest) throws -> BatchPredictionResponse {
        guard !request.pairs.isEmpty else { throw APIError.badRequest("pairs must hold at least one {user, movie} pair") }
        guard request.pairs.count <= Self.maxBatch else {
            throw APIError.badRequest("at most \(Self.maxBatch) pairs per request, got \(request.pairs.count)")
        }
        let (name, _) = try ratingEntry(request.model)
        let out = try request.pairs.enumerated().map { i, p in
            try prediction(userID: p.user, movieID: p.movie, model: name, pair: i)
        }
        return BatchPredictionResponse(model: name, predictions: out)
    }
}
