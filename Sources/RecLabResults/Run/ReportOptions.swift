/// What the experiment's `report:` block asks of the report.
///
/// `nil` lists mean "everything that applies". Chart and table names are the
/// raw values of `ChartKind` / `TableKind` in RecLabReport
/// (`explained-variance`, `metric-vs-parameter`, `heatmap`, `learning-curves`,
/// `model-comparison`, `rating-histogram`, `activity-distributions`).
public struct ReportOptions: Sendable, Hashable, Codable {
    /// Charts to draw; nil = all that apply.
    public var charts: [String]?
    /// Tables to print; nil = all that apply.
    public var tables: [String]?
    /// The model (by its name in `models:`) the others are tested against, over the same seeds / folds.
    public var baselineModel: String?
    /// The metric that orders results ("best first"); default `rmse`.
    public var primaryMetric: String
    /// Swept parameters to chart against; nil = every parameter that varies within a model.
    public var sweepParameters: [String]?
    /// Recommendations shown per user.
    public var topN: Int

    public init(
        charts: [String]? = nil, tables: [String]? = nil, baselineModel: String? = nil,
        primaryMetric: String = "rmse", sweepParameters: [String]? = nil, topN: Int = 10
    ) {
        self.charts = charts
        self.tables = tables
        self.baselineModel = baselineModel
        self.primaryMetric = primaryMetric
        self.sweepParameters = sweepParameters
        self.topN = topN
    }
}
