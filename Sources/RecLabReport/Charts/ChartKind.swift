/// The kinds of chart a report draws; the raw value is the name used in the
/// experiment's `report: charts:` list.
package enum ChartKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// Cumulative explained variance against components (content, collab).
    case explainedVariance = "explained-variance"
    /// A metric against one swept parameter, mean ± 95 % CI.
    case metricVsParameter = "metric-vs-parameter"
    /// A metric over a two-parameter grid.
    case heatmap
    /// Train / test RMSE per epoch.
    case learningCurves = "learning-curves"
    /// Best configuration per model, bars with 95 % CI, best first.
    case modelComparison = "model-comparison"
    /// Count of each rating value.
    case ratingHistogram = "rating-histogram"
    /// Ratings per user and per movie, log–log.
    case activityDistributions = "activity-distributions"
    /// NDCG@K and recall@K against K, one line per model (its best configuration at each K).
    case rankingVsK = "ranking-vs-k"
}

/// One chart of a report: a gnuplot script (pure text, testable) and the PNG it writes.
package struct Chart: Sendable, Hashable {
    package var kind: ChartKind
    /// File stem, unique in a report: `explained-variance-content` → `explained-variance-content.png`.
    package var name: String
    /// Caption and alt text.
    package var title: String
    /// The complete gnuplot script, data inline; it sets its own terminal and output file (relative to the report folder).
    package var script: String
    /// The metric it plots, for charts drawn once per compared metric; nil otherwise.
    package var metric: String?

    package init(kind: ChartKind, name: String, title: String, script: String, metric: String? = nil) {
        self.kind = kind
        self.name = name
        self.title = title
        self.script = script
        self.metric = metric
    }

    package var fileName: String { name + ".png" }
}
