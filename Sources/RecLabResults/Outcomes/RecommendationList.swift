/// Top-N unrated movies for one user by one fitted model.
public struct RecommendationList: Sendable, Hashable, Codable {
    public var userId: Int
    /// The model's name in `models:`.
    public var model: String
    /// The trial whose fitted model produced the list, when it came from one.
    public var trialId: String?
    public var movies: [RecommendedMovie]
    /// True when the model ranks without predicting ratings (`most_popular`, `ease`…): the
    /// movies' `predictedRating` then holds the model's ranking score, not a rating.
    public var isScore: Bool?

    public init(userId: Int, model: String, trialId: String? = nil, movies: [RecommendedMovie], isScore: Bool? = nil) {
        self.userId = userId
        self.model = model
        self.trialId = trialId
        self.movies = movies
        self.isScore = isScore
    }
}

/// One recommended movie with its predicted rating (clipped to the rating scale).
public struct RecommendedMovie: Sendable, Hashable, Codable {
    public var movieId: Int
    public var title: String
    public var predictedRating: Double

    public init(movieId: Int, title: String, predictedRating: Double) {
        self.movieId = movieId
        self.title = title
        self.predictedRating = predictedRating
    }
}
