/// The side file (`planted-model.json`) the generator writes next to the
/// data: the settings and the accuracy a perfect model could reach.
public struct PlantedModelReport: Sendable, Equatable, Codable {
    public static let fileName = "planted-model.json"

    public var generator: String
    public var config: PlantedModelConfig
    public var users: Int
    public var movies: Int
    public var ratings: Int
    public var tags: Int
    public var meanRating: Double
    /// The noise floor: RMSE of the Bayes-optimal prediction E[observed | planted score]
    /// (exact expectation of the rounded, clipped noisy rating given the
    /// noiseless score) against the observed ratings. No model can do better
    /// in expectation.
    public var noiseFloorRMSE: Double
    /// RMSE of the noiseless score, rounded to half stars and clipped to
    /// 0.5–5, against the observed ratings.
    public var roundedTruthRMSE: Double
    /// RMSE of the noiseless score clipped to 0.5–5 (not rounded).
    public var truthRMSE: Double
    /// Share of ratings held by the 10 % most-rated movies.
    public var top10PercentMovieShare: Double
    /// Largest and smallest number of ratings of a user.
    public var maxRatingsPerUser: Int
    public var minRatingsPerUser: Int
    public var seconds: Double
}
