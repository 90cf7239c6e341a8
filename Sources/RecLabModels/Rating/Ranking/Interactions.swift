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

extension Interactions {
    /// Each movie's compact column among `items` (−1 for a movie not among them) and, aligned
    /// with `movies`, the column of every interaction: how the item-item models index their matrices.
    func columns(of items: [Int32], movieCount: Int) -> (column: [Int32], userColumns: [Int32]) {
        var column = [Int32](repeating: -1, count: movieCount)
        for (c, mv) in items.enumerated() { column[Int(mv)] = Int32(c) }
        return (column, movies.map { column[Int($0)] })
    }
}
