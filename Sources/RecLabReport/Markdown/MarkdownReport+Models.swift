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
        let others = metrics.subtracting([metric]).sorted()
        let columns = (metrics.contains(metric) ? [metric] : []) + others
        let replicates = Set(run.trials.map(\.replicate)).count
        let ranked = ConfigurationSummary.ranked(ctx.configs, by: metric)

        parts.append("\(Markdown.count(run.trials.count)) trials: \(ctx.configs.count) configuration\(ctx.configs.count == 1 ? "" : "s") of \(ctx.bestPerModel.count) model\(ctx.bestPerModel.count == 1 ? "" : "s") on \(replicates) split\(replicates == 1 ? "" : "s") (seeds or folds). Results are the mean ± the half-width of a 95 % Student-t confidence interval over the splits; n counts the trials that finished.")

        let rows = ranked.prefix(maxResultRows).enumerated().map { i, c -> [String] in
            var r = [String(i + 1), c.model, c.shortLabel.isEmpty ? "–" : c.shortLabel]
            r += columns.map { Markdown.meanCI(c.metrics[$0]) }
            let n = c.metrics[metric]?.n ?? 0
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
        for model in ChartPlanner.orderedModels(run.trials) {
            let varied = SweepAnalysis.variedParameters(of: model, in: ctx.configs, preferred: run.reportOptions.sweepParameters)
            guard let p = varied.first else { continue }
            let s = SweepAnalysis.series(model: model, parameter: p, metric: metric, configs: ctx.configs, varied: varied)
            let all = s.flatMap(\.points)
            let dir = MetricDirection.of(metric)
            if let lo = all.min(by: { dir.isBetter($0.mean, than: $1.mean) }), let hi = all.max(by: { dir.isBetter($0.mean, than: $1.mean) }), all.count > 1 {
                read.append("over the \(model) sweep \(ctx.metricName) spans \(Markdown.fixed(lo.mean)) to \(Markdown.fixed(hi.mean))")
            }
        }
        if !bad.isEmpty { read.append("\(bad.count) trial\(bad.count == 1 ? "" : "s") failed or diverged") }
        if !read.isEmpty { parts.append(reading(Markdown.inline(read.joined(separator: "; ")) + ".")) }
        return join(parts)
    }
}
