import RecLabResults

/// The report as Markdown: a pure function of a `RunResult`, the charts
/// planned for it and the charts that failed to render.
///
/// It reads like a well-kept notebook in the experiment file's order —
/// data → similarity → models → recommendations → comparison → ranking →
/// expectations → provenance — and each section shows the configuration that produced
/// it, then its tables and charts, then a one-line reading of the result.
/// Nothing here reads the clock, the machine or the file system.
package enum MarkdownReport {
    /// The MovieLens citation every report on MovieLens data carries.
    package static let movieLensCitation =
        "F. Maxwell Harper and Joseph A. Konstan. 2015. The MovieLens Datasets: History and Context. ACM Transactions on Interactive Intelligent Systems (TiiS) 5, 4: 19:1–19:19. https://doi.org/10.1145/2827872"

    /// - Parameters:
    ///   - charts: the charts planned for `run` (`ChartPlanner.charts(for:)`); each is linked from its section.
    ///   - missing: chart file name → why it is missing (gnuplot's message); those are listed instead of linked.
    package static func render(_ run: RunResult, charts: [Chart], missing: [String: String] = [:]) -> String {
        var ctx = Context(run: run, charts: charts, missing: missing)
        var parts: [String] = [header(&ctx)]
        if run.data != nil { parts.append(dataSection(&ctx)) }
        if run.similarity != nil { parts.append(similaritySection(&ctx)) }
        if !run.trials.isEmpty { parts.append(modelsSection(&ctx)) }
        if !run.recommendations.isEmpty { parts.append(recommendationsSection(&ctx)) }
        if ctx.hasComparison { parts.append(comparisonSection(&ctx)) }
        if ctx.hasRanking { parts.append(rankingSection(&ctx)) }
        if !run.expectations.isEmpty { parts.append(expectationsSection(&ctx)) }
        parts.append(provenanceSection(&ctx))
        if !missing.isEmpty { parts.append(missingChartsSection(&ctx)) }
        if run.data?.dataset.origin == .movieLens {
            parts.append("## References\n\n- \(movieLensCitation)")
        }
        return parts.joined(separator: "\n\n") + "\n"
    }

    /// State shared by the sections: the run, the aggregated configurations and the section counter.
    struct Context {
        let run: RunResult
        let charts: [Chart]
        let missing: [String: String]
        let configs: [ConfigurationSummary]
        let bestPerModel: [ConfigurationSummary]
        let shortLabels: [String: String]
        let metric: String
        /// Every metric the report compares models on, primary first (`ReportOptions.comparedMetrics`).
        let metrics: [String]
        var section = 0

        init(run: RunResult, charts: [Chart], missing: [String: String]) {
            self.run = run
            self.charts = charts
            self.missing = missing
            let metric = run.reportOptions.primaryMetric
            let configs = ConfigurationSummary.group(run.trials)
            self.metric = metric
            self.configs = configs
            metrics = run.reportOptions.comparedMetrics
            shortLabels = ConfigurationSummary.shortLabels(configs)
            bestPerModel = ConfigurationSummary.bestPerModel(configs, by: metric).filter { $0.metrics[metric] != nil }
        }

        /// Each model's best configuration on `metric`, best first; models without it left out.
        func best(on metric: String) -> [ConfigurationSummary] {
            ConfigurationSummary.bestPerModel(configs, by: metric).filter { $0.metrics[metric] != nil }
        }

        /// True when some configuration has a ranking metric (`name@K`).
        var hasRanking: Bool {
            configs.contains { c in c.metrics.keys.contains { MetricCatalog.metric($0)?.info.needsRanking == true } }
        }

        /// The metric columns of the models' tables, compared metrics first: a ranking metric the
        /// experiment did not list (`ranking.k` adds them) is left to the ranking section's tables.
        func tableColumns(_ names: Set<String>) -> [String] {
            MetricCatalog.ordered(names, preferred: metrics).filter { name in
                metrics.contains(name) || MetricCatalog.metric(name)?.info.needsRanking != true
            }
        }

        /// True when some compared metric has results for two or more models.
        var hasComparison: Bool { metrics.contains { best(on: $0).count >= 2 } }

        /// The trial's configuration as tables show it: only the parameters its model varied, "–" when none.
        func shortLabel(of t: TrialResult) -> String {
            let s = shortLabels[t.model + "\u{1F}" + t.configurationLabel] ?? t.configurationLabel
            return s.isEmpty ? "–" : s
        }

        mutating func heading(_ title: String) -> String {
            section += 1
            return "## \(section). \(title)"
        }

        /// The configuration keys under the prefixes, as a YAML-ish block; empty string when none.
        func config(_ prefixes: [String]) -> String {
            let entries = prefixes.flatMap { run.experiment.configuration(under: $0) }
            guard !entries.isEmpty else { return "" }
            let lines = entries.map { "\($0.key): \($0.value)\($0.isDefault ? "  # default" : "")" }
            return "Configuration:\n\n" + Markdown.code(lines.joined(separator: "\n"), language: "yaml")
        }

        /// Image links for the charts of `kinds`, or a missing-chart note in place of each failed one.
        func images(_ kinds: Set<ChartKind>, metric: String? = nil) -> String {
            charts.filter { kinds.contains($0.kind) && (metric == nil || $0.metric == metric) }.map { c in
                if let why = missing[c.fileName] {
                    return "> **Chart missing:** `\(c.fileName)` (\(Markdown.inline(c.title))). \(Markdown.inline(why))"
                }
                return "![\(Markdown.inline(c.title))](\(c.fileName))"
            }.joined(separator: "\n\n")
        }

        var metricName: String { metric.uppercased() }
    }

    /// The one-line reading that closes a section (callers start it with a capitalised fixed word or a number, never a model name).
    static func reading(_ text: String) -> String { "**Reading.** " + text }

    /// `1 rating`, `2 ratings`.
    static func plural(_ n: Int, _ word: String, _ many: String? = nil) -> String {
        "\(Markdown.count(n)) \(n == 1 ? word : many ?? word + "s")"
    }

    static func join(_ parts: [String]) -> String { parts.filter { !$0.isEmpty }.joined(separator: "\n\n") }
}
