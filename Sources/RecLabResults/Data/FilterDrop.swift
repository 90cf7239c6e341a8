/// What one filter rule removed (`min_ratings_per_movie: 50` dropped …).
public struct FilterDrop: Sendable, Hashable, Codable {
    /// The rule as written, e.g. `min_ratings_per_user: 20`.
    public var rule: String
    public var ratingsRemoved: Int
    public var usersRemoved: Int
    public var moviesRemoved: Int

    public init(rule: String, ratingsRemoved: Int, usersRemoved: Int = 0, moviesRemoved: Int = 0) {
        self.rule = rule
        self.ratingsRemoved = ratingsRemoved
        self.usersRemoved = usersRemoved
        self.moviesRemoved = moviesRemoved
    }
}
