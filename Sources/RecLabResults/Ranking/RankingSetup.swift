/// The ranking protocol behind a run's (or a trial's) top-N metrics, as the
/// experiment's `ranking:` block and `dataset.implicit` resolved it: what the
/// report states before any ranking number. Nil in results stored before it
/// was recorded, which used the standard protocol (threshold 4, all unrated
/// movies, training movies excluded, explicit ratings).
public struct RankingSetup: Sendable, Hashable, Codable {
    /// Test rating at or above which a movie is relevant; nil when every test interaction is (`relevance: any`).
    public var relevanceThreshold: Double?
    /// The number of sampled negatives per user; nil when every unrated movie is a candidate.
    public var sampledNegatives: Int?
    /// The seed of the negative samples (with `sampledNegatives`).
    public var sampleSeed: UInt64?
    /// Whether the user's training movies are left out of the lists.
    public var excludeTrain: Bool
    /// Every cut-off K the run computed ranking metrics at, ascending.
    public var ks: [Int]
    /// `dataset.implicit`: nil for rating data; else the rating at or above which a rating is an interaction (nil = every rating).
    public var implicit: ImplicitData?

    /// Implicit feedback: which ratings became interactions.
    public struct ImplicitData: Sendable, Hashable, Codable {
        /// Ratings below this were dropped; nil when every rating is an interaction.
        public var threshold: Double?

        public init(threshold: Double? = nil) { self.threshold = threshold }
    }

    public init(relevanceThreshold: Double? = 4, sampledNegatives: Int? = nil, sampleSeed: UInt64? = nil,
                excludeTrain: Bool = true, ks: [Int] = [], implicit: ImplicitData? = nil) {
        self.relevanceThreshold = relevanceThreshold
        self.sampledNegatives = sampledNegatives
        self.sampleSeed = sampleSeed
        self.excludeTrain = excludeTrain
        self.ks = ks
        self.implicit = implicit
    }

    /// True for sampled candidates, whose metrics overstate quality and can misrank models.
    public var isSampled: Bool { sampledNegatives != nil }

    /// The protocol in one sentence, as the report states it.
    public var sentence: String {
        var s = "Each test user's list ranks "
        if let n = sampledNegatives {
            s += "the user's test movies among \(n) sampled negatives (movies the user rated neither in training nor in test; seed \(sampleSeed ?? 0))"
        } else {
            s += excludeTrain ? "every movie the user did not rate in training" : "every movie, training movies included"
        }
        s += "; a test movie is relevant "
        s += relevanceThreshold.map { "when its rating is at least \(Self.number($0))" } ?? "whatever its rating (every test interaction)"
        s += "."
        if let imp = implicit {
            s += imp.threshold.map { " The data is implicit: only ratings of at least \(Self.number($0)) are interactions." }
                ?? " The data is implicit: every rating is an interaction."
        }
        return s
    }

    static func number(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : String(v) }
}
