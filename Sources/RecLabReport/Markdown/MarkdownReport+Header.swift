import RecLabResults

extension MarkdownReport {
    static func header(_ ctx: inout Context) -> String {
        let run = ctx.run
        var facts = ["RecLab \(run.provenance.reclabVersion)", "run started \(run.provenance.startedAt)"]
        if !run.trials.isEmpty { facts.append("\(Markdown.count(run.trials.count)) trials") }
        var status = ""
        if !run.expectations.isEmpty {
            let ok = run.expectations.filter(\.passed).count
            status = " · expectations: \(ok) of \(run.expectations.count) passed — **\(run.passed ? "PASSED" : "FAILED")**"
        }
        var lines = ["# \(Markdown.inline(run.experiment.name))", "", "*" + facts.joined(separator: " · ") + "*" + status]
        if let why = run.partial {
            lines += ["", "> **PARTIAL REPORT** — \(Markdown.inline(why)). Every table below covers only the trials that finished; run the same command again to complete it (finished trials are reused)."]
        }
        if let ds = run.data?.dataset {
            let origin: String
            switch ds.origin {
            case .movieLens: origin = "MovieLens (Harper & Konstan 2015)"
            case .synthetic: origin = "synthetic data, not real users"
            case .other: origin = "user-supplied data"
            }
            lines += ["", "Data: **\(Markdown.inline(ds.name))** — \(origin). Experiment file: `\(run.experiment.path)` (\(run.experiment.hashAlgorithm) `\(String(run.experiment.hash.prefix(12)))`)."]
        }
        for metric in ctx.metrics {
            guard let best = ctx.best(on: metric).first, let s = best.metrics[metric] else { continue }
            let cfg = best.shortLabel.isEmpty ? "" : " (\(best.shortLabel))"
            let name = metric.uppercased()
            lines += ["", "Best \(name): **\(Markdown.inline(best.model))**\(Markdown.inline(cfg)) at \(Markdown.meanCI(s)) (\(s.halfWidth == nil ? "\(s.n == 1 ? "one split" : "n = \(s.n)"), no interval" : "mean ± 95 % CI, n = \(s.n)"); \(MetricDirection.of(metric).phrase))."]
        }
        // Contents, in section order.
        var toc: [String] = []
        var n = 0
        func add(_ t: String) { n += 1; toc.append("[\(t)](#\(Markdown.anchor("\(n). \(t)")))") }
        if run.data != nil { add("Data") }
        if run.similarity != nil { add("Similar movies") }
        if !run.trials.isEmpty { add("Models") }
        if !run.recommendations.isEmpty { add("Recommendations") }
        if ctx.hasComparison { add("Comparison") }
        if ctx.hasRanking { add("Ranking") }
        if !run.expectations.isEmpty { add("Expectations") }
        add("Provenance")
        lines += ["", "Contents: " + toc.joined(separator: " · ")]
        return lines.joined(separator: "\n")
    }

    static func missingChartsSection(_ ctx: inout Context) -> String {
        let rows = ctx.missing.keys.sorted().map { [$0, ctx.missing[$0] ?? ""] }
        return "## Missing charts\n\nThese charts could not be drawn; the tables above hold the same numbers. Install gnuplot (with the pngcairo terminal) and run `reclab report DIR` to draw them.\n\n"
            + Markdown.table(["Chart", "Reason"], rows)
    }
}
