/// Whether smaller or larger values of a metric are better.
///
/// Error metrics (`rmse`, `mae`, `mse`, anything ending in `_error` or
/// `loss`) are lower-is-better; everything else (precision, recall, ndcg,
/// hit rate, coverage) is higher-is-better.
public enum MetricDirection: String, Sendable, Hashable, Codable {
    case lowerIsBetter = "lower"
    case higherIsBetter = "higher"

    public static func of(_ metric: String) -> MetricDirection {
        let m = metric.lowercased()
        let lower: Set<String> = ["rmse", "mae", "mse", "fcp_error", "loss"]
        if lower.contains(m) || m.hasSuffix("_error") || m.hasSuffix("loss") || m.hasSuffix("rmse") || m.hasSuffix("mae") {
            return .lowerIsBetter
        }
        return .higherIsBetter
    }

    /// True when `a` is strictly better than `b`.
    public func isBetter(_ a: Double, than b: Double) -> Bool {
        self == .lowerIsBetter ? a < b : a > b
    }
}
