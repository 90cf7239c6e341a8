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

    public init(
        schemaVersion: Int = RunResult.currentSchemaVersion, experiment: ExperimentInfo, provenance: Provenance,
        data: DataSummary? = nil, similarity: SimilarityResult? = nil, trials: [TrialResult] = [],
        recommendations: [RecommendationList] = [], expectations: [ExpectationResult] = [],
        reportOptions: ReportOptions = ReportOptions()
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
    }

    /// True when every expectation passed (vacuously true without expectations).
    public var passed: Bool { expectations.allSatisfy(\.passed) }
}
