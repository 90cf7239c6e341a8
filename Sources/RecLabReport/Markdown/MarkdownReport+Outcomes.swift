import RecLabResults

extension MarkdownReport {
    static func recommendationsSection(_ ctx: inout Context) -> String {
        let run = ctx.run
        var parts = [ctx.heading("Recommendations")]
        parts.append(ctx.config(["recommend"]))
        let n = run.reportOptions.topN
        var read: [String] = []
        for list in run.recommendations {
            let source = list.trialId.map { " (trial `\($0)`)" } ?? ""
            parts.append("### Top \(Swift.min(n, list.movies.count)) for user \(list.userId) by \(Markdown.inline(list.model))\(source)")
            let rows = list.movies.prefix(n).enumerated().map { i, m in
                [String(i + 1), Markdown.inline(m.title), String(m.movieId), Markdown.fixed(m.predictedRating, 3)]
            }
            let valueColumn = list.isScore == true ? "Score (ranking model)" : "Predicted rating"
            parts.append(Markdown.table(["#", "Movie", "Movie id", valueColumn], rows, align: ["r", "l", "r", "r"]))
            if let top = list.movies.first {
                var line = "User \(list.userId)'s first pick by \(list.model) is “\(top.title)” at \(list.isScore == true ? "score " : "")\(Markdown.fixed(top.predictedRating, 2))"
                let ties = list.movies.prefix(n).filter { $0.predictedRating == top.predictedRating }.count
                if ties > 1 {
                    line += " — \(ties == min(n, list.movies.count) ? "all \(ties)" : "\(ties)") listed movies tie at \(Markdown.fixed(top.predictedRating, 2))\(top.predictedRating >= 5 && list.isScore != true ? " (predictions are clipped to the rating scale)" : ""), ranked by the model's unclipped estimate"
                }
                read.append(line)
            }
        }
        parts.append(reading(Markdown.inline(read.joined(separator: "; ")) + ". Only movies the user has not rated in the training data are candidates."))
        return join(parts)
    }

    static func comparisonSection(_ ctx: inout Context) -> String {
        var parts = [ctx.heading("Comparison")]
        parts.append(ctx.config(["report"]))
        let compared = ctx.metrics.filter { ctx.best(on: $0).count >= 2 }
        if compared.count > 1 {
            parts.append("Models are compared on each of the \(compared.count) metrics the experiment lists (\(compared.map { $0.uppercased() }.joined(separator: ", "))); on each, every model is shown at its best configuration for that metric.")
        }
        var readings: [String] = []
        for (i, metric) in compared.enumerated() {
            if compared.count > 1 { parts.append("### \(metric.uppercased())") }
            let (body, read) = comparison(on: metric, ctx, caveatsAbove: i > 0 ? compared[0].uppercased() : nil)
            parts.append(body)
            readings.append(read)
        }
        parts.append(reading(Markdown.inline(readings.joined(separator: " ")) + ""))
        return join(parts)
    }

    /// One metric's comparison: the best-per-model table, its chart and the paired tests
    /// against the baseline; returns the Markdown and the sentence it contributes to the reading.
    /// `caveatsAbove` names the metric whose subsection already explained the tests, so later ones only refer to it.
    static func comparison(on metric: String, _ ctx: Context, caveatsAbove: String? = nil) -> (String, String) {
        let run = ctx.run
        let name = metric.uppercased()
        let direction = MetricDirection.of(metric)
        let best = ctx.best(on: metric)
        var parts: [String] = []
        let rows = best.enumerated().map { i, c in
            [String(i + 1), c.model, c.shortLabel.isEmpty ? "–" : c.shortLabel, Markdown.meanCI(c.metrics[metric]), String(c.metrics[metric]?.n ?? 0)]
        }
        var intro = "Each model at its best configuration on \(name), best first (\(direction.phrase)"
        if let info = MetricCatalog.metric(metric)?.info { intro += "; \(name): \(info.definition)" }
        parts.append(intro + "):\n\n" + Markdown.table(["#", "Model", "Configuration", "\(name) ± 95 % CI", "n"], rows, align: ["r", "l", "l", "r", "r"]))
        parts.append(ctx.images([.modelComparison], metric: metric))

        var read = comparisonReading(best, metric: metric)
        guard let baseline = run.reportOptions.baselineModel else {
            parts.append("No baseline model is declared (`report: baseline:`), so no paired tests were run.")
            return (join(parts), read)
        }
        guard var tests = PairedComparison.againstBaseline(baseline, metric: metric, configs: ctx.configs) else {
            parts.append("The declared baseline `\(baseline)` has no finished trials with \(name); no paired tests.")
            return (join(parts), read)
        }
        // One split gives one pair per model; a ranking metric's per-user values give one pair per user instead.
        var byUser = false
        if (tests.map(\.differences.n).min() ?? 0) < 2,
           let users = PairedComparison.perUserAgainstBaseline(baseline, metric: metric, configs: ctx.configs, trials: run.trials),
           !users.isEmpty, (users.map(\.differences.n).min() ?? 0) >= 2 {
            tests = users
            byUser = true
        }
        let trows = tests.map { t in
            [t.model, Markdown.meanCI(t.differences), String(t.differences.n), Markdown.p(t.tTest?.pValue), Markdown.p(t.tAdjusted),
             Markdown.p(t.wilcoxon?.pValue), Markdown.p(t.wilcoxonAdjusted), t.wilcoxon?.method.rawValue ?? "–"]
        }
        let baseCfg = tests.first?.baselineConfiguration ?? ""
        parts.append(
            "Paired tests against the baseline **\(Markdown.inline(baseline))**\(baseCfg.isEmpty ? "" : " (\(Markdown.inline(baseCfg)))"), each model at its best configuration, over \(byUser ? "the (split, user) pairs both ranked (per-user values: one split gives one pair per user)" : "the splits both ran") (Δ = model − baseline; \(direction == .lowerIsBetter ? "negative" : "positive") is better for \(name)):\n\n"
                + Markdown.table(["Model", "Δ \(name) ± 95 % CI", "Pairs", "Paired t p", "Holm", "Wilcoxon p", "Holm", "Wilcoxon method"], trows,
                                 align: ["l", "r", "r", "r", "r", "r", "r", "l"]))
        let minPairs = tests.map(\.differences.n).min() ?? 0
        var note = "p-values are two-sided. The paired t-test assumes roughly normal differences; the Wilcoxon signed-rank test does not (SciPy's defaults: zero differences dropped, exact null distribution for up to 50 pairs without ties, otherwise permutation for up to 13 pairs or the normal approximation). With \(tests.count) comparison\(tests.count == 1 ? "" : "s") against one baseline, the Holm columns adjust for multiple comparisons (family-wise error at 5 %); read those."
        if minPairs < 2 {
            note = "Paired tests need at least two splits (seeds or folds) that both models ran; this run has \(minPairs), so no p-value here means anything. Add seeds or folds (`split: seeds:` or `split: folds:`) to compare models."
        } else if minPairs < 6 {
            note += " With only \(minPairs) pairs the Wilcoxon test cannot go below p = \(Markdown.p(2 / Double(1 << minPairs))), so it cannot show significance at 5 %; add seeds or folds."
        }
        let swept = tests.filter { t in ctx.configs.filter { $0.model == t.model }.count > 1 }.map(\.model)
        if !swept.isEmpty {
            note += " The best configuration of \(swept.joined(separator: ", ")) was chosen on the same splits it is tested on, which favours it (selection bias); confirm on fresh seeds."
        }
        if byUser {
            note += " The pairs are users of the same split: the tests say whether the difference holds across these users, not across data sets or splits."
        }
        if !byUser, run.trials.contains(where: { $0.replicate.fold != nil }) {
            note += " k-fold splits share training data, so these tests are optimistic (Nadeau & Bengio 2003)."
        }
        if let above = caveatsAbove, minPairs >= 2 {
            note = "p-values, the Holm adjustment and the caveats are as explained under \(above) above."
        }
        parts.append(note)
        let sig = tests.filter { ($0.tAdjusted ?? 1) < 0.05 }
        if minPairs < 2 {
            read += " With a single split, the difference to \(baseline) on \(name) cannot be tested."
        } else {
            read += " Against \(baseline) on \(name), \(sig.count) of \(plural(tests.count, "model")) \(sig.count == 1 ? "differs" : "differ") at 5 % after Holm's adjustment (paired t)"
            if !sig.isEmpty { read += ": " + sig.map { "\($0.model) (Δ \(Markdown.fixed($0.differences.mean)))" }.joined(separator: ", ") }
            read += "."
        }
        return (join(parts), read)
    }

    static func comparisonReading(_ best: [ConfigurationSummary], metric: String) -> String {
        guard let first = best.first, let last = best.last, let s1 = first.metrics[metric], let s2 = last.metrics[metric] else { return "" }
        return "On \(metric.uppercased()), \(first.model) leads (\(Markdown.fixed(s1.mean))) and \(last.model) trails (\(Markdown.fixed(s2.mean))), a spread of \(Markdown.fixed(abs(s2.mean - s1.mean)))."
    }

    static func expectationsSection(_ ctx: inout Context) -> String {
        let run = ctx.run
        var parts = [ctx.heading("Expectations")]
        parts.append(ctx.config(["expect"]))
        let rows = run.expectations.map { e in
            [e.metric.uppercased(), e.model ?? "best model", "\(e.bound == .max ? "≤" : "≥") \(Markdown.fixed(e.limit))",
             e.observed.map { Markdown.fixed($0) } ?? "not measured", e.passed ? "✅ pass" : "❌ fail"]
        }
        parts.append(Markdown.table(["Metric", "Model", "Bound", "Observed (mean)", "Result"], rows, align: ["l", "l", "r", "r", "c"]))
        let ok = run.expectations.filter(\.passed).count
        var read = "\(ok) of \(run.expectations.count) expectations passed, so the run \(run.passed ? "passed" : "FAILED (reclab exits with a non-zero status)")"
        let failed = run.expectations.filter { !$0.passed }
        if !failed.isEmpty {
            read += "; failed: " + failed.map { e in "\(e.metric) of \(e.model ?? "the best model") = \(e.observed.map { Markdown.fixed($0) } ?? "n/a") vs \(e.bound == .max ? "≤" : "≥") \(Markdown.fixed(e.limit))" }.joined(separator: ", ")
        }
        parts.append(reading(Markdown.inline(read) + "."))
        return join(parts)
    }
}
