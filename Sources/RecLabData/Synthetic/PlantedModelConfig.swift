/// Settings of the planted-model generator (`reclab data synth`).
///
/// Defaults give MovieLens 20M's shape: 138,493 users, 26,744 movies,
/// 20,000,263 ratings, at least 20 ratings per user, and as many tags per
/// rating as ML-20M (465,564 / 20,000,263).
public struct PlantedModelConfig: Sendable, Equatable, Codable {
    public var users: Int = 138_493
    public var movies: Int = 26_744
    public var ratings: Int = 20_000_263
    public var seed: UInt64 = 0
    /// Standard deviation σ of the Gaussian noise added before rounding.
    public var noise: Double = 0.5
    /// Rank of the planted preference structure.
    public var factors: Int = 10
    /// Standard deviation of the dot product pᵤ·qᵢ (factor entries ~ N(0, (sd²/k)^{1/4})).
    public var interactionSD: Double = 0.6
    public var globalMean: Double = 3.55
    public var userBiasSD: Double = 0.35
    public var movieBiasSD: Double = 0.45
    /// Every user rates at least this many movies (MovieLens: 20).
    public var minRatingsPerUser: Int = 20
    /// Movie popularity ∝ (rank + popularityOffset)^−popularityExponent (rank from 1).
    public var popularityExponent: Double = 1.5
    public var popularityOffset: Double = 10
    /// Extra ratings per user (beyond the minimum) ∝ (U/(rank + activityOffset))^activityExponent
    /// minus its value at the last rank. The defaults put ML-20M-like quartiles
    /// on 20M ratings (p25 ≈ 34, median ≈ 60, max ≈ 10,000; ML-20M: 35, 68, 9,254).
    public var activityExponent: Double = 0.7
    public var activityOffset: Double = 100
    /// Tags to write; nil = ratings × 465,564 / 20,000,263.
    public var tags: Int?
    /// Time span of the ratings (Unix seconds): ML-20M's, 1995-01-09 to 2015-03-31.
    public var firstTime: Int = 789_652_009
    public var lastTime: Int = 1_427_784_002

    public init() {}

    public init(users: Int, movies: Int, ratings: Int, seed: UInt64, noise: Double = 0.5) {
        self.users = users
        self.movies = movies
        self.ratings = ratings
        self.seed = seed
        self.noise = noise
    }

    var tagCount: Int { tags ?? Int((Double(ratings) * 465_564 / 20_000_263).rounded()) }

    /// Checks that the requested shape is possible; errors name the setting.
    public func validate() throws {
        func bad(_ key: String, _ why: String) -> DataError { DataError(why, column: key, kind: .configuration) }
        guard users >= 1 else { throw bad("users", "must be ≥ 1, found \(users)") }
        guard movies >= 1, movies < Int(Int32.max) else { throw bad("movies", "must be ≥ 1, found \(movies)") }
        guard users < Int(Int32.max) else { throw bad("users", "too many users") }
        guard minRatingsPerUser >= 1 && minRatingsPerUser <= movies else {
            throw bad("minRatingsPerUser", "must be in 1...\(movies) (the number of movies), found \(minRatingsPerUser)")
        }
        guard ratings >= users * minRatingsPerUser else {
            throw bad("ratings", "must be ≥ users × \(minRatingsPerUser) = \(users * minRatingsPerUser), found \(ratings)")
        }
        guard ratings <= users * movies / 2 else {
            throw bad("ratings", "must be ≤ half of users × movies = \(users * movies / 2) (each user rates a movie once), found \(ratings)")
        }
        guard noise >= 0, noise.isFinite else { throw bad("noise", "must be ≥ 0, found \(noise)") }
        guard factors >= 1 && factors <= 256 else { throw bad("factors", "must be in 1...256, found \(factors)") }
        guard firstTime < lastTime else { throw bad("firstTime", "must be before lastTime") }
        guard (tags ?? 0) >= 0 else { throw bad("tags", "must be ≥ 0") }
    }
}
