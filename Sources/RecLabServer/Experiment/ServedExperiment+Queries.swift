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
    /// exactly `SimilarityModel.similar(to:method:top:)` (same order, same scores).
    func similar(movieID: Int, method: SimilarityMethod, n: Int) throws -> SimilarResponse {
        try Self.checkN(n)
        let s = try similarityEntry()
        guard let row = s.rowByMovieID[movieID] else {
            if ratingModels.values.contains(where: { $0.catalog.movies.inner(movieID) != nil }) {
                throw APIError.notFound("movie \(movieID) has no ratings, so it is not in the similarity model")
            }
            throw APIError.notFound("no movie with movieId \(movieID)")
        }
        let list = try s.model.topSimilar(row: row, method: method, top: n)
        return SimilarResponse(movie: MovieRef(movieId: movieID, title: s.model.titles[row]), method: method.rawValue, n: n,
                               similar: list.map {
                                   SimilarItem(movieId: $0.movieID, title: $0.title, score: $0.score(method),
                                               content: $0.content, collab: $0.collab, hybrid: $0.hybrid)
                               })
    }

    /// `GET /movies/search`: titles containing `query` case-insensitively —
    /// titles starting with it first, then shorter titles, then by movieId.
    func search(query: String, limit: Int) throws -> SearchResponse {
        let q = query.trimmingCharacters(in: .whitespaces)
        guard !q.isEmpty else { throw APIError.badRequest("q must be a non-empty part of a title") }
        guard q.count <= 200 else { throw APIError.badRequest("q is longer than 200 characters") }
        try Self.checkN(limit)
        let needle = q.lowercased()
        var seen = Set<Int>()
        var hits: [(rank: Int, length: Int, hit: SearchHit)] = []
        func consider(_ id: Int, _ title: String) {
            guard !seen.contains(id) else { return }
            let lower = title.lowercased()
            guard let r = lower.range(of: needle) else { return }
            seen.insert(id)
            hits.append((r.lowerBound == lower.startIndex ? 0 : 1, title.count,
                         SearchHit(movieId: id, title: title, inSimilarityModel: similarity?.rowByMovieID[id] != nil)))
        }
        if let s = similarity { for (id, t) in zip(s.model.movieIDs, s.model.titles) { consider(id, t) } }
        for name in ratingModelNames {
            guard let c = ratingModels[name]?.catalog else { continue }
            for (inner, t) in c.titles.enumerated() { consider(c.movies.raw(Int32(inner)), t) }
        }
        hits.sort { ($0.rank, $0.length, $0.hit.movieId) < ($1.rank, $1.length, $1.hit.movieId) }
        return SearchResponse(query: q, movies: hits.prefix(limit).map(\.hit))
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
                                                              title: e.catalog.titles[Int($0.movie)], predictedRating: $0.rating)
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
                                  prediction: p.value, wasImpossible: p.wasImpossible,
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

extension SimilarityModel {
    /// The same list as `similar(to:method:top:)` for the movie at model row
    /// `row` (query excluded; higher score first, ties by row), found with a
    /// bounded heap instead of a full sort: O(rows · k + rows · log top).
    func topSimilar(row: Int, method: SimilarityMethod, top: Int) throws -> [Neighbour] {
        let (c, l, h) = try scores(to: movies[row])
        let rank: [Float]
        switch method {
        case .content: rank = c
        case .collab: rank = l
        case .hybrid: rank = h
        }
        var best = TopK(capacity: top)
        for i in 0..<count where i != row { best.offer(id: Int32(i), score: rank[i]) }
        return best.sorted().map { e in
            let i = Int(e.id)
            return Neighbour(movie: movies[i], movieID: movieIDs[i], title: titles[i], content: c[i], collab: l[i], hybrid: h[i])
        }
    }
}
