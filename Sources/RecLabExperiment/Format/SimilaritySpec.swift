import RecLabModels

/// `similarity:` — the tutorial's steps 1–3: content (TF-IDF of tags + genres)
/// and collaborative (movie × user ratings) latent spaces by truncated SVD,
/// and similar-movie lists by cosine in each and in their weighted mean.
public struct SimilaritySpec: Sendable, Hashable, Codable {
    public enum Method: String, Sendable, Hashable, Codable, CaseIterable { case content, collab, hybrid }

    public var enabled: Bool = true
    public var methods: [Method] = Method.allCases
    /// Truncated-SVD components of the content latent matrix (the tutorial: 200).
    public var contentComponents: Int = 200
    /// Truncated-SVD components of the collab latent matrix (the tutorial: 200).
    public var collabComponents: Int = 200
    public var tfidf: TFIDFSpec = TFIDFSpec()
    /// Centre the collab matrix's ratings on the user's or movie's mean first (the tutorial: none).
    public var centering: String = "none"
    /// `auto` (exact SVD for small matrices), `randomized` or `exact`.
    public var svdMethod: String = "auto"
    /// Weight of the content score in the hybrid (the tutorial's mean: 0.5).
    public var hybridWeight: Double = 0.5
    /// Titles (or movie ids as text) to list similar movies for.
    public var queries: [String] = ["Inception (2010)"]
    public var top: Int = 10
    /// Randomized SVD: oversampling and power iterations. The defaults are the
    /// library's (`SimilarityConfig().svd`: 100 and 8), not scikit-learn's 10
    /// and 5, whose cosines drift up to 0.06 from an exact SVD on
    /// ml-latest-small's TF-IDF; set 10 and 5 to mimic scikit-learn's noise.
    public var oversampling: Int = SimilaritySpec.librarySVD.oversamples
    public var powerIterations: Int = SimilaritySpec.librarySVD.powerIterations

    static let librarySVD = SimilarityConfig().svd
    /// Seed of the randomized SVD (default: derived from the experiment seed, stage "similarity").
    public var seed: UInt64 = 0
    /// Draw the cumulative explained-variance curves.
    public var varianceCurves: Bool = true

    public init() {}

    static let keys = ["enabled", "methods", "components", "content_components", "collab_components", "tfidf",
                       "centering", "svd_method", "hybrid_weight", "queries", "top", "oversampling", "power_iterations",
                       "seed", "variance_curves"]

    static func read(_ r: MappingReader?, experimentSeed: UInt64, present: Bool) -> SimilaritySpec {
        var s = SimilaritySpec()
        s.seed = experimentSeed
        // Without a `similarity:` section nothing is computed; `similarity: {}` takes the tutorial's defaults.
        s.enabled = present
        guard let r else { return s }
        s.enabled = r.bool("enabled", default: true)
        s.methods = r.strings("methods", default: Method.allCases.map(\.rawValue), choices: Method.allCases.map(\.rawValue))
            .compactMap(Method.init(rawValue:))
        let both = r.int("components", default: 200, in: 1...100_000)
        if r.has("components") && (r.has("content_components") || r.has("collab_components")) {
            r.diag.add(ExperimentError("give `components` or the per-space counts, not both", at: r.location("components"),
                                       key: r.keyPath("components")))
        }
        s.contentComponents = r.int("content_components", default: both, in: 1...100_000)
        s.collabComponents = r.int("collab_components", default: both, in: 1...100_000)
        s.tfidf = TFIDFSpec.read(r.mapping("tfidf", known: TFIDFSpec.keys))
        s.centering = r.string("centering", default: "none", choices: ["none", "user", "movie"]) ?? "none"
        s.svdMethod = r.string("svd_method", default: "auto", choices: ["auto", "randomized", "exact"]) ?? "auto"
        s.hybridWeight = r.double("hybrid_weight", default: 0.5, lower: 0, upper: 1)
        s.queries = r.strings("queries", default: ["Inception (2010)"])
        if let n = r["queries"], case .sequence(let xs) = n.value, xs.contains(where: { if case .scalar(_, .int) = $0.value { return true }; return false }) {
            // Movie ids written as numbers are accepted too.
            s.queries = xs.compactMap { if case .scalar(let v, _) = $0.value { return v }; return nil }
        }
        s.top = r.int("top", default: 10, in: 1...10_000)
        s.oversampling = r.int("oversampling", default: Self.librarySVD.oversamples, in: 0...10_000)
        s.powerIterations = r.int("power_iterations", default: Self.librarySVD.powerIterations, in: 0...100)
        s.seed = r.uint64("seed", default: experimentSeed)
        s.varianceCurves = r.bool("variance_curves", default: true)
        return s
    }
}

/// `similarity.tfidf:` — scikit-learn `TfidfVectorizer` options (defaults as
/// in the tutorial: English stop words, everything else scikit-learn's default).
public struct TFIDFSpec: Sendable, Hashable, Codable {
    public var stopWords: Bool = true
    public var minDF: Int = 1
    public var maxDF: Double = 1.0
    public var sublinearTF: Bool = false
    public var ngramMin: Int = 1
    public var ngramMax: Int = 1

    public init() {}

    static let keys = ["stop_words", "min_df", "max_df", "sublinear_tf", "ngram_range"]

    static func read(_ r: MappingReader?) -> TFIDFSpec {
        var t = TFIDFSpec()
        guard let r else { return t }
        if let n = r["stop_words"], case .scalar(let v, .string) = n.value {
            if v == "english" { t.stopWords = true } else {
                r.diag.add(ExperimentError("unknown stop-word list '\(v)'", at: n.location, key: r.keyPath("stop_words"),
                                           expected: "english, or true / false"))
            }
        } else {
            t.stopWords = r.bool("stop_words", default: true)
        }
        t.minDF = r.int("min_df", default: 1, in: 1...Int.max)
        t.maxDF = r.double("max_df", default: 1.0, lower: 0, upper: 1, lowerOpen: true)
        t.sublinearTF = r.bool("sublinear_tf", default: false)
        let range = r.ints("ngram_range", default: [1, 1], in: 1...10)
        if range.count == 2, range[0] <= range[1] {
            t.ngramMin = range[0]; t.ngramMax = range[1]
        } else if r.has("ngram_range") {
            r.diag.add(ExperimentError("bad n-gram range", at: r.location("ngram_range"), key: r.keyPath("ngram_range"),
                                       expected: "[min, max] with 1 ≤ min ≤ max ≤ 10"))
        }
        return t
    }
}
