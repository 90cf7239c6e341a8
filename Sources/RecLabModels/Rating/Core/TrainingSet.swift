import RecLabData

/// The ratings a rating model learns from, indexed the way Surprise's
/// `Trainset` is, so that training visits ratings in Surprise's order.
///
/// Ids are the dataset's inner ids (`0..<userCount`, `0..<movieCount`), so a
/// fitted model predicts for any user or movie of the dataset; one with no
/// rating here is *unknown* (Surprise's `knows_user` / `knows_item` false).
///
/// Order: users in order of their first appearance in the given ratings, each
/// user's ratings in the given order — exactly Surprise's
/// `Trainset.all_ratings()` when both tools are given the same rows in the same
/// order. `byUser` holds that order; `byMovie` (built on demand) lists each
/// movie's ratings in order of appearance (Surprise's `ir`).
public struct TrainingSet: Sendable {
    /// Number of user ids (the dataset's user vocabulary size).
    public let userCount: Int
    /// Number of movie ids (the dataset's movie vocabulary size).
    public let movieCount: Int
    /// Inclusive rating scale used to clip predictions.
    public let ratingScale: ClosedRange<Float>
    /// Mean of all training ratings, summed in Double (0 when empty).
    public let globalMean: Double
    /// Users in training order (first appearance).
    public let userOrder: [Int32]
    /// CSR by user: ratings of user `u` are `offsets[u]..<offsets[u+1]` in `movies`/`values`.
    public let userOffsets: [Int]
    public let userMovies: [Int32]
    public let userValues: [Float]

    public var count: Int { userValues.count }
    public var isEmpty: Bool { userValues.isEmpty }

    /// Builds the index from ratings whose ids are below the given counts.
    ///
    /// Complexity O(n + users + movies). Ratings with an id outside the counts
    /// are a programming error (ids come from the same dataset).
    public init(ratings: Ratings, userCount: Int, movieCount: Int, ratingScale: ClosedRange<Float> = 0.5...5) {
        self.userCount = userCount
        self.movieCount = movieCount
        self.ratingScale = ratingScale
        let n = ratings.count
        var counts = [Int](repeating: 0, count: userCount + 1)
        var order: [Int32] = []
        var sum = 0.0
        for k in 0..<n {
            let u = Int(ratings.users[k])
            precondition(u >= 0 && u < userCount && Int(ratings.movies[k]) < movieCount && ratings.movies[k] >= 0,
                         "rating ids must be below the vocabulary sizes")
            if counts[u + 1] == 0 { order.append(Int32(u)) }
            counts[u + 1] += 1
            sum += Double(ratings.values[k])
        }
        for u in 0..<userCount { counts[u + 1] += counts[u] }
        var cursor = counts
        var movies = [Int32](repeating: 0, count: n)
        var values = [Float](repeating: 0, count: n)
        for k in 0..<n {
            let u = Int(ratings.users[k])
            movies[cursor[u]] = ratings.movies[k]
            values[cursor[u]] = ratings.values[k]
            cursor[u] += 1
        }
        self.userOrder = order
        self.userOffsets = counts
        self.userMovies = movies
        self.userValues = values
        self.globalMean = n == 0 ? 0 : sum / Double(n)
    }

    /// All ratings of `dataset` at `indices` (in that order).
    public init<C: Collection>(dataset: Dataset, indices: C) where C.Element == Int {
        self.init(ratings: dataset.ratings.subset(indices), userCount: dataset.userCount,
                  movieCount: dataset.movieCount, ratingScale: dataset.ratingScale)
    }

    /// All ratings of `dataset`.
    public init(dataset: Dataset) {
        self.init(ratings: dataset.ratings, userCount: dataset.userCount,
                  movieCount: dataset.movieCount, ratingScale: dataset.ratingScale)
    }

    /// The same ratings with every value transformed (order and ids unchanged).
    public func mappingValues(_ f: (Float) -> Float) -> TrainingSet {
        var r = Ratings()
        r.reserveCapacity(count)
        for u in userOrder {
            for k in userOffsets[Int(u)]..<userOffsets[Int(u) + 1] {
                r.append(user: u, movie: userMovies[k], value: f(userValues[k]), timestamp: 0)
            }
        }
        return TrainingSet(ratings: r, userCount: userCount, movieCount: movieCount, ratingScale: ratingScale)
    }

    /// Number of training ratings of user `u` (0 for an id out of range).
    @inlinable
    public func ratingCount(user u: Int32) -> Int {
        guard u >= 0, Int(u) < userCount else { return 0 }
        return userOffsets[Int(u) + 1] - userOffsets[Int(u)]
    }

    /// The movies user `u` rated in training, in training order.
    public func movies(ratedBy u: Int32) -> ArraySlice<Int32> {
        guard u >= 0, Int(u) < userCount else { return [] }
        return userMovies[userOffsets[Int(u)]..<userOffsets[Int(u) + 1]]
    }

    /// The values of the ratings of user `u`, aligned with `movies(ratedBy:)`.
    public func values(ratedBy u: Int32) -> ArraySlice<Float> {
        guard u >= 0, Int(u) < userCount else { return [] }
        return userValues[userOffsets[Int(u)]..<userOffsets[Int(u) + 1]]
    }

    /// Which users and movies have at least one training rating.
    public func knownMask() -> (users: [Bool], movies: [Bool]) {
        var users = [Bool](repeating: false, count: userCount)
        var movies = [Bool](repeating: false, count: movieCount)
        for u in userOrder { users[Int(u)] = true }
        for m in userMovies { movies[Int(m)] = true }
        return (users, movies)
    }

    /// The ratings in training order as flat triples (user, movie, value): the
    /// SGD visiting order.
    public func triples() -> (users: [Int32], movies: [Int32], values: [Float]) {
        var us = [Int32](); us.reserveCapacity(count)
        var ms = [Int32](); ms.reserveCapacity(count)
        var vs = [Float](); vs.reserveCapacity(count)
        for u in userOrder {
            let lo = userOffsets[Int(u)], hi = userOffsets[Int(u) + 1]
            for k in lo..<hi { us.append(u); ms.append(userMovies[k]); vs.append(userValues[k]) }
        }
        return (us, ms, vs)
    }

    /// The index by movie (Surprise's `ir`): each movie's (user, value) pairs in
    /// order of appearance in training order. O(n).
    public func byMovie() -> MovieIndex { MovieIndex(self) }
}

/// CSR by movie of a `TrainingSet`: ratings of movie `i` are
/// `offsets[i]..<offsets[i+1]` in `users`/`values`, in training order.
public struct MovieIndex: Sendable {
    public let offsets: [Int]
    public let users: [Int32]
    public let values: [Float]

    init(_ t: TrainingSet) {
        var counts = [Int](repeating: 0, count: t.movieCount + 1)
        for m in t.userMovies { counts[Int(m) + 1] += 1 }
        for i in 0..<t.movieCount { counts[i + 1] += counts[i] }
        var cursor = counts
        var users = [Int32](repeating: 0, count: t.count)
        var values = [Float](repeating: 0, count: t.count)
        for u in t.userOrder {
            for k in t.userOffsets[Int(u)]..<t.userOffsets[Int(u) + 1] {
                let m = Int(t.userMovies[k])
                users[cursor[m]] = u
                values[cursor[m]] = t.userValues[k]
                cursor[m] += 1
            }
        }
        offsets = counts
        self.users = users
        self.values = values
    }

    public func count(movie i: Int32) -> Int { offsets[Int(i) + 1] - offsets[Int(i)] }
}
