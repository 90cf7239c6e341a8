import RecLabLinearAlgebra

/// Which latent space ranks the neighbours.
public enum SimilarityMethod: String, Sendable, Hashable, Codable, CaseIterable {
    case content, collab, hybrid
}

/// How the movie × user rating matrix is centred before its SVD.
public enum CollabCentering: String, Sendable, Hashable, Codable, CaseIterable {
    /// Ratings as given, missing = 0 (the tutorial).
    case none
    /// Each stored rating minus its user's mean rating (adjusted cosine); missing stays 0.
    case user
    /// Each stored rating minus its movie's mean rating; missing stays 0.
    case movie
}

/// Everything that defines a fitted `SimilarityModel` — a plain value the
/// experiment runner fills from YAML. Defaults are the tutorial's.
public struct SimilarityConfig: Sendable, Hashable, Codable {
    /// Truncated-SVD components of the content (TF-IDF) matrix.
    public var contentComponents: Int
    /// Truncated-SVD components of the collaborative (movie × user) matrix.
    public var collabComponents: Int
    /// Seed of both randomized SVDs (child seeds "content-svd" and "collab-svd"
    /// are derived with `SplitMix64.derive`).
    public var seed: UInt64
    public var tfidf: TfidfOptions
    /// Hybrid score = w · content + (1 − w) · collab (the tutorial: 0.5).
    public var hybridWeight: Double
    public var centering: CollabCentering
    /// Keep only ratings of users with at least this many ratings before
    /// choosing the movies (the tutorial uses 55 on ML-20M; 0 keeps all).
    public var minUserRatings: Int
    /// Oversampling, power iterations and method of both SVDs (`components`
    /// and `seed` in it are ignored: the fields above win). The default
    /// oversamples 100 directions with 8 power iterations (scikit-learn: 10
    /// and 5): with scikit-learn's settings the components near 200 of
    /// ml-latest-small's TF-IDF are inaccurate enough to move cosines by up
    /// to 0.06 from an exact SVD (scikit-learn's own result included); with
    /// 100 and 8 the top-30 cosines are within ~0.003 of exact, at a higher
    /// cost (the whole content pipeline takes about 1.4 times as long;
    /// BENCHMARKS.md, Summary).
    public var svd: TruncatedSVDOptions

    public init(contentComponents: Int = 200, collabComponents: Int = 200, seed: UInt64 = 42,
                tfidf: TfidfOptions = TfidfOptions(), hybridWeight: Double = 0.5,
                centering: CollabCentering = .none, minUserRatings: Int = 0,
                svd: TruncatedSVDOptions = TruncatedSVDOptions(components: 200, oversamples: 100, powerIterations: 8)) {
        self.contentComponents = contentComponents
        self.collabComponents = collabComponents
        self.seed = seed
        self.tfidf = tfidf
        self.hybridWeight = hybridWeight
        self.centering = centering
        self.minUserRatings = minUserRatings
        self.svd = svd
    }

    /// Both component counts at once.
    public init(components: Int, seed: UInt64 = 42) {
        self.init(contentComponents: components, collabComponents: components, seed: seed)
    }

    func validate() throws {
        if let p = tfidf.problem { throw SimilarityError(p, key: "tfidf") }
        guard (0...1).contains(hybridWeight) else {
            throw SimilarityError("expected a weight in [0, 1], got \(hybridWeight)", key: "hybrid_weight")
        }
        guard minUserRatings >= 0 else {
            throw SimilarityError("expected a count ≥ 0, got \(minUserRatings)", key: "min_user_ratings")
        }
    }
}
