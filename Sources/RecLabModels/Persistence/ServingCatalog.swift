import RecLabData

/// What answering requests about a fitted rating model needs besides the
/// model: MovieLens ids and titles by inner id, and the movies each user
/// rated in the data the model was fitted on (a recommendation leaves those
/// out, as `FittedRatingModel.recommend(user:count:train:)` does).
///
/// Saved in the same file as the model (sections `catalog.users`,
/// `catalog.movies` Int64, `catalog.titles` strings, `catalog.rated_offsets`
/// Int64 CSR offsets by inner user id, `catalog.rated_movies` Int32).
public struct ServingCatalog: Sendable {
    public let users: Vocabulary
    public let movies: Vocabulary
    /// Title by inner movie id.
    public let titles: [String]
    /// Movies rated by inner user `u`: `ratedMovies[ratedOffsets[u] ..< ratedOffsets[u + 1]]`.
    public let ratedOffsets: [Int]
    public let ratedMovies: [Int32]

    /// The dataset's ids and titles and the training set's rated movies.
    public init(dataset: Dataset, train: TrainingSet) {
        users = dataset.users
        movies = dataset.movies
        titles = dataset.titles
        ratedOffsets = train.userOffsets
        ratedMovies = train.userMovies
    }

    /// The movies inner user `u` rated in training (empty for an id out of range).
    public func rated(by u: Int32) -> ArraySlice<Int32> {
        guard u >= 0, Int(u) + 1 < ratedOffsets.count else { return [] }
        return ratedMovies[ratedOffsets[Int(u)]..<ratedOffsets[Int(u) + 1]]
    }

    func encode(into w: inout ModelPayloadWriter) {
        w.append("catalog.users", ints: users.rawIDs)
        w.append("catalog.movies", ints: movies.rawIDs)
        w.append("catalog.titles", strings: titles)
        w.append("catalog.rated_offsets", ints: ratedOffsets)
        w.append("catalog.rated_movies", int32s: ratedMovies)
    }

    /// Reads and checks the catalog against the model's id counts.
    init(decoding r: ModelPayloadReader, userCount: Int, movieCount: Int) throws {
        users = Vocabulary(uniqueRawIDs: try r.ints("catalog.users", count: userCount))
        guard users.isBijective else { throw r.fail("catalog.users", "a userId appears twice") }
        movies = Vocabulary(uniqueRawIDs: try r.ints("catalog.movies", count: movieCount))
        guard movies.isBijective else { throw r.fail("catalog.movies", "a movieId appears twice") }
        titles = try r.strings("catalog.titles", count: movieCount)
        let offsets = try r.ints("catalog.rated_offsets", count: userCount + 1)
        let rated = try r.int32s("catalog.rated_movies")
        guard offsets.first == 0, offsets.last == rated.count, zip(offsets, offsets.dropFirst()).allSatisfy({ $0 <= $1 }) else {
            throw r.fail("catalog.rated_offsets", "not non-decreasing offsets from 0 to \(rated.count)")
        }
        if let bad = rated.first(where: { $0 < 0 || Int($0) >= movieCount }) {
            throw r.fail("catalog.rated_movies", "movie id \(bad) outside 0..<\(movieCount)")
        }
        ratedOffsets = offsets
        ratedMovies = rated
    }
}

extension Vocabulary {
    /// Every raw id maps back to its own inner id (false when a raw id repeats).
    var isBijective: Bool {
        rawIDs.indices.allSatisfy { inner(rawIDs[$0]) == Int32($0) }
    }
}
