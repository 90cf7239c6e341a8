/// What a `DatasetFilter` dropped, step by step.
public struct FilterReport: Sendable, Equatable, Codable {
    public struct Counts: Sendable, Equatable, Codable {
        public var users: Int
        public var movies: Int
        public var ratings: Int
        public var tags: Int
    }

    /// One step: its name (`"rating range"`, `"duplicates"`, `"min ratings per user"`,
    /// `"min ratings per movie"`, `"movies without ratings"`, `"users without ratings or tags"`)
    /// and what it removed. For the two minimum-count steps, `droppedUsers` /
    /// `droppedMovies` count those that fell below the minimum (all their
    /// ratings removed); they leave the vocabulary only in the final
    /// "users without ratings or tags" / "movies without ratings" steps.
    public struct Step: Sendable, Equatable, Codable {
        public var name: String
        public var droppedRatings: Int
        public var droppedUsers: Int
        public var droppedMovies: Int
        public var droppedTags: Int
    }

    public var before: Counts
    public var after: Counts
    public var steps: [Step]
    /// Rounds of the minimum-count step (1 unless `kCore`).
    public var coreRounds: Int
}
