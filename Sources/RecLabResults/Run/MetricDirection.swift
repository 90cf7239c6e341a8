/// Whether smaller or larger values of a metric are better. Each metric's
/// direction is declared once, in `MetricKind.info` (MetricCatalog.swift).
public enum MetricDirection: String, Sendable, Hashable, Codable {
    case lowerIsBetter = "lower"
    case higherIsBetter = "higher"

    /// The direction of a stored metric name, from the metric table.
    public static func of(_ metric: String) -> MetricDirection { MetricCatalog.direction(of: metric) }

    /// True when `a` is strictly better than `b`.
    public func isBetter(_ a: Double, than b: Double) -> Bool {
        self == .lowerIsBetter ? a < b : a > b
    }

    /// "lower is better" / "higher is better".
    public var phrase: String { self == .lowerIsBetter ? "lower is better" : "higher is better" }
}
