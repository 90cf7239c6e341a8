import RecLabResults

/// A metric named in `metrics:` or `expect:` — `rmse`, `mae`, `fcp`, or a
/// top-N metric at a cut-off such as `precision@10`. What each metric is
/// (direction, range, definition) is the metric table's (`MetricKind.info`).
public typealias MetricSpec = MetricName

extension MetricName {
    public typealias Kind = MetricKind

    public var isTopN: Bool { info.needsRanking }
    public var lowerIsBetter: Bool { direction == .lowerIsBetter }

    static var examples: [String] { MetricCatalog.examples }

    /// The `metrics:` list; without one, RMSE and MAE for ratings and NDCG@10 for implicit data.
    static func readList(_ r: MappingReader, implicit: Bool = false) -> [MetricSpec] {
        guard let n = r["metrics"] else { return implicit ? [MetricSpec(.ndcg, k: 10)] : [MetricSpec(.rmse), MetricSpec(.mae)] }
        let items: [ConfigNode]
        if case .sequence(let xs) = n.value { items = xs } else { items = [n] }
        var out: [MetricSpec] = []
        for (i, item) in items.enumerated() {
            guard case .scalar(let s, .string) = item.value else {
                r.diag.add(ExperimentError("wrong type", at: item.location, key: "metrics[\(i)]", found: item.shortDescription,
                                           expected: "a metric name"))
                continue
            }
            switch parse(s) {
            case .success(let m): out.append(m)
            case .failure(let refusal):
                let expected = refusal.expected
                var msg = "unknown metric '\(s)'"
                if let sug = EditDistance.suggestion(for: s, among: examples) { msg += "; did you mean '\(sug)'?" }
                r.diag.add(ExperimentError(msg, at: item.location, key: "metrics[\(i)]", expected: expected))
            }
        }
        return out
    }
}

/// One line of `expect:` — a bound on a metric's mean over repetitions, for
/// every model or one named model. A run with a failed expectation exits non-zero.
public struct ExpectationSpec: Sendable, Hashable, Codable {
    /// Model name, or nil for every model.
    public var model: String?
    public var metric: MetricSpec
    public var min: Double?
    public var max: Double?
    public var location: SourceLocation?

    public init(model: String? = nil, metric: MetricSpec, min: Double? = nil, max: Double? = nil) {
        self.model = model
        self.metric = metric
        self.min = min
        self.max = max
    }

    /// `≤ 0.78`, `≥ 0.1`, `in [0.76, 0.78]`.
    public var boundDescription: String {
        switch (min, max) {
        case let (lo?, hi?): return "in [\(lo), \(hi)]"
        case let (lo?, nil): return "≥ \(lo)"
        case let (nil, hi?): return "≤ \(hi)"
        default: return "any"
        }
    }

    public func holds(_ value: Double) -> Bool {
        guard value.isFinite else { return false }
        if let min, value < min { return false }
        if let max, value > max { return false }
        return true
    }

    static let boundKeys = ["min", "max", "near", "tolerance"]

    /// `expect:` maps a metric to bounds (every model), or a model name to {metric: bounds}.
    static func readAll(_ node: ConfigNode?, modelNames: [String], diag: Diagnostics) -> [ExpectationSpec] {
        guard let node, !node.isNull else { return [] }
        guard case .mapping(let entries) = node.value else {
            diag.add(ExperimentError("wrong type", at: node.location, key: "expect", found: node.shortDescription,
                                     expected: "a mapping such as {rmse: {max: 0.78}} or {svd: {rmse: {max: 0.78}}}"))
            return []
        }
        var out: [ExpectationSpec] = []
        for e in entries {
            if case .success(let metric) = MetricSpec.parse(e.key) {
                if let x = bounds(e.value, metric: metric, model: nil, key: "expect.\(e.key)", diag: diag) { out.append(x) }
            } else if modelNames.contains(e.key) {
                guard case .mapping(let inner) = e.value.value else {
                    diag.add(ExperimentError("wrong type", at: e.value.location, key: "expect.\(e.key)",
                                             found: e.value.shortDescription, expected: "a mapping from metric to bounds"))
                    continue
                }
                for m in inner {
                    guard case .success(let metric) = MetricSpec.parse(m.key) else {
                        var msg = "unknown metric '\(m.key)'"
                        if let s = EditDistance.suggestion(for: m.key, among: MetricSpec.examples) { msg += "; did you mean '\(s)'?" }
                        diag.add(ExperimentError(msg, at: m.keyLocation, key: "expect.\(e.key).\(m.key)",
                                                 expected: MetricSpec.examples.joined(separator: ", ")))
                        continue
                    }
                    if let x = bounds(m.value, metric: metric, model: e.key, key: "expect.\(e.key).\(m.key)", diag: diag) {
                        out.append(x)
                    }
                }
            } else {
                var msg = "'\(e.key)' is neither a metric nor a model name"
                if let s = EditDistance.suggestion(for: e.key, among: MetricSpec.examples + modelNames) { msg += "; did you mean '\(s)'?" }
                diag.add(ExperimentError(msg, at: e.keyLocation, key: "expect.\(e.key)",
                                         expected: "a metric (\(MetricSpec.examples.joined(separator: ", "))) or one of the models (\(modelNames.joined(separator: ", ")))"))
            }
        }
        return out
    }

    private static func bounds(_ n: ConfigNode, metric: MetricSpec, model: String?, key: String, diag: Diagnostics) -> ExpectationSpec? {
        guard let r = MappingReader(n, path: key, known: boundKeys, diag: diag) else { return nil }
        var x = ExpectationSpec(model: model, metric: metric)
        x.location = n.location
        if r.has("min") { x.min = r.double("min", default: 0) }
        if r.has("max") { x.max = r.double("max", default: 0) }
        if r.has("near") {
            let near = r.double("near", default: 0)
            let tol = r.double("tolerance", default: 0.01, lower: 0)
            x.min = near - tol
            x.max = near + tol
            if r.has("min") || r.has("max") {
                diag.add(ExperimentError("give `near`/`tolerance` or `min`/`max`, not both", at: n.location, key: key))
            }
        } else if r.has("tolerance") {
            diag.add(ExperimentError("`tolerance` needs `near`", at: r.location("tolerance"), key: "\(key).tolerance"))
        }
        guard x.min != nil || x.max != nil else {
            diag.add(ExperimentError("no bound given", at: n.location, key: key, expected: "min, max, or near (+ tolerance)"))
            return nil
        }
        if let lo = x.min, let hi = x.max, lo > hi {
            diag.add(ExperimentError("min is above max", at: n.location, key: key, expected: "min ≤ max"))
            return nil
        }
        return x
    }
}
