import RecLabResults

extension MarkdownReport {
    /// At most this many configurations in the results table; the rest are counted.
    static let maxResultRows = 40

    static func modelsSection(_ ctx: inout Context) -> String {
        let run = ctx.run
        var parts = [ctx.heading("Models")]
        parts.append(ctx.config(["models", "sweep", "metrics"]))
        let metric = ctx.metric
        var metrics = Set<String>()
        for c in ctx.configs { metrics.formUnion(c.metrics.keys) }
        let columns = ctx.tableColumns(metrics)
        let replicates = Set(run.trials.map(\.replicate)).count
        let ranked = ConfigurationSummary.ranked(ctx.configs, by: metric)

        parts.append("\(Markdown.count(run.trials.count)) trials: \(ctx.configs.count) configuration\(ctx.configs.count == 1 ? "" : "s") of \(ctx.bestPerModel.count) model\(ctx.bestPerModel.count == 1 ? "" : "s") on \(replicates) split\(replicates == 1 ? "" : "s") (seeds or folds). Results are the mean ± the half-width of a 95 % Student-t confidence interval over the splits; n counts the trials that finished.")

        let rows = ranked.prefix(maxResultRows).enumerated().map { i, c -> [String] in
            var r = [String(i + 1), c.model, c.shortLabel.isEmpty ? "–" : c.shortLabel]
            r += columns.map { Markdown.meanCI(c.metrics[$0]) }
            // Splits that finished: counted on the primary metric, else (a model without it, such as a
            // ranking model under RMSE) on whichever metric it has.
            let n = c.metrics[metric]?.n ?? c.metrics.values.map(\.n).max() ?? 0
            r.append(c.failedCount > 0 ? "\(n) (\(c.failedCount) failed)" : String(n))
            r.append(Markdown.seconds(c.meanSeconds))
            return r
        }
        var table = "Results, best \(ctx.metricName) first:\n\n"
            + Markdown.table(["#", "Model", "Configuration"] + columns.map { $0.uppercased() } + ["n", "Time / trial"], rows,
                             align: ["r", "l", "l"] + columns.map { _ in "r" } + ["r", "r"])
        if ranked.count > maxResultRows {
            table += "\n\n\(ranked.count - maxResultRows) more configurations are in `results/` (`reclab results DIR`)."
        }
        parts.append(table)

        if ctx.configs.count > ctx.bestPerModel.count {
            let rows = ctx.bestPerModel.map { c -> [String] in
                let tried = ctx.configs.filter { $0.model == c.model }.count
                return [c.model, c.kind, c.shortLabel.isEmpty ? "–" : c.shortLabel, Markdown.meanCI(c.metrics[metric]), String(c.metrics[metric]?.n ?? 0), String(tried)]
            }
            parts.append("Best configuration per model:\n\n" + Markdown.table(["Model", "Kind", "Best configuration", "\(ctx.metricName) ± 95 % CI", "n", "Configurations tried"], rows, align: ["l", "l", "l", "r", "r", "r"]))
        }

        let bad = run.trials.filter { $0.status != .ok }
        if !bad.isEmpty {
            let rows = bad.map { t in
                [t.id, t.model, ctx.shortLabel(of: t), t.status.rawValue, t.divergedAtEpoch.map(String.init) ?? "–", t.message ?? ""]
            }
            parts.append("Trials that did not finish normally (left out of the means):\n\n" + Markdown.table(["Trial", "Model", "Configuration", "Status", "Diverged at epoch", "Message"], rows))
        }
        for model in ChartPlanner.orderedModels(run.trials) {
            if let table = topConfigurations(of: model, ctx) { parts.append(table) }
        }
        parts.append(ctx.images([.metricVsParameter, .heatmap, .learningCurves]))

        var read: [String] = []
        if let best = ctx.bestPerModel.first, let s = best.metrics[metric] {
            read.append("Best \(ctx.metricName): \(best.model)\(best.shortLabel.isEmpty ? "" : " with \(best.shortLabel)"), \(Markdown.meanCI(s))")
            if let second = ranked.dropFirst().first, let s2 = second.metrics[metric] {
                let overlap = (s.halfWidth != nil && s2.halfWidth != nil)
                    && abs(s.mean - s2.mean) <= (s.halfWidth ?? 0) + (s2.halfWidth ?? 0)
                read.append("the runner-up (\(second.model)\(second.shortLabel.isEmpty ? "" : ", \(second.shortLabel)")) is \(Markdown.fixed(abs(s2.mean - s.mean))) behind\(overlap ? ", within overlapping intervals" : "")")
            }
        }
        // The span over every configuration of a swept model: the same means as the tables above.
        for model in ChartPlanner.orderedModels(run.trials) {
            let means = ctx.configs.filter { $0.model == model }.compactMap { $0.metrics[metric]?.mean }
            if means.count > 1, let lo = means.min(), let hi = means.max() {
                read.append("over the \(means.count) \(model) configurations \(ctx.metricName) spans \(Markdown.fixed(lo)) to \(Markdown.fixed(hi))")
            }
        }
        if !bad.isEmpty { read.append("\(bad.count) trial\(bad.count == 1 ? "" : "s") failed or diverged") }
        if !read.isEmpty { parts.append(reading(Markdown.inline(read.joined(separator: "; ")) + ".")) }
        return join(parts)
    }

    /// At most this many rows in a model's top-configurations table.
    static let maxTopConfigurations = 10

    /// A swept model's best configurations on the primary metric, one column per parameter
    /// that varied and one per metric; nil for a model with one configuration.
    static func topConfigurations(of model: String, _ ctx: Context) -> String? {
        let mine = ctx.configs.filter { $0.model == model }
        guard mine.count > 1 else { return nil }
        let varied = SweepAnalysis.variedParameters(of: model, in: ctx.configs, preferred: ctx.run.reportOptions.sweepParameters)
        guard !varied.isEmpty else { return nil }
        let labels = SweepAnalysis.valueLabels(of: varied, in: mine)
        var metricNames = Set<String>()
        for c in mine { metricNames.formUnion(c.metrics.keys) }
        let columns = ctx.tableColumns(metricNames)
        let ranked = ConfigurationSummary.ranked(mine, by: ctx.metric)
        let rows = ranked.prefix(maxTopConfigurations).enumerated().map { i, c -> [String] in
            [String(i + 1)] + varied.map { p in c.parameters[p].map { labels[p]?[$0] ?? $0.description } ?? "–" }
                + columns.map { Markdown.meanCI(c.metrics[$0]) } + [String(c.metrics[ctx.metric]?.n ?? 0)]
        }
        let shown = ranked.count > maxTopConfigurations ? "top \(maxTopConfigurations) of \(ranked.count)" : "all \(ranked.count)"
        return "Configurations of **\(Markdown.inline(model))**, best \(ctx.metricName) first (\(shown); every parameter that varied is a column):\n\n"
            + Markdown.table(["#"] + varied + columns.map { $0.uppercased() } + ["n"], rows,
                             align: ["r"] + varied.map { _ in "r" } + columns.map { _ in "r" } + ["r"])
    }
}
