/// One `expect:` line checked against the run: `rmse: {max: 0.78}` for a model.
public struct ExpectationResult: Sendable, Hashable, Codable {
    /// Which bound: the observed value must be ≤ `max`, ≥ `min`.
    public enum Bound: String, Sendable, Hashable, Codable {
        case max, min
    }

    public var metric: String
    /// The model the expectation is about; nil = the best model on the metric.
    public var model: String?
    public var bound: Bound
    public var limit: Double
    /// The value compared (mean over replicates of the relevant configuration); nil when nothing produced it.
    public var observed: Double?
    public var passed: Bool

    public init(metric: String, model: String? = nil, bound: Bound, limit: Double, observed: Double?, passed: Bool) {
        self.metric = metric
        self.model = model
        self.bound = bound
        self.limit = limit
        self.observed = observed
        self.passed = passed
    }
}
