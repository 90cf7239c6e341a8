/// Sections: the summary and `most_popular.counts` (Int64 by inner id).
extension FittedMostPopular: PersistableRatingModel {
    public static let payloadType = "rating/most_popular"

    public func encode(into w: inout ModelPayloadWriter) {
        summary.encode(into: &w)
        w.append("most_popular.counts", ints: counts)
    }

    public init(decoding r: ModelPayloadReader) throws {
        let s = try TrainingSummary(decoding: r)
        let counts = try r.ints("most_popular.counts", count: s.movieCount)
        if let bad = counts.first(where: { $0 < 0 }) { throw r.fail("most_popular.counts", "negative count \(bad)") }
        self.init(summary: s, counts: counts)
    }
}

/// Sections: the summary and `random.seed` (Int64 bit pattern of the derived seed).
extension FittedRandomScores: PersistableRatingModel {
    public static let payloadType = "rating/random"

    public func encode(into w: inout ModelPayloadWriter) {
        summary.encode(into: &w)
        w.append("random.seed", ints: [Int(Int64(bitPattern: seed))])
    }

    public init(decoding r: ModelPayloadReader) throws {
        self.init(summary: try TrainingSummary(decoding: r), seed: UInt64(bitPattern: Int64(try r.int("random.seed"))))
    }
}

extension Interactions {
    /// Sections `<tag>.offsets` (Int64, users + 1) and `<tag>.movies` (Int32, each user's sorted movies).
    func encode(_ tag: String, into w: inout ModelPayloadWriter) {
        w.append(tag + ".offsets", ints: offsets)
        w.append(tag + ".movies", int32s: movies)
    }

    /// Reads and checks the lists of `summary`'s users: offsets non-decreasing, movies in range, each list strictly increasing.
    init(decoding r: ModelPayloadReader, _ tag: String, summary s: TrainingSummary) throws {
        let offsets = try r.ints(tag + ".offsets", count: s.userCount + 1)
        let movies = try r.int32s(tag + ".movies")
        guard offsets.first == 0, offsets.last == movies.count, zip(offsets, offsets.dropFirst()).allSatisfy({ $0 <= $1 }) else {
            throw r.fail(tag + ".offsets", "not non-decreasing offsets from 0 to \(movies.count)")
        }
        if let bad = movies.first(where: { $0 < 0 || Int($0) >= s.movieCount }) {
            throw r.fail(tag + ".movies", "movie id \(bad) outside 0..<\(s.movieCount)")
        }
        for u in 0..<s.userCount where offsets[u + 1] - offsets[u] > 1 {
            for k in (offsets[u] + 1)..<offsets[u + 1] where movies[k - 1] >= movies[k] {
                throw r.fail(tag + ".movies", "the movies of user \(u) are not strictly increasing")
            }
        }
        self.init(userCount: s.userCount, movieCount: s.movieCount, offsets: offsets, movies: movies)
    }
}

/// Sections: the summary, `ease.lambda` (Float64), `ease.items` (Int32: the
/// movie of each of the m columns), `ease.weights` (Float32, m × m, row j =
/// column j of B), and each user's movies: `ease.users.offsets` (Int64),
/// `ease.users.movies` (Int32).
extension FittedEASE: PersistableRatingModel {
    public static let payloadType = "rating/ease"

    public func encode(into w: inout ModelPayloadWriter) {
        summary.encode(into: &w)
        w.append("ease.lambda", doubles: [lambda])
        w.append("ease.items", int32s: items)
        w.append("ease.weights", floats: weights)
        interactions.encode("ease.users", into: &w)
    }

    public init(decoding r: ModelPayloadReader) throws {
        let s = try TrainingSummary(decoding: r)
        let items = try r.int32s("ease.items")
        guard items.count <= s.movieCount, zip(items, items.dropFirst()).allSatisfy({ $0 < $1 }),
              items.allSatisfy({ $0 >= 0 && Int($0) < s.movieCount }) else {
            throw r.fail("ease.items", "expected increasing movie ids below \(s.movieCount)")
        }
        self.init(summary: s, lambda: try r.double("ease.lambda"), items: items,
                  weights: try r.floats("ease.weights", count: items.count * items.count),
                  interactions: try Interactions(decoding: r, "ease.users", summary: s))
    }
}

/// Sections: the summary, `item_knn_implicit.k` (Int64), `item_knn_implicit.items`
/// (Int32: the movie of each of the m compact indices), `item_knn_implicit.sim`
/// (Float32, the packed strict upper triangle of the m × m cosine matrix), and
/// each user's movies: `item_knn_implicit.users.offsets` (Int64),
/// `item_knn_implicit.users.movies` (Int32).
extension FittedItemKNNImplicit: PersistableRatingModel {
    public static let payloadType = "rating/item_knn_implicit"

    public func encode(into w: inout ModelPayloadWriter) {
        summary.encode(into: &w)
        w.append("item_knn_implicit.k", ints: [k])
        w.append("item_knn_implicit.items", int32s: items)
        w.append("item_knn_implicit.sim", floats: sim.packed)
        interactions.encode("item_knn_implicit.users", into: &w)
    }

    public init(decoding r: ModelPayloadReader) throws {
        let s = try TrainingSummary(decoding: r)
        let k = try r.int("item_knn_implicit.k")
        guard k >= 1 else { throw r.fail("item_knn_implicit.k", "expected k ≥ 1, found \(k)") }
        let items = try r.int32s("item_knn_implicit.items")
        guard items.count <= s.movieCount, zip(items, items.dropFirst()).allSatisfy({ $0 < $1 }),
              items.allSatisfy({ $0 >= 0 && Int($0) < s.movieCount }) else {
            throw r.fail("item_knn_implicit.items", "expected increasing movie ids below \(s.movieCount)")
        }
        let m = items.count
        self.init(summary: s, k: k, items: items,
                  sim: SimilarityMatrix(n: m, packed: try r.floats("item_knn_implicit.sim", count: max(0, m * (m - 1) / 2))),
                  interactions: try Interactions(decoding: r, "item_knn_implicit.users", summary: s))
    }
}
