/// The binarised interaction matrix of a training set: user u interacted with
/// movie i when u rated i at least once (any value). Each user's movies are
/// sorted and distinct, so a repeated rating counts once.
///
/// CSR by user: the movies of user u are `movies[offsets[u]..<offsets[u+1]]`.
/// O(n log n) to build (each user's list sorted).
struct Interactions: Sendable, Equatable {
    let userCount: Int
    let movieCount: Int
    let offsets: [Int]
    let movies: [Int32]

    init(_ t: TrainingSet) {
        var offsets = [Int](repeating: 0, count: t.userCount + 1)
        var movies: [Int32] = []
        movies.reserveCapacity(t.count)
        for u in 0..<t.userCount {
            let start = movies.count
            movies.append(contentsOf: t.movies(ratedBy: Int32(u)))
            movies[start...].sort()
            var w = start
            for r in start..<movies.count where w == start || movies[r] != movies[w - 1] {
                movies[w] = movies[r]
                w += 1
            }
            movies.removeSubrange(w...)
            offsets[u + 1] = movies.count
        }
        self.init(userCount: t.userCount, movieCount: t.movieCount, offsets: offsets, movies: movies)
    }

    init(userCount: Int, movieCount: Int, offsets: [Int], movies: [Int32]) {
        self.userCount = userCount
        self.movieCount = movieCount
        self.offsets = offsets
        self.movies = movies
    }

    /// Number of interactions (distinct rated pairs).
    var count: Int { movies.count }

    /// The movies of user `u`, sorted (empty for an id out of range).
    @inline(__always)
    func movies(of u: Int32) -> ArraySlice<Int32> {
        guard u >= 0, Int(u) < userCount else { return [] }
        return movies[offsets[Int(u)]..<offsets[Int(u) + 1]]
    }

    /// Whether user `u` interacted with movie `i` (binary search).
    func contains(user u: Int32, movie i: Int32) -> Bool {
        let s = movies(of: u)
        var lo = s.startIndex, hi = s.endIndex
        while lo < hi {
            let mid = (lo + hi) / 2
            if s[mid] < i { lo = mid + 1 } else { hi = mid }
        }
        return lo < s.endIndex && s[lo] == i
    }

    /// Distinct users per movie (column sums of the binary matrix).
    func movieCounts() -> [Int] {
        var c = [Int](repeating: 0, count: movieCount)
        for m in movies { c[Int(m)] += 1 }
        return c
    }
}

/// The movies with at least one interaction as compact columns 0..<m, and the column of every
/// interaction: how the item-item models (EASE, implicit item k-NN) index their m × m matrices.
struct ItemColumns: Sendable {
    /// The movie of each column.
    let items: [Int32]
    /// The column of each movie, −1 for a movie without interactions.
    let column: [Int32]
    /// The column of each interaction, aligned with `Interactions.movies`.
    let userColumns: [Int32]

    /// Columns for the movies `x` has interactions with, in movie order.
    init(_ x: Interactions) {
        self.init(items: x.movieCounts().enumerated().filter { $0.element > 0 }.map { Int32($0.offset) }, interactions: x)
    }

    /// Columns for the given `items` (a saved model's).
    init(items: [Int32], interactions: Interactions) {
        var column = [Int32](repeating: -1, count: interactions.movieCount)
        for (c, mv) in items.enumerated() { column[Int(mv)] = Int32(c) }
        self.items = items
        self.column = column
        userColumns = interactions.movies.map { column[Int($0)] }
    }

    /// What scoring `movie` for `user` starts from.
    enum Target {
        /// Not a movie of the training set.
        case unknownMovie
        /// A movie without interactions, or a user without any: the score is 0.
        case zero
        /// The movie's column and the range of the user's interactions in `userColumns`.
        case column(Int, Range<Int>)
    }

    func target(user: Int32, movie: Int32, in x: Interactions) -> Target {
        guard movie >= 0, Int(movie) < column.count else { return .unknownMovie }
        let j = Int(column[Int(movie)])
        guard j >= 0, user >= 0, Int(user) < x.userCount else { return .zero }
        return .column(j, x.offsets[Int(user)]..<x.offsets[Int(user) + 1])
    }
}
