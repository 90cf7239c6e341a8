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
    /// Every metric the experiment asked for, in its `metrics:` order (the
    /// report compares models on each); nil in runs stored before the list was recorded.
    public var metrics: [String]?
    /// Swept parameters to chart against; nil = every parameter that varies within a model.
    public var sweepParameters: [String]?
    /// Recommendations shown per user.
    public var topN: Int

    public init(
        charts: [String]? = nil, baselineModel: String? = nil,
        primaryMetric: String = "rmse", metrics: [String]? = nil, sweepParameters: [String]? = nil, topN: Int = 10
    ) {
        self.charts = charts
        self.baselineModel = baselineModel
        self.primaryMetric = primaryMetric
        self.metrics = metrics
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

    /// The metrics the report compares models on: the experiment's list, or the primary metric alone.
    public var comparedMetrics: [String] {
        guard let metrics, !metrics.isEmpty else { return [primaryMetric] }
        return metrics.contains(primaryMetric) ? metrics : [primaryMetric] + metrics
    }
}
