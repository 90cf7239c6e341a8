import RecLabResults

/// One model configuration (a model name + one set of parameters) summarised
/// over its replicates (seeds or folds): the row of a results table.
package struct ConfigurationSummary: Sendable, Hashable {
    package var model: String
    package var kind: String
    package var parameters: [String: ResultValue]
    /// Every parameter, `factors=50, lr=0.01, reg=0.02` (sorted by name): the configuration's identity.
    package var label: String
    /// Only the parameters that vary between this model's configurations (`factors=50, lr=0.01`);
    /// empty when the model ran one configuration. What tables and charts show.
    package var shortLabel: String
    /// Metric name → mean, sd, 95 % CI over the replicates that reported it.
    package var metrics: [String: SampleSummary]
    /// Metric values per replicate, for paired tests.
    package var byReplicate: [ReplicateKey: [String: Double]]
    /// Trials in this configuration (all statuses) and those that did not finish ok.
    package var trialCount: Int
    package var failedCount: Int
    /// Mean wall time per trial, seconds.
    package var meanSeconds: Double
    /// The trials, in run order.
    package var trialIds: [String]

    /// Groups `trials` by model and parameters (first appearance order); only `ok` trials feed the metrics.
    package static func group(_ trials: [TrialResult]) -> [ConfigurationSummary] {
        var order: [String] = []
        var groups: [String: [TrialResult]] = [:]
        for t in trials {
            let key = t.model + "\u{1F}" + t.configurationLabel
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(t)
        }
        let summaries = order.compactMap { key -> ConfigurationSummary? in
            guard let ts = groups[key], let first = ts.first else { return nil }
            let ok = ts.filter { $0.status == .ok }
            var names = Set<String>()
            for t in ok { names.formUnion(t.metrics.keys) }
            var metrics: [String: SampleSummary] = [:]
            for m in names {
                let values = ok.compactMap { $0.metrics[m] }.filter(\.isFinite)
                if !values.isEmpty { metrics[m] = SampleSummary(values) }
            }
            var byReplicate: [ReplicateKey: [String: Double]] = [:]
            for t in ok { byReplicate[t.replicate] = t.metrics }
            return ConfigurationSummary(
                model: first.model, kind: first.kind, parameters: first.parameters, label: first.configurationLabel,
                shortLabel: first.configurationLabel, metrics: metrics, byReplicate: byReplicate, trialCount: ts.count, failedCount: ts.count - ok.count,
                meanSeconds: ts.reduce(0) { $0 + $1.seconds } / Double(ts.count), trialIds: ts.map(\.id))
        }
        return withShortLabels(summaries)
    }

    /// Sets each summary's `shortLabel` to the parameters that vary within its model (aliases that vary
    /// in lockstep left out), each value as short as keeps the model's configurations apart
    /// (`SweepAnalysis.shortestLabels`).
    static func withShortLabels(_ configs: [ConfigurationSummary]) -> [ConfigurationSummary] {
        var varied: [String: [String]] = [:]
        var labels: [String: [String: [ResultValue: String]]] = [:]
        for model in Set(configs.map(\.model)) {
            let names = SweepAnalysis.variedParameters(of: model, in: configs).sorted()
            varied[model] = names
            labels[model] = SweepAnalysis.valueLabels(of: names, in: configs.filter { $0.model == model })
        }
        return configs.map { c in
            var c = c
            c.shortLabel = (varied[c.model] ?? []).map { name in
                let text = c.parameters[name].map { labels[c.model]?[name]?[$0] ?? $0.description } ?? "–"
                return "\(name)=\(text)"
            }.joined(separator: ", ")
            return c
        }
    }

    /// Model + full label → short label, for listing trials.
    package static func shortLabels(_ configs: [ConfigurationSummary]) -> [String: String] {
        Dictionary(configs.map { ($0.model + "\u{1F}" + $0.label, $0.shortLabel) }, uniquingKeysWith: { a, _ in a })
    }

    /// Sorts best first on `metric` (its direction from `MetricDirection.of`); configurations without it go last, ties by model then label.
    package static func ranked(_ configs: [ConfigurationSummary], by metric: String) -> [ConfigurationSummary] {
        let dir = MetricDirection.of(metric)
        return configs.sorted { a, b in
            switch (a.metrics[metric]?.mean, b.metrics[metric]?.mean) {
            case let (x?, y?) where x != y: return dir.isBetter(x, than: y)
            case (.some, nil): return true
            case (nil, .some): return false
            default: return (a.model, a.label) < (b.model, b.label)
            }
        }
    }

    /// The best configuration of each model on `metric`, best model first.
    package static func bestPerModel(_ configs: [ConfigurationSummary], by metric: String) -> [ConfigurationSummary] {
        var seen = Set<String>()
        return ranked(configs, by: metric).filter { seen.insert($0.model).inserted }
    }
}
