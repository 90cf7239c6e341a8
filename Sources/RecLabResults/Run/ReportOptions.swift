/// What the experiment's `report:` block asks of the report.
///
/// A `nil` chart list means "every chart that applies". Chart names are the
/// raw values of `ChartKind` in RecLabReport
/// (`explained-variance`, `metric-vs-parameter`, `heatmap`, `learning-curves`,
/// `model-comparison`, `rating-histogram`, `activity-distributions`).
public struct ReportOptions: Sendable, Hashable, Codable {
    /// Charts to draw; nil = all that apply.
    public var charts: [String]?
    /// The model (by its name in `models:`) the others are tested against, over the same seeds / folds.
    public var baselineModel: String?
    /// The metric that orders results ("best first"); default `rmse`.
    public var primaryMetric: String
    /// Swept parameters to chart against; nil = every parameter that varies within a model.
    public var sweepParameters: [String]?
    /// Recommendations shown per user.
    public var topN: Int

    public init(
        charts: [String]? = nil, baselineModel: String? = nil,
        primaryMetric: String = "rmse", sweepParameters: [String]? = nil, topN: Int = 10
    ) {
        self.charts = charts
        self.baselineModel = baselineModel
        self.primaryMetric = primaryMetric
        self.sweepParameters = sweepParameters
        self.topN = topN
    }

    /// The first schema draft had a `tables` list that nothing set; accepted and ignored so callers written against it still compile.
    @available(*, deprecated, message: "ReportOptions has no tables list any more; drop the argument")
    public init(
        charts: [String]? = nil, tables: [String]?, baselineModel: String? = nil,
        primaryMetric: String = "rmse", sweepParameters: [String]? = nil, topN: Int = 10
    ) {
        self.init(charts: charts, baselineModel: baselineModel, primaryMetric: primaryMetric,
                  sweepParameters: sweepParameters, topN: topN)
    }
}
