import Foundation

/// What `reclab data info` shows, as a plain value reports can embed.
/// (The results' own `RecLabResults.DatasetSummary` is the smaller record a
/// run stores; this is the loader's full profile of a folder.)
public struct DatasetProfile: Sendable, Equatable, Codable {
    /// Five-number-plus summary of a count distribution. Quantiles use linear
    /// interpolation between order statistics (position (n − 1)·q, NumPy's
    /// default), so they are exact for the given data.
    public struct Distribution: Sendable, Equatable, Codable {
        public var min: Double
        public var p10: Double
        public var p25: Double
        public var median: Double
        public var p75: Double
        public var p90: Double
        public var max: Double
        public var mean: Double

        /// Summary of `values` (all zeros when empty). O(n log n).
        public init<C: Collection>(_ values: C) where C.Element: BinaryInteger {
            let sorted = values.map { Double($0) }.sorted()
            func q(_ p: Double) -> Double {
                guard !sorted.isEmpty else { return 0 }
                let pos = Double(sorted.count - 1) * p
                let lo = Int(pos.rounded(.down)), hi = Swift.min(lo + 1, sorted.count - 1)
                return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - Double(lo))
            }
            min = sorted.first ?? 0
            max = sorted.last ?? 0
            p10 = q(0.1); p25 = q(0.25); median = q(0.5); p75 = q(0.75); p90 = q(0.9)
            mean = sorted.isEmpty ? 0 : sorted.reduce(0, +) / Double(sorted.count)
        }
    }

    public struct RatingCount: Sendable, Equatable, Codable {
        public var rating: Float
        public var count: Int
    }

    public struct GenreCount: Sendable, Equatable, Codable {
        public var genre: String
        public var movies: Int
    }

    public var name: String
    public var layout: MovieLensLayout?
    /// Users in the vocabulary (raters and taggers) and those with at least one rating.
    public var users: Int
    public var usersWithRatings: Int
    /// Movies in the catalogue and those with at least one rating.
    public var movies: Int
    public var moviesWithRatings: Int
    public var ratings: Int
    /// ratings / (usersWithRatings · moviesWithRatings).
    public var density: Double
    /// 1 − density.
    public var sparsity: Double
    public var ratingScale: RatingScale?
    public var meanRating: Double
    /// Count of every distinct rating value, ascending.
    public var histogram: [RatingCount]
    /// First and last rating time (Unix seconds), nil without ratings.
    public var firstRating: Int?
    public var lastRating: Int?
    public var ratingsPerUser: Distribution
    public var ratingsPerMovie: Distribution
    public var tags: Int
    public var distinctTags: Int
    /// Movies per genre label, most common first (ties by name).
    public var genres: [GenreCount]
    public var fingerprint: DataFingerprint?

    /// Summarises `ds`; O(ratings + movies log movies).
    public init(_ ds: Dataset, layout: MovieLensLayout? = nil, fingerprint: DataFingerprint? = nil) {
        name = ds.name
        self.layout = layout
        self.fingerprint = fingerprint
        users = ds.users.count
        movies = ds.movies.count
        ratings = ds.ratings.count
        var perUser = [Int](repeating: 0, count: ds.users.count)
        var perMovie = [Int](repeating: 0, count: ds.movies.count)
        var byValue: [Float: Int] = [:]
        var byHalfStar = [Int](repeating: 0, count: 21)   // values k/2, k = 0…20, counted without hashing
        var sum = 0.0
        var first = Int32.max, last = Int32.min
        for i in 0..<ds.ratings.count {
            perUser[Int(ds.ratings.users[i])] += 1
            perMovie[Int(ds.ratings.movies[i])] += 1
            let v = ds.ratings.values[i]
            let k = v * 2
            if k >= 0 && k <= 20 && Float(Int(k)) == k { byHalfStar[Int(k)] += 1 } else { byValue[v, default: 0] += 1 }
            sum += Double(v)
            let t = ds.ratings.timestamps[i]
            if t < first { first = t }
            if t > last { last = t }
        }
        let activeUsers = perUser.filter { $0 > 0 }
        let ratedMovies = perMovie.filter { $0 > 0 }
        usersWithRatings = activeUsers.count
        moviesWithRatings = ratedMovies.count
        let cells = Double(usersWithRatings) * Double(moviesWithRatings)
        density = cells > 0 ? Double(ratings) / cells : 0
        sparsity = 1 - density
        ratingScale = layout?.scale
        meanRating = ratings > 0 ? sum / Double(ratings) : 0
        for k in 0...20 where byHalfStar[k] > 0 { byValue[Float(k) / 2, default: 0] += byHalfStar[k] }
        histogram = byValue.sorted { $0.key < $1.key }.map { RatingCount(rating: $0.key, count: $0.value) }
        firstRating = ratings > 0 ? Int(first) : nil
        lastRating = ratings > 0 ? Int(last) : nil
        ratingsPerUser = Distribution(activeUsers)
        ratingsPerMovie = Distribution(ratedMovies)
        tags = ds.tags.count
        distinctTags = Set(ds.tags.texts).count
        var genreCounts: [String: Int] = [:]
        for g in ds.genres { for label in Set(g) { genreCounts[label, default: 0] += 1 } }
        genres = genreCounts.map { GenreCount(genre: $0.key, movies: $0.value) }
            .sorted { $0.movies != $1.movies ? $0.movies > $1.movies : $0.genre < $1.genre }
    }
}
