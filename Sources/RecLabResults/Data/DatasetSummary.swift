/// The dataset after filtering, as the models saw it: counts, sparsity,
/// rating histogram, activity distributions, date range and genres.
public struct DatasetSummary: Sendable, Hashable, Codable {
    /// Release or folder name (`ml-latest-small`, `synthetic-1k`).
    public var name: String
    public var origin: DataOrigin
    public var userCount: Int
    public var movieCount: Int
    public var ratingCount: Int
    public var tagCount: Int
    /// Ratings per user (number of ratings per user, all users with ≥ 1 rating).
    public var ratingsPerUser: CountDistribution
    /// Ratings per movie (movies with ≥ 1 rating).
    public var ratingsPerMovie: CountDistribution
    /// Count of each rating value, ascending by value (0.5, 1.0, … 5.0).
    public var ratingHistogram: [ValueCount]
    /// Earliest and latest rating timestamps, Unix seconds (UTC); nil if unknown.
    public var firstTimestamp: Int64?
    public var lastTimestamp: Int64?
    /// Movies per genre, most frequent first.
    public var genres: [NameCount]
    /// Ratings whose (user, movie) pair occurs earlier in the data (kept as separate ratings
    /// unless `dataset.filters.drop_duplicates`); nil in summaries stored before it was counted.
    public var duplicateRatings: Int?

    public init(
        name: String, origin: DataOrigin, userCount: Int, movieCount: Int, ratingCount: Int, tagCount: Int,
        ratingsPerUser: CountDistribution, ratingsPerMovie: CountDistribution, ratingHistogram: [ValueCount],
        firstTimestamp: Int64? = nil, lastTimestamp: Int64? = nil, genres: [NameCount] = [], duplicateRatings: Int? = nil
    ) {
        self.name = name
        self.origin = origin
        self.userCount = userCount
        self.movieCount = movieCount
        self.ratingCount = ratingCount
        self.tagCount = tagCount
        self.ratingsPerUser = ratingsPerUser
        self.ratingsPerMovie = ratingsPerMovie
        self.ratingHistogram = ratingHistogram
        self.firstTimestamp = firstTimestamp
        self.lastTimestamp = lastTimestamp
        self.genres = genres
        self.duplicateRatings = duplicateRatings
    }

    /// Fraction of the user × movie matrix that is *missing*: 1 − ratings / (users · movies).
    public var sparsity: Double {
        let cells = Double(userCount) * Double(movieCount)
        return cells > 0 ? 1 - Double(ratingCount) / cells : 0
    }
}
