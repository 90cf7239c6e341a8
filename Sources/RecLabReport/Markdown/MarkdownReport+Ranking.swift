import RecLabResults

extension MarkdownReport {
    /// The ranking metric kinds a table shows, in column order, with their headings.
    static let rankingColumns: [(kind: String, title: String)] = [
        ("precision", "Precision"), ("recall", "Recall"), ("ndcg", "NDCG"), ("map", "MAP"), ("mrr", "MRR"),
        ("hit_rate", "Hit rate"), ("coverage", "Coverage"), ("popularity", "Popularity"),
    ]

    /// The registered kind of the popularity baseline every ranking study reports.
    static let yardstickKind = "most_popular"

    /// The cut-offs of a run's ranking metrics: the recorded protocol's, else those of the stored metric names.
    static func rankingKs(_ run: RunResult) -> [Int] {
        if let ks = run.ranking?.ks, !ks.isEmpty { return ks }
        var ks = Set<Int>()
        for t in run.trials {
            for name in t.metrics.keys {
                if let m = MetricCatalog.metric(name), m.info.needsRanking, let k = m.k { ks.insert(k) }
            }
        }
        return ks.sorted()
    }

    /// The K the section's tests and warning use: 10 when computed, else the largest.
    static func headlineK(_ ks: [Int]) -> Int? { ks.contains(10) ? 10 : ks.max() }

    /// The ranking section: the protocol in words, a table per K (each model at its best configuration
    /// on NDCG@K), NDCG and recall against K, the popularity yardstick, per-user paired tests, and a
    /// warning when the lowest-RMSE model is not the best-ranking one.
    static func rankingSection(_ ctx: inout Context) -> String {
        let run = ctx.run
        let ks = rankingKs(run)
        var parts = [ctx.heading("Ranking")]
        parts.append(ctx.config(["ranking"]))
        let setup = run.ranking ?? RankingSetup(ks: ks)
        parts.append(setup.sentence + " Metrics are averaged over the test users with at least one relevant movie; coverage and popularity are over every evaluated user's list.")
        if let n = setup.sampledNegatives {
            parts.append("> **Sampled: \(n) negatives** — sampled metrics are known to overstate quality and can misrank models (Krichene & Rendle 2020, \"On Sampled Metrics for Item Recommendation\"); rank against all unrated movies (`candidates: all_unrated`) before drawing conclusions.")
        }
        let yardstick = ctx.configs.first { $0.kind == yardstickKind }?.model
        var read: [String] = []
        for k in ks {
            let ndcg = "ndcg@\(k)"
            let columns = rankingColumns.filter { col in ctx.configs.contains { $0.metrics["\(col.kind)@\(k)"] != nil } }
            guard let order = columns.first(where: { $0.kind == "ndcg" }) ?? columns.first else { continue }
            let by = "\(order.kind)@\(k)"
            let best = ctx.best(on: by)
            guard !best.isEmpty else { continue }
            let base = yardstick.flatMap { y in best.first { $0.model == y }?.metrics[ndcg]?.mean }
            var header = ["#", "Model", "Configuration"] + columns.map { "\($0.title)@\(k)" }
            if base != nil { header.append("NDCG@\(k) ÷ \(yardstick ?? "")") }
            let rows = best.enumerated().map { i, c -> [String] in
                var row = [String(i + 1), Markdown.inline(c.model) + (c.model == yardstick ? " (yardstick)" : ""),
                           c.shortLabel.isEmpty ? "–" : Markdown.inline(c.shortLabel)]
                row += columns.map { col in c.metrics["\(col.kind)@\(k)"].map { Markdown.meanCI($0) } ?? "–" }
                if let base {
                    row.append(c.metrics[ndcg].map { base > 0 ? Markdown.fixed($0.mean / base, 2) + "×" : "–" } ?? "–")
                }
                return row
            }
            parts.append("### K = \(k)\n\nEach model at its best configuration on \(by.uppercased()), best first (mean ± 95 % CI over the splits):\n\n"
                         + Markdown.table(header, rows, align: ["r", "l", "l"] + Array(repeating: "r", count: header.count - 3)))
            if k == headlineK(ks), let first = best.first, let v = first.metrics[by]?.mean {
                read.append(best.count == 1
                    ? "At K = \(k), \(first.model), the only model with ranking metrics, reaches \(by.uppercased()) \(Markdown.fixed(v))"
                    : "At K = \(k), \(first.model) ranks best (\(by.uppercased()) \(Markdown.fixed(v)))")
            }
        }
        parts.append(ctx.images([.rankingVsK]))
        if let y = yardstick, let k = headlineK(ks) {
            parts.append(yardstickLine(ctx, yardstick: y, k: k))
        } else if yardstick == nil {
            parts.append("No `\(yardstickKind)` model ran: add one (`kind: \(yardstickKind)`) as the yardstick a ranking model must beat.")
        }
        if let k = headlineK(ks), let tests = perUserTests(ctx, k: k, yardstick: yardstick) { parts.append(tests) }
        if let warning = rmseRankingWarning(ctx, ks: ks) {
            parts.append(warning.text)
            read.append(warning.reading)
        }
        var text = read.isEmpty ? "No model has ranking metrics." : read.joined(separator: "; ") + "."
        if let c = text.first, c.isLowercase { text = c.uppercased() + text.dropFirst() }
        parts.append(reading(Markdown.inline(text)))
        return join(parts)
    }

    /// "most_popular is the yardstick": which models beat it on NDCG@K and by how much.
    static func yardstickLine(_ ctx: Context, yardstick: String, k: Int) -> String {
        let ndcg = "ndcg@\(k)"
        let best = ctx.best(on: ndcg)
        guard let base = best.first(where: { $0.model == yardstick })?.metrics[ndcg]?.mean else {
            return "**Yardstick:** \(Markdown.inline(yardstick)) has no NDCG@\(k)."
        }
        let others = best.filter { $0.model != yardstick }
        let above = others.filter { ($0.metrics[ndcg]?.mean ?? 0) > base }
        var line = "**Yardstick:** \(Markdown.inline(yardstick)) (every user gets the movies most rated in training) reaches NDCG@\(k) = \(Markdown.fixed(base)); "
        if others.isEmpty { return line + "no other model ran." }
        line += above.isEmpty ? "no model beats it"
            : "\(above.count) of \(plural(others.count, "model")) beat\(above.count == 1 ? "s" : "") it ("
                + above.map { "\(Markdown.inline($0.model)) \(Markdown.fixed(($0.metrics[ndcg]?.mean ?? 0) / Swift.max(base, 1e-300), 2))×" }.joined(separator: ", ") + ")"
        let below = others.filter { ($0.metrics[ndcg]?.mean ?? 0) <= base }.map { Markdown.inline($0.model) }
        if !below.isEmpty { line += "; at or below it: \(below.joined(separator: ", "))" }
        return line + "."
    }

    /// Per-user paired tests on NDCG@K against the yardstick (else the report's baseline), when trials stored per-user values.
    static func perUserTests(_ ctx: Context, k: Int, yardstick: String?) -> String? {
        let metric = "ndcg@\(k)"
        guard let against = yardstick ?? ctx.run.reportOptions.baselineModel,
              let tests = PairedComparison.perUserAgainstBaseline(against, metric: metric, configs: ctx.configs, trials: ctx.run.trials),
              !tests.isEmpty
        else { return nil }
        let rows = tests.map { t in
            [Markdown.inline(t.model), Markdown.meanCI(t.differences), Markdown.count(t.differences.n), Markdown.p(t.tTest?.pValue),
             Markdown.p(t.tAdjusted), Markdown.p(t.wilcoxon?.pValue), Markdown.p(t.wilcoxonAdjusted)]
        }
        return "Per-user paired tests against **\(Markdown.inline(against))** on NDCG@\(k), each model at its best configuration: one pair per (split, test user) both models ranked (Δ = model − \(Markdown.inline(against)); positive is better). They say whether a difference holds across these users, not across data sets; with several splits, see also the split-level tests in the comparison section.\n\n"
            + Markdown.table(["Model", "Δ NDCG@\(k) ± 95 % CI", "Pairs", "Paired t p", "Holm", "Wilcoxon p", "Holm"], rows,
                             align: ["l", "r", "r", "r", "r", "r", "r"])
    }

    /// The motivating case: the model with the lowest RMSE is not the one that ranks best.
    static func rmseRankingWarning(_ ctx: Context, ks: [Int]) -> (text: String, reading: String)? {
        guard let k = headlineK(ks) else { return nil }
        let ndcg = "ndcg@\(k)"
        guard let byRMSE = ctx.best(on: "rmse").first, let byNDCG = ctx.best(on: ndcg).first, byRMSE.model != byNDCG.model,
              let rmse = byRMSE.metrics["rmse"]?.mean, let top = byNDCG.metrics[ndcg]?.mean
        else { return nil }
        let theirs = ctx.best(on: ndcg).first { $0.model == byRMSE.model }?.metrics[ndcg]?.mean
        let ratio = theirs.flatMap { $0 > 0 ? " (\(Markdown.fixed(top / $0, 1))×)" : nil } ?? ""
        let text = "> **The lowest-RMSE model is not the best-ranking model.** \(Markdown.inline(byRMSE.model)) predicts ratings best (RMSE \(Markdown.fixed(rmse))) but \(Markdown.inline(byNDCG.model)) ranks best on NDCG@\(k): \(Markdown.fixed(top))\(theirs.map { " against \(Markdown.fixed($0))" } ?? "")\(ratio). Rating accuracy on the movies a user chose to rate says little about which unseen movies to show; pick the model by the metric of the task."
        return (text, "the lowest-RMSE model (\(byRMSE.model)) is not the best-ranking one (\(byNDCG.model))")
    }
}
