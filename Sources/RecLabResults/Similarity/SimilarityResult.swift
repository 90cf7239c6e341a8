/// The item-item similarity stage: explained-variance curves of the content
/// (TF-IDF → truncated SVD) and collab (movie × user ratings → truncated SVD)
/// reductions, and the similar-movie lists for each query title.
public struct SimilarityResult: Sendable, Hashable, Codable {
    /// Content reduction's curve; nil when the content pipeline was not run.
    public var content: ExplainedVariance?
    /// Collab reduction's curve; nil when the collab pipeline was not run.
    public var collab: ExplainedVariance?
    /// One entry per query title, in the experiment's order.
    public var queries: [SimilarityQuery]
    /// Hybrid weight w: hybrid = w · content + (1 − w) · collab (the tutorial's mean is 0.5).
    public var hybridWeight: Double
    /// Wall time of the stage, seconds.
    public var seconds: Double

    public init(
        content: ExplainedVariance? = nil, collab: ExplainedVariance? = nil, queries: [SimilarityQuery] = [],
        hybridWeight: Double = 0.5, seconds: Double = 0
    ) {
        self.content = content
        self.collab = collab
        self.queries = queries
        self.hybridWeight = hybridWeight
        self.seconds = seconds
    }
}

/// The explained-variance ratio of each SVD component, scikit-learn's
/// `TruncatedSVD.explained_variance_ratio_` (variance of projected column i
/// over the total column variance of the input matrix).
public struct ExplainedVariance: Sendable, Hashable, Codable {
    /// Shape of the reduced matrix (rows × columns) and its stored non-zeros.
    public var rows: Int
    public var columns: Int
    public var nonZeros: Int
    /// Per-component ratios, component 1 first (not cumulative).
    public var ratios: [Double]

    public init(rows: Int, columns: Int, nonZeros: Int, ratios: [Double]) {
        self.rows = rows
        self.columns = columns
        self.nonZeros = nonZeros
        self.ratios = ratios
    }

    /// Running sums of `ratios`: element i is the share explained by the first i + 1 components.
    public var cumulative: [Double] {
        var s = 0.0
        return ratios.map { s += $0; return s }
    }
}

/// The movies most similar to one query title, by one ranking method.
public struct SimilarityQuery: Sendable, Hashable, Codable {
    public var queryTitle: String
    public var queryMovieId: Int
    /// Lists ranked by `content`, `collab` and `hybrid` (any subset), in that order.
    public var lists: [SimilarList]

    public init(queryTitle: String, queryMovieId: Int, lists: [SimilarList]) {
        self.queryTitle = queryTitle
        self.queryMovieId = queryMovieId
        self.lists = lists
    }
}

/// A top-N list ranked by `method`, each entry carrying all three scores where known.
public struct SimilarList: Sendable, Hashable, Codable {
    /// `content`, `collab` or `hybrid`.
    public var method: String
    public var movies: [SimilarMovie]

    public init(method: String, movies: [SimilarMovie]) {
        self.method = method
        self.movies = movies
    }
}

/// One similar movie: cosine similarity to the query in each latent space, and the hybrid.
public struct SimilarMovie: Sendable, Hashable, Codable {
    public var movieId: Int
    public var title: String
    public var content: Double?
    public var collab: Double?
    public var hybrid: Double?

    public init(movieId: Int, title: String, content: Double? = nil, collab: Double? = nil, hybrid: Double? = nil) {
        self.movieId = movieId
        self.title = title
        self.content = content
        self.collab = collab
        self.hybrid = hybrid
    }
}
