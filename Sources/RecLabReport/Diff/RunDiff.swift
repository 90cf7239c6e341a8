import Foundation
import RecLabResults

/// `reclab diff A B`: two runs side by side, to see what an edited
/// experiment changed or catch a regression between two commits. A pure
/// function of the two RunResults.
///
/// Trials are paired **by model name and split** (split seed, fold), not by
/// their full configuration, so a changed hyperparameter is compared rather
/// than listed as "only in A" / "only in B". For each model the parameters
/// whose values differ are named (`svd: reg_all 0.02 → 0.05`); within a
/// swept model, configurations are paired when they agree on every parameter
/// outside those changed keys, and the rest are listed. Each pair's metric
/// delta (B − A) has a 95 % interval: paired over the splits both runs share
/// (at least two), else Welch's unequal-variance interval; its verdict is
/// better, worse or no detectable difference, by the metric's direction in
/// the metric table.
///
/// Sections: versions and provenance; configuration keys that differ; data
/// fingerprints that differ; per-model changes and metric deltas;
/// configurations without a partner; expectations side by side.
package enum RunDiff {
    /// A parameter whose value differs between the paired configurations.
    package struct ParameterChange: Sendable, Hashable, Codable, CustomStringConvertible {
        package var key: String
        /// Nil when the parameter is absent on that side.
        package var a: String?
        package var b: String?
        package var description: String { "\(key) \(a ?? "(absent)") → \(b ?? "(absent)")" }
    }

    /// How B compares with A on one metric.
    package enum Verdict: String, Sendable, Hashable, Codable {
        case better, worse
        case noDetectableDifference = "no detectable difference"
    }

    /// One paired configuration's change on one metric.
    package struct MetricDelta: Sendable, Hashable {
        package var model: String
        /// A's configuration (the parameters that vary within the model in either run).
        package var configuration: String
        /// B's configuration, same convention.
        package var configurationB: String
        /// The parameters that differ between the two configurations.
        package var changes: [ParameterChange]
        package var metric: String
        package var a: SampleSummary
        package var b: SampleSummary
        /// B − A (the mean of per-split differences when paired).
        package var delta: Double
        /// Half-width of the 95 % interval of `delta`; nil when no interval can be formed.
        package var halfWidth: Double?
        /// "paired" or "Welch"; nil without an interval.
        package var method: String?
        /// Splits both runs share for this pair (the pairs of a paired interval).
        package var sharedSplits: Int

        /// True when B is worse than A and the interval excludes 0. Changes below
        /// 1e-6 relative are floating-point noise (for example a different
        /// summation order) and never count, even with a zero-width interval.
        package var isRegression: Bool { isBeyondInterval && MetricDirection.of(metric).isBetter(a.mean, than: b.mean) }

        /// True when B is better than A and the interval excludes 0 (same noise floor).
        package var isImprovement: Bool { isBeyondInterval && MetricDirection.of(metric).isBetter(b.mean, than: a.mean) }

        package var verdict: Verdict { isImprovement ? .better : isRegression ? .worse : .noDetectableDifference }

        var isBeyondInterval: Bool {
            guard let h = halfWidth else { return false }
            return abs(delta) > h && abs(delta) > 1e-6 * max(1, abs(a.mean))
        }
    }

    /// What changed for one model present in both runs.
    package struct ModelChange: Sendable, Hashable {
        package var model: String
        package var kindA: String
        package var kindB: String
        /// Parameters whose set of values differs between the runs (the keys the user changed).
        package var changedKeys: [ParameterChange]
        package var deltas: [MetricDelta]
        /// Configurations (short labels) with no partner in the other run.
        package var unpairedA: [String]
        package var unpairedB: [String]
    }

    /// Per-model changes for every model name in both runs, in A's order; models only in one run are in `onlyIn(_:_:)`.
    package static func models(_ a: RunResult, _ b: RunResult) -> [ModelChange] {
        let configsA = ConfigurationSummary.group(a.trials), configsB = ConfigurationSummary.group(b.trials)
        let metricOrder = a.reportOptions.comparedMetrics + b.reportOptions.comparedMetrics
        var out: [ModelChange] = []
        var seen = Set<String>()
        for model in configsA.map(\.model) where seen.insert(model).inserted {
            let xs = ConfigurationSummary.ranked(configsA.filter { $0.model == model }, by: a.reportOptions.primaryMetric)
            let ys = configsB.filter { $0.model == model }
            guard let x0 = xs.first, let y0 = ys.first else { continue }
            // Labels over both runs' configurations, so A's and B's name the same parameters.
            let both = ConfigurationSummary.withShortLabels(xs + ys)
            func label(_ c: ConfigurationSummary, _ side: String) -> String {
                both.first { $0.label == c.label }?.shortLabel ?? c.shortLabel
            }
            let explicit = explicitParameters(of: model, a, b)
            let allChanged = changedKeys(xs, ys)
            let changed = fold(allChanged, explicit: explicit)
            let changedNames = Set(allChanged.map(\.key))
            var pairedB = Set<String>()
            var deltas: [MetricDelta] = []
            var unpairedA: [String] = []
            for x in xs {
                let candidates = ys.filter { y in
                    Set(x.parameters.keys).union(y.parameters.keys).subtracting(changedNames).allSatisfy { x.parameters[$0] == y.parameters[$0] }
                }
                guard candidates.count == 1, let y = candidates.first, !pairedB.contains(y.label) else {
                    unpairedA.append(label(x, "A"))
                    continue
                }
                pairedB.insert(y.label)
                let changes = fold(parameterChanges(x.parameters, y.parameters), explicit: explicit)
                let names = MetricCatalog.ordered(Set(x.metrics.keys).intersection(y.metrics.keys), preferred: metricOrder)
                for m in names {
                    if let d = delta(model: model, x, y, metric: m, labelA: label(x, "A"), labelB: label(y, "B"), changes: changes) {
                        deltas.append(d)
                    }
                }
            }
            let unpairedB = ys.filter { !pairedB.contains($0.label) }.map { label($0, "B") }
            out.append(ModelChange(model: model, kindA: x0.kind, kindB: y0.kind, changedKeys: changed, deltas: deltas,
                                   unpairedA: unpairedA, unpairedB: unpairedB))
        }
        return out
    }

    /// Model names present in only one run: (only in A, only in B).
    package static func onlyIn(_ a: RunResult, _ b: RunResult) -> ([String], [String]) {
        var ma: [String] = [], mb: [String] = []
        for t in a.trials where !ma.contains(t.model) { ma.append(t.model) }
        for t in b.trials where !mb.contains(t.model) { mb.append(t.model) }
        return (ma.filter { !mb.contains($0) }, mb.filter { !ma.contains($0) })
    }

    /// Every metric delta of every paired configuration.
    package static func deltas(_ a: RunResult, _ b: RunResult) -> [MetricDelta] {
        models(a, b).flatMap(\.deltas)
    }

    /// Parameters whose value sets differ between the two runs' configurations of a model.
    static func changedKeys(_ xs: [ConfigurationSummary], _ ys: [ConfigurationSummary]) -> [ParameterChange] {
        var keys = Set<String>()
        for c in xs + ys { keys.formUnion(c.parameters.keys) }
        var out: [ParameterChange] = []
        for k in keys.sorted() {
            let va = Set(xs.map { $0.parameters[k] }), vb = Set(ys.map { $0.parameters[k] })
            guard va != vb else { continue }
            func show(_ vs: Set<ResultValue?>) -> String? {
                let present = vs.compactMap { $0 }.sorted()
                if present.isEmpty { return nil }
                return present.count == 1 ? present[0].description : "{" + present.map(\.description).joined(separator: ", ") + "}"
            }
            out.append(ParameterChange(key: k, a: show(va), b: show(vb)))
        }
        return out
    }

    /// Parameters of `model` given explicitly in either run's experiment file (not defaults or values derived from another key).
    static func explicitParameters(of model: String, _ a: RunResult, _ b: RunResult) -> Set<String> {
        let prefix = "models.\(model)."
        return Set((a.experiment.configuration + b.experiment.configuration)
            .filter { !$0.isDefault && $0.key.hasPrefix(prefix) }.map { String($0.key.dropFirst(prefix.count)) })
    }

    /// Leaves out changes that only follow an explicit one (`reg_bu 0.02 → 0.05` when the file
    /// changed `reg_all`, which sets it): same values on both sides, not written in the file.
    static func fold(_ changes: [ParameterChange], explicit: Set<String>) -> [ParameterChange] {
        let given = changes.filter { explicit.contains($0.key) }
        return changes.filter { c in
            explicit.contains(c.key) || !given.contains { $0.a == c.a && $0.b == c.b }
        }
    }

    static func parameterChanges(_ a: [String: ResultValue], _ b: [String: ResultValue]) -> [ParameterChange] {
        Set(a.keys).union(b.keys).sorted().compactMap { k in
            a[k] == b[k] ? nil : ParameterChange(key: k, a: a[k]?.description, b: b[k]?.description)
        }
    }

    /// B − A on `metric` with its interval: paired over the shared splits (two or more), else Welch.
    static func delta(model: String, _ x: ConfigurationSummary, _ y: ConfigurationSummary, metric m: String,
                      labelA: String, labelB: String, changes: [ParameterChange]) -> MetricDelta? {
        guard let sa = x.metrics[m], let sb = y.metrics[m] else { return nil }
        let shared = Set(x.byReplicate.keys).intersection(y.byReplicate.keys).sorted()
        let diffs = shared.compactMap { k -> Double? in
            guard let u = x.byReplicate[k]?[m], let v = y.byReplicate[k]?[m], u.isFinite, v.isFinite else { return nil }
            return v - u
        }
        var d = MetricDelta(model: model, configuration: labelA, configurationB: labelB, changes: changes, metric: m,
                            a: sa, b: sb, delta: sb.mean - sa.mean, halfWidth: nil, method: nil, sharedSplits: diffs.count)
        if diffs.count >= 2 {
            let s = SampleSummary(diffs)
            d.delta = s.mean
            d.halfWidth = s.halfWidth
            d.method = "paired"
        } else {
            let va = x.byReplicate.keys.sorted().compactMap { x.byReplicate[$0]?[m] }
            let vb = y.byReplicate.keys.sorted().compactMap { y.byReplicate[$0]?[m] }
            if let w = WelchTTest(vb, va) {
                d.halfWidth = w.halfWidth
                d.method = "Welch"
            }
        }
        return d
    }

    /// The diff as one JSON document (for scripts): versions, changed configuration keys,
    /// whether data files differ, per-model changes with every metric delta and its verdict.
    package static func json(_ a: RunResult, _ b: RunResult) -> String {
        struct Delta: Encodable {
            var configurationA: String, configurationB: String, changes: [ParameterChange], metric: String, direction: String
            var a: SampleSummary, b: SampleSummary, delta: Double, halfWidth: Double?, interval: String?, sharedSplits: Int, verdict: String
        }
        struct Model: Encodable {
            var model: String, kindA: String, kindB: String, changedKeys: [ParameterChange], deltas: [Delta]
            var onlyInA: [String], onlyInB: [String]
        }
        struct Document: Encodable {
            var versionA: String, versionB: String, commitA: String?, commitB: String?
            var configurationChanges: [ParameterChange], dataFilesDiffer: Bool
            var models: [Model], modelsOnlyInA: [String], modelsOnlyInB: [String], regressions: Int, improvements: Int
        }
        let changes = models(a, b)
        let all = changes.flatMap(\.deltas)
        let (onlyA, onlyB) = onlyIn(a, b)
        let doc = Document(
            versionA: a.provenance.reclabVersion, versionB: b.provenance.reclabVersion,
            commitA: a.provenance.gitCommit, commitB: b.provenance.gitCommit,
            configurationChanges: configurationChanges(a, b), dataFilesDiffer: !differingFiles(a, b).isEmpty,
            models: changes.map { mc in
                Model(model: mc.model, kindA: mc.kindA, kindB: mc.kindB, changedKeys: mc.changedKeys,
                      deltas: mc.deltas.map { d in
                          Delta(configurationA: d.configuration, configurationB: d.configurationB, changes: d.changes, metric: d.metric,
                                direction: MetricDirection.of(d.metric).rawValue, a: d.a, b: d.b, delta: d.delta, halfWidth: d.halfWidth,
                                interval: d.method, sharedSplits: d.sharedSplits, verdict: d.verdict.rawValue)
                      }, onlyInA: mc.unpairedA, onlyInB: mc.unpairedB)
            },
            modelsOnlyInA: onlyA, modelsOnlyInB: onlyB,
            regressions: all.filter(\.isRegression).count, improvements: all.filter(\.isImprovement).count)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let data = (try? encoder.encode(doc)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Experiment configuration keys whose values differ (absent on a side: nil).
    static func configurationChanges(_ a: RunResult, _ b: RunResult) -> [ParameterChange] {
        var keys: [String] = []
        var seen = Set<String>()
        for e in a.experiment.configuration + b.experiment.configuration where seen.insert(e.key).inserted { keys.append(e.key) }
        let va = Dictionary(a.experiment.configuration.map { ($0.key, $0.value) }, uniquingKeysWith: { x, _ in x })
        let vb = Dictionary(b.experiment.configuration.map { ($0.key, $0.value) }, uniquingKeysWith: { x, _ in x })
        return keys.filter { va[$0] != vb[$0] }.map { ParameterChange(key: $0, a: va[$0], b: vb[$0]) }
    }

    /// Data file paths whose size or checksum differ, or that exist on one side only.
    static func differingFiles(_ a: RunResult, _ b: RunResult) -> [String] {
        let fa = Dictionary((a.data?.files ?? []).map { ($0.path, $0) }, uniquingKeysWith: { x, _ in x })
        let fb = Dictionary((b.data?.files ?? []).map { ($0.path, $0) }, uniquingKeysWith: { x, _ in x })
        return Array(Set(fa.keys).union(fb.keys)).sorted().filter { fa[$0] != fb[$0] }
    }

    /// The diff report as Markdown. `labelA` / `labelB` name the runs (their folders).
    package static func render(_ a: RunResult, _ b: RunResult, labelA: String = "A", labelB: String = "B") -> String {
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

        // Models.
        let changes = models(a, b)
        var metricParts: [String] = []
        for mc in changes {
            var lines: [String] = []
            var what = mc.changedKeys.map(\.description)
            if mc.kindA != mc.kindB { what.insert("kind \(mc.kindA) → \(mc.kindB)", at: 0) }
            lines.append("### \(Markdown.inline(mc.model))\n\n" + (what.isEmpty ? "Same configuration in both runs." : "Changed: " + what.map { "`\($0)`" }.joined(separator: ", ") + "."))
            if !mc.deltas.isEmpty {
                let swept = Set(mc.deltas.map(\.configuration)).count > 1 || mc.deltas.contains { !$0.configuration.isEmpty }
                let rows = mc.deltas.map { d -> [String] in
                    let delta = Markdown.fixed(d.delta) + (d.halfWidth.map { " ± " + Markdown.fixed($0) } ?? "")
                    let flag = d.isRegression ? "⚠️ worse" : d.isImprovement ? "better" : "no detectable difference"
                    let cfg = d.configuration == d.configurationB ? d.configuration : "\(d.configuration) → \(d.configurationB)"
                    return (swept ? [cfg.isEmpty ? "–" : cfg] : []) + [d.metric.uppercased(), Markdown.meanCI(d.a), Markdown.meanCI(d.b), delta,
                                                        d.method.map { "\($0) (\(d.method == "paired" ? "\(d.sharedSplits) splits" : "\(d.a.n) + \(d.b.n)"))" } ?? "–", flag]
                }
                lines.append(Markdown.table((swept ? ["Configuration (A → B)"] : []) + ["Metric", "A (mean ± 95 % CI)", "B (mean ± 95 % CI)", "Δ B − A ± 95 % CI", "Interval", "Verdict"], rows,
                                            align: (swept ? ["l"] : []) + ["l", "r", "r", "r", "l", "l"]))
            }
            if !mc.unpairedA.isEmpty { lines.append("Configurations only in A: " + mc.unpairedA.map { Markdown.inline($0.isEmpty ? "(default)" : $0) }.joined(separator: "; ") + ".") }
            if !mc.unpairedB.isEmpty { lines.append("Configurations only in B: " + mc.unpairedB.map { Markdown.inline($0.isEmpty ? "(default)" : $0) }.joined(separator: "; ") + ".") }
            metricParts.append(lines.joined(separator: "\n\n"))
        }
        if deltas.isEmpty { metricParts.append("No model has results on the same metric in both runs.") }
        if !deltas.isEmpty {
            var note = "“paired”: Δ is the mean of per-split differences over the splits (seed, fold) both runs share; “Welch”: fewer than two shared splits, so the interval is Welch's for independent means. Verdicts follow each metric's direction (lower RMSE/MAE is better, higher precision/recall/NDCG is better); a change inside its interval is “no detectable difference”."
            if deltas.contains(where: { $0.halfWidth == nil }) {
                note += " Rows without an interval have fewer than two splits on a side: their change cannot be told apart from split-to-split noise (add seeds or folds)."
            }
            metricParts.append(note)
        }
        let (onlyA, onlyB) = onlyIn(a, b)
        if !onlyA.isEmpty { metricParts.append("Models only in A: " + onlyA.map { Markdown.inline($0) }.joined(separator: ", ") + ".") }
        if !onlyB.isEmpty { metricParts.append("Models only in B: " + onlyB.map { Markdown.inline($0) }.joined(separator: ", ") + ".") }
        parts.append("## Models\n\n" + metricParts.joined(separator: "\n\n"))

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
        let headline = changes.filter { !$0.changedKeys.isEmpty || $0.kindA != $0.kindB }.compactMap { mc -> String? in
            let what = mc.changedKeys.map(\.description).joined(separator: ", ")
            guard let d = mc.deltas.first(where: { $0.metric == a.reportOptions.primaryMetric }) ?? mc.deltas.first else {
                return "\(mc.model): \(what), no comparable results"
            }
            return "\(mc.model): \(what): \(d.metric.uppercased()) \(Markdown.fixed(d.a.mean)) → \(Markdown.fixed(d.b.mean)) (Δ \(Markdown.fixed(d.delta))\(d.halfWidth.map { " ± " + Markdown.fixed($0) } ?? "")), \(d.verdict.rawValue)"
        }
        if !headline.isEmpty { summary += "; " + headline.joined(separator: "; ") }
        if !regressions.isEmpty {
            summary += "; regressions: " + regressions.map { "\($0.model)\($0.configuration.isEmpty ? "" : " \($0.configuration)") \($0.metric) \(Markdown.fixed($0.a.mean)) → \(Markdown.fixed($0.b.mean))" }.joined(separator: "; ")
        }
        summary += changed.isEmpty ? "; same configuration" : "; \(changed.count) configuration key\(changed.count == 1 ? "" : "s") changed"
        summary += fileRows.isEmpty ? "; same data" : "; data files differ"
        parts.insert(MarkdownReport.reading(Markdown.inline(summary) + "."), at: 2)
        return parts.joined(separator: "\n\n") + "\n"
    }
}
