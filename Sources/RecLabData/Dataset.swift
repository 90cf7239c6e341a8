/// A loaded MovieLens release in columnar form.
///
/// Movies are indexed by inner id (`movies.raw(i)` is the MovieLens movieId);
/// `titles[i]` and `genres[i]` describe movie `i`. Users come only from the
/// ratings and tags. Tags may name users that never rated; such users are in
/// `users` too.
public struct Dataset: Sendable, Equatable {
    /// A short name for reports (`ml-latest-small`, or the folder name).
    public var name: String
    public var users: Vocabulary
    public var movies: Vocabulary
    /// Title of each movie, as in the source file (for example "Toy Story (1995)").
    public var titles: [String]
    /// Genre labels of each movie (MovieLens' pipe-separated list, split).
    public var genres: [[String]]
    public var ratings: Ratings
    public var tags: Tags
    /// IMDb / TMDB ids per movie (empty when the layout has no `links.csv`).
    public var links: Links
    /// Inclusive rating scale, for clipping predictions (0.5...5 for the CSV releases, 1...5 for ml-100k/1m).
    public var ratingScale: ClosedRange<Float>

    public init(name: String, users: Vocabulary, movies: Vocabulary, titles: [String], genres: [[String]],
                ratings: Ratings, tags: Tags = Tags(), ratingScale: ClosedRange<Float> = 0.5...5,
                links: Links = Links()) {
        self.name = name
        self.users = users
        self.movies = movies
        self.titles = titles
        self.genres = genres
        self.ratings = ratings
        self.tags = tags
        self.ratingScale = ratingScale
        self.links = links
    }

    public var userCount: Int { users.count }
    public var movieCount: Int { movies.count }
}
