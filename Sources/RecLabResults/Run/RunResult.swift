/// Everything one `reclab run` produced, as plain values: the only input of
/// the report. Written to `results/run.json` before any rendering, so a
/// report can be rebuilt (`reclab report DIR`) without re-running anything.
///
/// Sections follow the experiment file's order: data → similarity → models
/// (trials) → recommendations → expectations, then provenance. A section the
/// experiment did not ask for is nil or empty.
public struct RunResult: Sendable, Hashable, Codable {
    /// The format's version; readers refuse a newer one (see `ResultsError`).
    public static let currentSchemaVersion = 1

    public var schemaVersion: Int
    public var experiment: ExperimentInfo
    public var provenance: Provenance
    public var data: DataSummary?
    public var similarity: SimilarityResult?
    /// Every finished (or failed) trial, in plan order.
    public var trials: [TrialResult]
    public var recommendations: [RecommendationList]
    public var expectations: [ExpectationResult]
    public var reportOptions: ReportOptions
    /// Why the run stopped before every planned trial ran (an interrupt, the
    /// time budget, `--only`); nil for a complete run. The report is then marked PARTIAL.
    public var partial: String?
    /// Where this run's trials came from; nil in runs stored before it was recorded.
    public var trialSources: TrialSources?
    /// The ranking protocol of the run's top-N metrics; nil when it computed none (or was stored before it was recorded).
    public var ranking: RankingSetup?

    public init(
        schemaVersion: Int = RunResult.currentSchemaVersion, experiment: ExperimentInfo, provenance: Provenance,
        data: DataSummary? = nil, similarity: SimilarityResult? = nil, trials: [TrialResult] = [],
        recommendations: [RecommendationList] = [], expectations: [ExpectationResult] = [],
        reportOptions: ReportOptions = ReportOptions(), partial: String? = nil, trialSources: TrialSources? = nil,
        ranking: RankingSetup? = nil
    ) {
        self.schemaVersion = schemaVersion
        self.experiment = experiment
        self.provenance = provenance
        self.data = data
        self.similarity = similarity
        self.trials = trials
        self.recommendations = recommendations
        self.expectations = expectations
        self.reportOptions = reportOptions
        self.partial = partial
        self.trialSources = trialSources
        self.ranking = ranking
    }

    /// True when every expectation passed (vacuously true without expectations).
    public var passed: Bool { expectations.allSatisfy(\.passed) }
}

/// How many of a run's trials were computed, and how many were reused from
/// the run's own results folder or from the user-level trial cache.
public struct TrialSources: Sendable, Hashable, Codable {
    public var computed: Int
    /// Found in this run's `results/` (a resumed or repeated run).
    public var reusedFromResults: Int
    /// Found in the trial cache (another run's identical trial).
    public var reusedFromCache: Int
    /// False when the cache was off (`--no-cache`) or no cache folder could be found.
    /// (Its path is machine-specific, so the run log names it and results do not.)
    public var cacheEnabled: Bool

    public init(computed: Int, reusedFromResults: Int, reusedFromCache: Int, cacheEnabled: Bool) {
        self.computed = computed
        self.reusedFromResults = reusedFromResults
        self.reusedFromCache = reusedFromCache
        self.cacheEnabled = cacheEnabled
    }
}
