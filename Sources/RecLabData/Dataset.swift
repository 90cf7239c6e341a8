/// A loaded MovieLens release in columnar form.
///
/// Movies are indexed by inner id (`movies.raw(i)` is the MovieLens movieId);
/// `titles[i]` and `genres[i]` describe movie `i`. Users come only from the
/// ratings and tags. Tags may name users that never rated; such users are in
/// `users` too.
///
/// A delimited ratings file (`DelimitedLoader`) may use ids that are not
/// integers: then `userLabels` / `movieLabels` hold the id as written in the
/// file for each inner id and the vocabulary's raw id is the inner id itself.
/// The labels are empty when the raw ids are the file's own integer ids.
public struct Dataset: Sendable, Equatable {
    /// A short name for reports (`ml-latest-small`, or the folder name).
    public var name: String
    public var users: Vocabulary
    public var movies: Vocabulary
    /// Title of each movie, as in the source file (for example "Toy Story (1995)").
    public var titles: [String]
    /// Genre labels of each movie (MovieLens' pipe-separated list, split); for
    /// a delimited items file, the values of its `text` columns.
    public var genres: [[String]]
    public var ratings: Ratings
    public var tags: Tags
    /// IMDb / TMDB ids per movie (empty when the layout has no `links.csv`).
    public var links: Links
    /// Inclusive rating scale, for clipping predictions (0.5...5 for the CSV releases, 1...5 for ml-100k/1m).
    public var ratingScale: ClosedRange<Float>
    /// The user id as written in the source of each inner id, when the ids are not integers (else empty).
    public var userLabels: [String]
    /// The item id as written in the source of each inner id, when the ids are not integers (else empty).
    public var movieLabels: [String]

    public init(name: String, users: Vocabulary, movies: Vocabulary, titles: [String], genres: [[String]],
                ratings: Ratings, tags: Tags = Tags(), ratingScale: ClosedRange<Float> = 0.5...5,
                links: Links = Links(), userLabels: [String] = [], movieLabels: [String] = []) {
        self.userLabels = userLabels
        self.movieLabels = movieLabels
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

    /// The source's id of user `inner`: its label, or its integer raw id as text.
    public func userID(_ inner: Int32) -> String {
        userLabels.isEmpty ? String(users.raw(inner)) : userLabels[Int(inner)]
    }

    /// The source's id of movie (item) `inner`: its label, or its integer raw id as text.
    public func movieID(_ inner: Int32) -> String {
        movieLabels.isEmpty ? String(movies.raw(inner)) : movieLabels[Int(inner)]
    }
}
