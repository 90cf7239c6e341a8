import RecLabResults

/// One model's best configuration against the baseline's best, over the
/// replicates (split seed / fold) both ran: paired differences, paired
/// t-test and Wilcoxon signed-rank, with Holm-adjusted p-values across the
/// family of comparisons in one report.
package struct PairedComparison: Sendable, Hashable {
    package var model: String
    package var configuration: String
    package var baseline: String
    package var baselineConfiguration: String
    package var metric: String
    /// model − baseline, per shared replicate.
    package var differences: SampleSummary
    /// Nil with fewer than two pairs (no test is possible).
    package var tTest: PairedTTest?
    package var wilcoxon: WilcoxonSignedRank?
    /// Holm-adjusted p over all comparisons of the report (same test kind).
    package var tAdjusted: Double?
    package var wilcoxonAdjusted: Double?

    /// Compares every other model's best configuration with the baseline's best on `metric`.
    /// Nil when the baseline has no configuration with that metric.
    package static func againstBaseline(
        _ baseline: String, metric: String, configs: [ConfigurationSummary]
    ) -> [PairedComparison]? {
        let best = ConfigurationSummary.bestPerModel(configs, by: metric)
        guard let base = best.first(where: { $0.model == baseline }), base.metrics[metric] != nil else { return nil }
        let out: [PairedComparison] = best.filter { $0.model != baseline && $0.metrics[metric] != nil }.map { c in
            let keys = Set(c.byReplicate.keys).intersection(base.byReplicate.keys).sorted()
            var a: [Double] = [], b: [Double] = []
            for k in keys {
                if let x = c.byReplicate[k]?[metric], let y = base.byReplicate[k]?[metric], x.isFinite, y.isFinite {
                    a.append(x); b.append(y)
                }
            }
            return PairedComparison(c, against: base, baseline: baseline, metric: metric, modelValues: a, baselineValues: b)
        }
        return holmAdjusted(out)
    }

    /// Like `againstBaseline`, but the pairs are users: each model's best configuration against the
    /// baseline's best on `metric`, paired by (split, user) over the per-user values both trials
    /// stored (`TrialResult.perUser`). Nil when the baseline has no per-user values for `metric`.
    /// Users of one split are not independent draws of a population of splits: these tests say
    /// whether the difference holds across the users of these splits, not across data sets.
    package static func perUserAgainstBaseline(
        _ baseline: String, metric: String, configs: [ConfigurationSummary], trials: [TrialResult]
    ) -> [PairedComparison]? {
        let byId = Dictionary(trials.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        func values(_ c: ConfigurationSummary) -> [ReplicateKey: [Int: Double]] {
            var out: [ReplicateKey: [Int: Double]] = [:]
            for id in c.trialIds {
                guard let t = byId[id], t.status == .ok, let v = t.perUser?.byUser(metric) else { continue }
                out[t.replicate] = v
            }
            return out
        }
        let best = ConfigurationSummary.bestPerModel(configs, by: metric)
        guard let base = best.first(where: { $0.model == baseline }), base.metrics[metric] != nil else { return nil }
        let baseValues = values(base)
        guard !baseValues.isEmpty else { return nil }
        let out: [PairedComparison] = best.filter { $0.model != baseline && $0.metrics[metric] != nil }.compactMap { c in
            let mine = values(c)
            guard !mine.isEmpty else { return nil }
            var a: [Double] = [], b: [Double] = []
            for rep in mine.keys.sorted() {
                guard let x = mine[rep], let y = baseValues[rep] else { continue }
                for u in x.keys.sorted() {
                    if let xv = x[u], let yv = y[u], xv.isFinite, yv.isFinite { a.append(xv); b.append(yv) }
                }
            }
            return PairedComparison(c, against: base, baseline: baseline, metric: metric, modelValues: a, baselineValues: b)
        }
        return holmAdjusted(out)
    }
}

// In an extension so the memberwise initializer stays.
extension PairedComparison {
    /// The comparison of configuration `c` with the baseline's `base` on the pairs (`a[i]`, `b[i]`),
    /// whatever the pairs are (replicates or users); not yet adjusted for the family.
    private init(_ c: ConfigurationSummary, against base: ConfigurationSummary, baseline: String, metric: String,
                 modelValues a: [Double], baselineValues b: [Double]) {
        self.init(
            model: c.model, configuration: c.shortLabel, baseline: baseline, baselineConfiguration: base.shortLabel,
            metric: metric, differences: SampleSummary(zip(a, b).map { $0 - $1 }),
            tTest: PairedTTest(a, b), wilcoxon: a.count >= 2 ? WilcoxonSignedRank(a, b) : nil, tAdjusted: nil, wilcoxonAdjusted: nil)
    }

    /// The family of comparisons with Holm-adjusted p-values, each test kind adjusted on its own
    /// (a comparison without that test keeps nil).
    private static func holmAdjusted(_ family: [PairedComparison]) -> [PairedComparison] {
        var out = family
        let tAdj = MultipleComparisons.holm(out.map { $0.tTest?.pValue ?? .nan })
        let wAdj = MultipleComparisons.holm(out.map { $0.wilcoxon?.pValue ?? .nan })
        for i in out.indices {
            out[i].tAdjusted = out[i].tTest == nil ? nil : tAdj[i]
            out[i].wilcoxonAdjusted = out[i].wilcoxon == nil ? nil : wAdj[i]
        }
        return out
    }
}
