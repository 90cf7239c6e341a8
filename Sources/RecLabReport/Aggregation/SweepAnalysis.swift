import RecLabResults

/// Which parameters a model's sweep varied, and the series a chart draws
/// for one of them.
public enum SweepAnalysis {
    /// Parameters whose value differs between configurations of `model`, in
    /// the order of `preferred` (the report options' sweep list) then by name.
    ///
    /// Parameters that vary in lockstep with an earlier one (the same
    /// partition of the configurations, e.g. `lr_bu`, `lr_bi`… resolved from
    /// a swept `lr_all`) are aliases and left out: the first in that order
    /// stands for them.
    public static func variedParameters(of model: String, in configs: [ConfigurationSummary], preferred: [String]? = nil) -> [String] {
        let mine = configs.filter { $0.model == model }
        var names = Set<String>()
        for c in mine { names.formUnion(c.parameters.keys) }
        let varied = names.filter { n in Set(mine.map { $0.parameters[n]?.description ?? "" }).count > 1 }
        let pref = (preferred ?? []).filter { varied.contains($0) }
        var seen = Set<[Int]>()
        return (pref + varied.subtracting(pref).sorted()).filter { name in
            // The partition the parameter induces: each configuration → index of its value's first appearance.
            var first: [String: Int] = [:]
            let signature = mine.map { c -> Int in
                let v = c.parameters[name]?.description ?? "–"
                if let i = first[v] { return i }
                first[v] = first.count
                return first.count - 1
            }
            return seen.insert(signature).inserted
        }
    }

    /// One line of a metric-vs-parameter chart.
    public struct Series: Sendable, Hashable {
        /// Legend text (`lr = 0.005`), or the model name for a single series.
        public var title: String
        /// (x value, mean, CI half-width or 0, n), ascending in x.
        public var points: [(x: ResultValue, mean: Double, halfWidth: Double, n: Int)]

        public static func == (a: Series, b: Series) -> Bool {
            a.title == b.title && a.points.elementsEqual(b.points) { $0.x == $1.x && $0.mean == $1.mean && $0.halfWidth == $1.halfWidth && $0.n == $1.n }
        }

        public func hash(into h: inout Hasher) { h.combine(title); h.combine(points.count) }
    }

    /// Series of `metric` against `parameter` for `model`: one series per
    /// value of the model's next varied parameter (one series when there is
    /// none). With three or more varied parameters, each point is the best
    /// configuration over the remaining ones (`collapsed(parameter:varied:)`
    /// names them). Configurations without the metric are left out.
    public static func series(
        model: String, parameter: String, metric: String, configs: [ConfigurationSummary], varied: [String]
    ) -> [Series] {
        let others = Array(varied.filter { $0 != parameter }.prefix(1))
        let dir = MetricDirection.of(metric)
        var order: [String] = []
        var groups: [String: [ConfigurationSummary]] = [:]
        for c in configs where c.model == model && c.metrics[metric] != nil && c.parameters[parameter] != nil {
            let key = others.map { "\($0) = \(c.parameters[$0]?.description ?? "–")" }.joined(separator: ", ")
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(c)
        }
        let sortedKeys = order.sorted { a, b in
            let ca = groups[a]?.first, cb = groups[b]?.first
            for o in others {
                let va = ca?.parameters[o], vb = cb?.parameters[o]
                if let va, let vb, va != vb { return va < vb }
            }
            return a < b
        }
        return sortedKeys.map { key in
            // The best configuration per x value (there is one unless parameters beyond `others` vary).
            var best: [ResultValue: ConfigurationSummary] = [:]
            for c in groups[key] ?? [] {
                guard let x = c.parameters[parameter], let m = c.metrics[metric]?.mean else { continue }
                if let old = best[x]?.metrics[metric]?.mean, !dir.isBetter(m, than: old) { continue }
                best[x] = c
            }
            let pts = best.compactMap { x, c -> (x: ResultValue, mean: Double, halfWidth: Double, n: Int)? in
                guard let s = c.metrics[metric] else { return nil }
                return (x, s.mean, s.halfWidth ?? 0, s.n)
            }.sorted { $0.x < $1.x }
            return Series(title: key.isEmpty ? model : key, points: pts)
        }
    }

    /// The varied parameters a `series` chart of `parameter` takes the best over (beyond its x and line parameters).
    public static func collapsed(parameter: String, varied: [String]) -> [String] {
        Array(varied.filter { $0 != parameter }.dropFirst())
    }
}
