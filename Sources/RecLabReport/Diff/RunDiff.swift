import RecLabResults

/// `reclab diff A B`: two runs side by side, to catch a regression between
/// two commits or see what an edited experiment changed. A pure function of
/// the two RunResults.
///
/// Sections: versions and provenance; configuration keys that differ; data
/// fingerprints that differ; metric deltas (B − A) per configuration present
/// in both, with a 95 % interval — paired over the splits when both runs
/// used exactly the same split seeds / folds, else Welch's unequal-variance
/// interval; configurations only in one run; expectations side by side.
public enum RunDiff {
    /// One configuration's change on one metric.
    public struct MetricDelta: Sendable, Hashable {
        public var model: String
        public var configuration: String
        public var metric: String
        public var a: SampleSummary
        public var b: SampleSummary
        /// B − A.
        public var delta: Double
        /// Half-width of the 95 % interval of `delta`; nil when either side has fewer than 2 replicates.
        public var halfWidth: Double?
        /// "paired" or "Welch"; nil without an interval.
        public var method: String?

        /// True when B is worse than A and the interval excludes 0. Changes below
        /// 1e-6 relative are floating-point noise (for example a different
        /// summation order) and never count, even with a zero-width interval.
        public var isRegression: Bool { isBeyondInterval && MetricDirection.of(metric).isBetter(a.mean, than: b.mean) }

        /// True when B is better than A and the interval excludes 0 (same noise floor).
        public var isImprovement: Bool { isBeyondInterval && MetricDirection.of(metric).isBetter(b.mean, than: a.mean) }

        var isBeyondInterval: Bool {
            guard let h = halfWidth else { return false }
            return abs(delta) > h && abs(delta) > 1e-6 * max(1, abs(a.mean))
        }
    }

    /// Metric deltas for every configuration and metric both runs have, in A's ranking order.
    public static func deltas(_ a: RunResult, _ b: RunResult) -> [MetricDelta] {
        let ca = ConfigurationSummary.ranked(ConfigurationSummary.group(a.trials), by: a.reportOptions.primaryMetric)
        let cb = ConfigurationSummary.group(b.trials)
        // Show only what varies across both runs' configurations of a model.
        let short = ConfigurationSummary.shortLabels(ConfigurationSummary.group(a.trials + b.trials))
        var out: [MetricDelta] = []
        for x in ca {
            guard let y = cb.first(where: { $0.model == x.model && $0.label == x.label }) else { continue }
            let metrics = Set(x.metrics.keys).intersection(y.metrics.keys)
            let ordered = metrics.sorted { m1, m2 in
                (m1 == a.reportOptions.primaryMetric ? 0 : 1, m1) < (m2 == a.reportOptions.primaryMetric ? 0 : 1, m2)
            }
            for m in ordered {
                guard let sa = x.metrics[m], let sb = y.metrics[m] else { continue }
                var d = MetricDelta(model: x.model, configuration: short[x.model + "\u{1F}" + x.label] ?? x.label, metric: m, a: sa, b: sb, delta: sb.mean - sa.mean)
                let keysA = Set(x.byReplicate.keys), keysB = Set(y.byReplicate.keys)
                if keysA == keysB, keysA.count >= 2 {
                    let keys = keysA.sorted()
                    let diffs = keys.compactMap { k -> Double? in
                        guard let u = x.byReplicate[k]?[m], let v = y.byReplicate[k]?[m] else { return nil }
                        return v - u
                    }
                    if diffs.count >= 2 {
                        let s = SampleSummary(diffs)
                        d.delta = s.mean
                        d.halfWidth = s.halfWidth
                        d.method = "paired"
                    }
                }
                if d.method == nil {
                    let va = x.byReplicate.keys.sorted().compactMap { x.byReplicate[$0]?[m] }
                    let vb = y.byReplicate.keys.sorted().compactMap { y.byReplicate[$0]?[m] }
                    if let w = WelchTTest(vb, va) {
                        d.halfWidth = w.halfWidth
                        d.method = "Welch"
                    }
                }
                out.append(d)
            }
        }
        return out
    }

    /// The diff report as Markdown. `labelA` / `labelB` name the runs (their folders).
    public static func render(_ a: RunResult, _ b: RunResult, labelA: String = "A", labelB: String = "B") -> String {
        var parts: [String] = []
        let deltas = deltas(a, b)
        let regressions = deltas.filter(\.isRegression)
        let improvements = deltas.filter(\.isImprovement)
        parts.append("# Diff: \(Markdown.inline(a.experiment.name)) (A) → \(Markdown.inline(b.experiment.name)) (B)")
        parts.append("A = `\(labelA)`, B = `\(labelB)`. Δ = B − A; an interval excluding 0 in the worse direction is flagged as a regression.")

        // Versions and provenance.
        func commit(_ r: RunResult) -> String { (r.provenance.gitCommit ?? "unknown") + (r.provenance.gitDirty == true ? " (dirty)" : "") }
        let m = { (r: RunResult) in "\(r.provenance.machine.cores) cores, \(r.provenance.machine.os)" }
        let rows: [(String, String, String)] = [
            ("RecLab version", a.provenance.reclabVersion, b.provenance.reclabVersion),
            ("Git commit", commit(a), commit(b)),
            ("Results schema", String(a.schemaVersion), String(b.schemaVersion)),
            ("Experiment file", a.experiment.path, b.experiment.path),
            ("Experiment \(a.experiment.hashAlgorithm)", a.experiment.hash, b.experiment.hash),
            ("Experiment seed", String(a.experiment.seed), String(b.experiment.seed)),
            ("Dataset", a.data?.dataset.name ?? "–", b.data?.dataset.name ?? "–"),
            ("Trials", String(a.trials.count), String(b.trials.count)),
            ("Machine", m(a), m(b)),
            ("Started (UTC)", a.provenance.startedAt, b.provenance.startedAt),
        ]
        // Start times always differ; they are shown, not flagged.
        parts.append("## Versions\n\n" + Markdown.table(["What", "A", "B", ""], rows.map {
            [$0.0, $0.1, $0.2, $0.1 == $0.2 ? "same" : $0.0.hasPrefix("Started") ? "" : "**differs**"]
        }))

        // Configuration.
        var keys: [String] = []
        var seen = Set<String>()
        for e in a.experiment.configuration + b.experiment.configuration where seen.insert(e.key).inserted { keys.append(e.key) }
        let va = Dictionary(a.experiment.configuration.map { ($0.key, $0.value) }, uniquingKeysWith: { x, _ in x })
        let vb = Dictionary(b.experiment.configuration.map { ($0.key, $0.value) }, uniquingKeysWith: { x, _ in x })
        let changed = keys.filter { va[$0] != vb[$0] }
        parts.append("## Configuration\n\n" + (changed.isEmpty
            ? "No configuration key differs."
            : "\(changed.count) key\(changed.count == 1 ? " differs" : "s differ"):\n\n" + Markdown.table(["Key", "A", "B"], changed.map { [$0, va[$0] ?? "(absent)", vb[$0] ?? "(absent)"] })))

        // Data.
        var dataParts: [String] = []
        let fa = Dictionary((a.data?.files ?? []).map { ($0.path, $0) }, uniquingKeysWith: { x, _ in x })
        let fb = Dictionary((b.data?.files ?? []).map { ($0.path, $0) }, uniquingKeysWith: { x, _ in x })
        let paths = Array(Set(fa.keys).union(fb.keys)).sorted()
        func show(_ f: DataFile?) -> String { f.map { "\(Markdown.count($0.bytes)) B, \($0.checksumAlgorithm) `\($0.checksum)`" } ?? "(absent)" }
        let fileRows = paths.filter { fa[$0] != fb[$0] }.map { [$0, show(fa[$0]), show(fb[$0])] }
        dataParts.append(fileRows.isEmpty ? "Data files: identical (sizes and checksums)." : "Data files that differ:\n\n" + Markdown.table(["File", "A", "B"], fileRows))
        if let da = a.data?.dataset, let db = b.data?.dataset {
            let counts: [(String, Int, Int)] = [("Users", da.userCount, db.userCount), ("Movies", da.movieCount, db.movieCount),
                                                 ("Ratings", da.ratingCount, db.ratingCount), ("Tags", da.tagCount, db.tagCount)]
            let diffRows = counts.filter { $0.1 != $0.2 }.map { [$0.0, Markdown.count($0.1), Markdown.count($0.2)] }
            if !diffRows.isEmpty { dataParts.append("Dataset counts after filtering:\n\n" + Markdown.table(["Count", "A", "B"], diffRows, align: ["l", "r", "r"])) }
        }
        parts.append("## Data\n\n" + dataParts.joined(separator: "\n\n"))

        // Metrics.
        var metricParts: [String] = []
        if deltas.isEmpty {
            metricParts.append("No configuration has results in both runs.")
        } else {
            let rows = deltas.map { d -> [String] in
                let flag = d.isRegression ? "⚠️ regression" : d.isImprovement ? "improvement" : "–"
                let delta = Markdown.fixed(d.delta) + (d.halfWidth.map { " ± " + Markdown.fixed($0) } ?? "")
                return [d.model, d.configuration.isEmpty ? "–" : d.configuration, d.metric.uppercased(), Markdown.meanCI(d.a), Markdown.meanCI(d.b), delta, d.method ?? "–", flag]
            }
            metricParts.append(Markdown.table(["Model", "Configuration", "Metric", "A (mean ± 95 % CI)", "B (mean ± 95 % CI)", "Δ B − A ± 95 % CI", "Interval", ""], rows,
                                              align: ["l", "l", "l", "r", "r", "r", "l", "l"]))
            var note = "“paired”: both runs used the same splits, so Δ is the mean of per-split differences; “Welch”: the splits differ, so the interval is Welch's for independent means."
            if deltas.contains(where: { $0.halfWidth == nil }) {
                note += " Rows without an interval have fewer than two splits on a side: their change cannot be told apart from split-to-split noise (add seeds or folds)."
            }
            metricParts.append(note)
        }
        let ka = Set(ConfigurationSummary.group(a.trials).map { "\($0.model) (\($0.label))" })
        let kb = Set(ConfigurationSummary.group(b.trials).map { "\($0.model) (\($0.label))" })
        if !ka.subtracting(kb).isEmpty { metricParts.append("Only in A: " + ka.subtracting(kb).sorted().map { Markdown.inline($0) }.joined(separator: "; ") + ".") }
        if !kb.subtracting(ka).isEmpty { metricParts.append("Only in B: " + kb.subtracting(ka).sorted().map { Markdown.inline($0) }.joined(separator: "; ") + ".") }
        parts.append("## Metrics\n\n" + metricParts.joined(separator: "\n\n"))

        // Similarity.
        if let sa = a.similarity, let sb = b.similarity {
            var rows: [[String]] = []
            for (name, x, y) in [("content", sa.content, sb.content), ("collab", sa.collab, sb.collab)] {
                guard let x, let y else { continue }
                rows.append([name, "\(x.ratios.count): \(Markdown.percent(x.cumulative.last ?? 0, 2))", "\(y.ratios.count): \(Markdown.percent(y.cumulative.last ?? 0, 2))"])
            }
            if !rows.isEmpty { parts.append("## Similarity\n\n" + Markdown.table(["Latent space", "A components: explained", "B components: explained"], rows)) }
        }

        // Expectations.
        if !a.expectations.isEmpty || !b.expectations.isEmpty {
            func key(_ e: ExpectationResult) -> String { "\(e.metric) \(e.model ?? "best") \(e.bound.rawValue) \(Markdown.fixed(e.limit))" }
            var order: [String] = []
            var ea: [String: ExpectationResult] = [:], eb: [String: ExpectationResult] = [:]
            for e in a.expectations { if ea[key(e)] == nil { order.append(key(e)) }; ea[key(e)] = e }
            for e in b.expectations { if ea[key(e)] == nil && eb[key(e)] == nil { order.append(key(e)) }; eb[key(e)] = e }
            func show(_ e: ExpectationResult?) -> String { e.map { "\($0.observed.map { Markdown.fixed($0) } ?? "n/a") \($0.passed ? "✅" : "❌")" } ?? "–" }
            parts.append("## Expectations\n\n" + Markdown.table(["Expectation", "A", "B"], order.map { [$0, show(ea[$0]), show(eb[$0])] }))
        }

        var summary = "\(regressions.count) regression\(regressions.count == 1 ? "" : "s") and \(improvements.count) improvement\(improvements.count == 1 ? "" : "s") beyond the 95 % intervals across \(deltas.count) compared metric\(deltas.count == 1 ? "" : "s")"
        if !regressions.isEmpty {
            summary += ": " + regressions.map { "\($0.model) \($0.configuration) \($0.metric) \(Markdown.fixed($0.a.mean)) → \(Markdown.fixed($0.b.mean))" }.joined(separator: "; ")
        }
        summary += changed.isEmpty ? "; same configuration" : "; \(changed.count) configuration key\(changed.count == 1 ? "" : "s") changed"
        summary += fileRows.isEmpty ? "; same data" : "; data files differ"
        parts.insert(MarkdownReport.reading(Markdown.inline(summary) + "."), at: 2)
        return parts.joined(separator: "\n\n") + "\n"
    }
}
