import RecLabData

/// `dataset:` — which ratings to use and which to keep: a MovieLens release
/// (a name under RECLAB_DATA_DIR or a folder path), or any delimited ratings
/// file (`path` to the file with a `format:` saying how to read it, and an
/// optional `items:` metadata file); see `DatasetSpec+Format.swift`.
public struct DatasetSpec: Sendable, Hashable, Codable {
    /// A release name under RECLAB_DATA_DIR (`ml-latest-small`), a folder path, or a ratings file's path.
    public var source: String
    public var filters: FilterSpec
    /// How to read a delimited ratings file; nil for a MovieLens release.
    public var format: DelimitedFormat?
    /// The item metadata file of a delimited dataset (titles, content text), if any.
    public var items: ItemsSpec?
    /// `implicit:` — the ratings are interactions (nil: they are ratings).
    public var implicit: ImplicitSpec?

    public init(source: String = "ml-latest-small", filters: FilterSpec = FilterSpec(), format: DelimitedFormat? = nil,
                items: ItemsSpec? = nil) {
        self.source = source
        self.filters = filters
        self.format = format
        self.items = items
    }

    static let keys = ["name", "path", "filters", "format", "items", "implicit"]

    static func read(_ r: MappingReader?) -> DatasetSpec {
        var spec = DatasetSpec()
        guard let r else { return spec }
        if r.has("name") && r.has("path") {
            r.diag.add(ExperimentError("give either `name` or `path`, not both", at: r.location("path"), key: r.keyPath("path")))
        }
        spec.source = r.string("path", default: nil) ?? r.string("name", default: "ml-latest-small") ?? "ml-latest-small"
        spec.filters = FilterSpec.read(r.mapping("filters", known: FilterSpec.keys))
        spec.format = readFormat(r)
        spec.items = readItems(r, ratingsDelimiter: spec.format?.delimiter)
        spec.implicit = ImplicitSpec.read(r)
        return spec
    }
}

/// `dataset.implicit:` — read the ratings as implicit feedback. `true`: every
/// rating is an interaction; `{threshold: 3.5}`: only ratings at or above the
/// threshold are, and the others are dropped before the split (after
/// `filters:`, reported as a filter step). Rating values are kept, so a model
/// may still weight an interaction by it; the ranking models binarise them.
///
/// On implicit data a test interaction is relevant whatever its value
/// (`ranking.relevance` defaults to `any`), and validation refuses rating
/// metrics (`rmse`, `mae`, `fcp`) and models that predict ratings: their
/// numbers would be errors against values that are no longer ratings.
public struct ImplicitSpec: Sendable, Hashable, Codable {
    /// Ratings below this are dropped; nil keeps every rating.
    public var threshold: Double?

    public init(threshold: Double? = nil) { self.threshold = threshold }

    static let keys = ["threshold"]

    /// Nil for `implicit: false` or no key.
    static func read(_ r: MappingReader) -> ImplicitSpec? {
        guard let n = r["implicit"] else { return nil }
        switch n.value {
        case .scalar(_, .bool):
            return r.bool("implicit", default: false) ? ImplicitSpec() : nil
        case .mapping:
            guard let m = r.mapping("implicit", known: keys) else { return nil }
            var s = ImplicitSpec()
            if m.has("threshold") {
                s.threshold = m.double("threshold", default: 0, lower: 0)
            } else {
                m.diag.add(ExperimentError("no threshold given", at: n.location, key: m.keyPath("threshold"),
                                           expected: "implicit: true, or implicit: {threshold: R}"))
            }
            return s
        default:
            r.diag.add(ExperimentError("wrong type", at: n.location, key: r.keyPath("implicit"), found: n.shortDescription,
                                       expected: "true, false, or {threshold: R} (ratings at or above R are interactions)"))
            return nil
        }
    }
}

/// `dataset.filters:` — the tutorial's pre-filtering (on ML-20M it keeps users
/// with at least 55 ratings), applied by `RecLabData.DatasetFilter` in its
/// documented order: rating range, duplicates, minimum ratings per user and
/// per movie (both counted on the same input, or iterated to the k-core),
/// unrated movies.
public struct FilterSpec: Sendable, Hashable, Codable {
    /// Keep users with at least this many ratings (0 = no filter).
    public var minUserRatings: Int = 0
    /// Keep movies with at least this many ratings (0 = no filter).
    public var minMovieRatings: Int = 0
    /// Keep only ratings in this range (nil = no bound).
    public var minRating: Double?
    public var maxRating: Double?
    /// Keep only the latest rating of a repeated (user, movie) pair.
    public var dropDuplicates: Bool = false
    /// Repeat the minimum-count filters until every user and movie meets them.
    public var kCore: Bool = false
    /// Drop movies left without ratings (and their tags).
    public var dropUnratedMovies: Bool = false

    public init(minUserRatings: Int = 0, minMovieRatings: Int = 0, minRating: Double? = nil, maxRating: Double? = nil) {
        self.minUserRatings = minUserRatings
        self.minMovieRatings = minMovieRatings
        self.minRating = minRating
        self.maxRating = maxRating
    }

    public var isEmpty: Bool {
        minUserRatings == 0 && minMovieRatings == 0 && minRating == nil && maxRating == nil && !dropDuplicates && !kCore
            && !dropUnratedMovies
    }

    static let keys = ["min_user_ratings", "min_movie_ratings", "min_rating", "max_rating", "drop_duplicates", "k_core",
                       "drop_unrated_movies"]

    static func read(_ r: MappingReader?) -> FilterSpec {
        var f = FilterSpec()
        guard let r else { return f }
        f.minUserRatings = r.int("min_user_ratings", default: 0, in: 0...Int.max)
        f.minMovieRatings = r.int("min_movie_ratings", default: 0, in: 0...Int.max)
        if r.has("min_rating") { f.minRating = r.double("min_rating", default: 0, lower: 0) }
        if r.has("max_rating") { f.maxRating = r.double("max_rating", default: 5, lower: 0) }
        f.dropDuplicates = r.bool("drop_duplicates", default: false)
        f.kCore = r.bool("k_core", default: false)
        f.dropUnratedMovies = r.bool("drop_unrated_movies", default: false)
        if let lo = f.minRating, let hi = f.maxRating, lo > hi {
            r.diag.add(ExperimentError("min_rating is above max_rating", at: r.location("min_rating"),
                                       key: r.keyPath("min_rating"), expected: "min_rating ≤ max_rating"))
        }
        return f
    }
}
