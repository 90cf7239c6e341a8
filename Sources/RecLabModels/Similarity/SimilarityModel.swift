import RecLabCore
import RecLabData
import RecLabLinearAlgebra

/// Tutorial steps 1–3, fitted once: the content latent space (truncated SVD
/// of the TF-IDF of each movie's tags + genres), the collaborative latent
/// space (truncated SVD of the movie × user rating matrix, missing = 0), and
/// cosine / hybrid similar-movie queries over both.
///
/// Rows are the movies with at least one rating (after `minUserRatings`), in
/// dataset order — the same rows in both spaces, as in the tutorial.
public struct SimilarityModel: Sendable {
    public let config: SimilarityConfig
    /// Dataset inner id of each model row.
    public let movies: [Int32]
    /// MovieLens movieId of each row.
    public let movieIDs: [Int]
    public let titles: [String]
    /// Columns of the collaborative matrix: dataset inner user ids, by ascending userId.
    public let users: [Int32]
    public let content: LatentSpace
    public let collab: LatentSpace
    /// The TF-IDF vocabulary (column order of the content input).
    public let vocabulary: [String]
    let rowByMovie: [Int32: Int]

    /// Builds both latent spaces. Throws `SimilarityError` on an invalid
    /// configuration, on too few movies or users for the requested component
    /// counts (the key names which), or when the TF-IDF vocabulary is empty.
    public static func fit(_ dataset: Dataset, config: SimilarityConfig = SimilarityConfig()) throws -> SimilarityModel {
        try config.validate()
        let r = dataset.ratings
        var perUser = [Int](repeating: 0, count: dataset.userCount)
        for u in r.users { perUser[Int(u)] += 1 }
        let kept = (0..<r.count).filter { perUser[Int(r.users[$0])] >= config.minUserRatings }

        var hasRating = [Bool](repeating: false, count: dataset.movieCount)
        var userRated = [Bool](repeating: false, count: dataset.userCount)
        for k in kept { hasRating[Int(r.movies[k])] = true; userRated[Int(r.users[k])] = true }
        let movies = (0..<dataset.movieCount).filter { hasRating[$0] }.map { Int32($0) }
        let users = (0..<dataset.userCount).filter { userRated[$0] }
            .sorted { dataset.users.raw(Int32($0)) < dataset.users.raw(Int32($1)) }.map { Int32($0) }
        guard movies.count >= 2, !users.isEmpty else {
            throw SimilarityError("need at least 2 rated movies to compare, found \(movies.count)", key: "data")
        }
        var rowByMovie: [Int32: Int] = [:]
        for (i, m) in movies.enumerated() { rowByMovie[m] = i }
        var colByUser = [Int32](repeating: -1, count: dataset.userCount)
        for (j, u) in users.enumerated() { colByUser[Int(u)] = Int32(j) }

        // Content: metadata → TF-IDF → truncated SVD.
        let texts = MovieMetadata.texts(dataset, movies: movies)
        let tfidf = try TfidfVectorizer(options: config.tfidf).fitTransform(texts)
        var contentOptions = config.svd
        contentOptions.components = config.contentComponents
        contentOptions.seed = SplitMix64.derive(config.seed, "content-svd")
        let contentSVD = try fitSVD(tfidf.matrix, contentOptions, key: "content_components")

        // Collaborative: movie × user ratings, missing = 0 (optionally centred) → truncated SVD.
        var rows: [Int32] = [], cols: [Int32] = [], vals: [Float] = []
        rows.reserveCapacity(kept.count); cols.reserveCapacity(kept.count); vals.reserveCapacity(kept.count)
        let offsets = centeringOffsets(r, kept: kept, config.centering, users: dataset.userCount, movies: dataset.movieCount)
        for k in kept {
            rows.append(Int32(rowByMovie[r.movies[k]] ?? 0))
            cols.append(colByUser[Int(r.users[k])])
            vals.append(r.values[k] - offsets(k))
        }
        let ratingMatrix = try CSRMatrix(rows: movies.count, cols: users.count, triplets: rows, cols, vals)
        var collabOptions = config.svd
        collabOptions.components = config.collabComponents
        collabOptions.seed = SplitMix64.derive(config.seed, "collab-svd")
        let collabSVD = try fitSVD(ratingMatrix, collabOptions, key: "collab_components")

        return SimilarityModel(
            config: config, movies: movies, movieIDs: movies.map { dataset.movies.raw($0) },
            titles: movies.map { Int($0) < dataset.titles.count ? dataset.titles[Int($0)] : "movie \(dataset.movies.raw($0))" },
            users: users,
            content: LatentSpace(svd: contentSVD, input: tfidf.matrix),
            collab: LatentSpace(svd: collabSVD, input: ratingMatrix),
            vocabulary: tfidf.vocabulary, rowByMovie: rowByMovie)
    }

    private static func fitSVD(_ x: CSRMatrix, _ options: TruncatedSVDOptions, key: String) throws -> TruncatedSVD {
        do { return try TruncatedSVD.fit(x, options: options) } catch let e as LinearAlgebraError {
            throw SimilarityError(e.message, key: key)
        }
    }

    /// The amount subtracted from rating k under `centering` (means over the kept ratings).
    private static func centeringOffsets(_ r: Ratings, kept: [Int], _ centering: CollabCentering,
                                         users: Int, movies: Int) -> (Int) -> Float {
        switch centering {
        case .none: return { _ in 0 }
        case .user, .movie:
            let byUser = centering == .user
            var sum = [Double](repeating: 0, count: byUser ? users : movies)
            var count = [Int](repeating: 0, count: sum.count)
            for k in kept {
                let g = Int(byUser ? r.users[k] : r.movies[k])
                sum[g] += Double(r.values[k]); count[g] += 1
            }
            let mean = zip(sum, count).map { $1 > 0 ? Float($0 / Double($1)) : 0 }
            return { k in mean[Int(byUser ? r.users[k] : r.movies[k])] }
        }
    }

    /// Number of movies (rows) in the model.
    public var count: Int { movies.count }

    /// The model row of a dataset movie, or nil when it has no (kept) rating.
    public func row(of movie: Int32) -> Int? { rowByMovie[movie] }

    /// Cosine similarities of `movie` with every model row (row order),
    /// content, collaborative and hybrid. Throws when the movie is not in the model.
    public func scores(to movie: Int32) throws -> (content: [Float], collab: [Float], hybrid: [Float]) {
        guard let q = rowByMovie[movie] else {
            throw SimilarityError("movie with inner id \(movie) has no ratings, so it is not in the similarity model",
                                  key: "query")
        }
        let c = try content.cosines(to: q), l = try collab.cosines(to: q)
        let w = Float(config.hybridWeight)
        let h = zip(c, l).map { w * $0 + (1 - w) * $1 }
        return (c, l, h)
    }

    /// The `top` movies most similar to `movie` under `method`, best first,
    /// each with all three scores. The query itself is excluded; ties are
    /// broken by dataset order, so the list is deterministic.
    public func similar(to movie: Int32, method: SimilarityMethod = .hybrid, top: Int = 10) throws -> [Neighbour] {
        guard top >= 0 else { throw SimilarityError("expected a count ≥ 0, got \(top)", key: "top") }
        let (c, l, h) = try scores(to: movie)
        let rank: [Float]
        switch method {
        case .content: rank = c
        case .collab: rank = l
        case .hybrid: rank = h
        }
        return CosineRanking.top(rank, count: top, excluding: rowByMovie[movie]).map { i in
            Neighbour(movie: movies[i], movieID: movieIDs[i], title: titles[i], content: c[i], collab: l[i], hybrid: h[i])
        }
    }
}
