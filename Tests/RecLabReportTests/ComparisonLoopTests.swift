import Foundation
import RecLabReport
import RecLabResults
import Testing

/// The comparison loop: diff by model, every metric in view, every varied parameter in view.
/// Expected numbers are computed by hand from the hand-written trial metrics below.
@Suite("Comparison loop")
struct ComparisonLoopTests {
    static let seeds: [UInt64] = [11, 12, 13]

    /// One SVD and one baseline over three seeds; `reg` is SVD's reg_all, `rmse` its per-seed RMSEs.
    static func run(name: String, reg: Double, rmse: [Double], metrics: [String] = ["rmse"]) -> RunResult {
        var r = FixtureRun.make()
        r.experiment.name = name
        r.experiment.configuration = [
            .init(key: "models.svd.kind", value: "svd"),
            .init(key: "models.svd.reg_all", value: String(reg)),
            .init(key: "models.svd.reg_bu", value: String(reg), isDefault: true),
        ]
        r.trials = seeds.enumerated().flatMap { i, seed in
            [
                TrialResult(id: "svd-\(i)", contentHash: "s\(reg)\(i)", model: "svd", kind: "svd",
                            parameters: ["n_factors": .int(100), "reg_all": .double(reg), "reg_bu": .double(reg)], seed: 1,
                            replicate: ReplicateKey(splitSeed: seed), metrics: ["rmse": rmse[i], "ndcg@10": 0.05 + Double(i) * 0.001], seconds: 1),
                TrialResult(id: "baseline-\(i)", contentHash: "b\(i)", model: "baseline", kind: "baseline_als",
                            parameters: ["reg_i": .double(10)], seed: 1, replicate: ReplicateKey(splitSeed: seed),
                            metrics: ["rmse": 0.88 + Double(i) * 0.002, "ndcg@10": 0.2 + Double(i) * 0.01], seconds: 1),
            ]
        }
        r.reportOptions = ReportOptions(baselineModel: "baseline", primaryMetric: metrics[0], metrics: metrics)
        return r
    }

    @Test("diff names the changed model, key, both values, both RMSEs and the paired delta with its verdict")
    func diffByModel() throws {
        // Per-seed differences −0.0027, −0.0029, −0.0028: mean −0.0028, sd 0.0001, t(2) 97.5 % = 4.302653 → ± 0.000248.
        let a = Self.run(name: "a", reg: 0.02, rmse: [0.8764, 0.8770, 0.8758])
        let b = Self.run(name: "b", reg: 0.05, rmse: [0.8737, 0.8741, 0.8730])
        let svd = try #require(RunDiff.models(a, b).first { $0.model == "svd" })
        // reg_bu follows reg_all (a default in the file): only the key the user changed is named.
        #expect(svd.changedKeys.map(\.description) == ["reg_all 0.02 → 0.05"])
        let d = try #require(svd.deltas.first { $0.metric == "rmse" })
        #expect(d.method == "paired" && d.sharedSplits == 3)
        #expect(abs(d.a.mean - 0.8764) < 1e-12 && abs(d.b.mean - 0.8736) < 1e-12)
        #expect(abs(d.delta - -0.0028) < 1e-12)
        #expect(abs((d.halfWidth ?? 0) - 4.302653 * 0.0001 / 3.0.squareRoot()) < 1e-6)
        #expect(d.verdict == .better)
        let md = RunDiff.render(a, b)
        #expect(md.contains("### svd"))
        #expect(md.contains("`reg_all 0.02 → 0.05`"))
        #expect(md.contains("| reg_all=0.02 → reg_all=0.05 | RMSE | 0.8764 ± "))
        #expect(md.contains("| -0.0028 ± 0.0002 | paired (3 splits) | better |"))
        #expect(md.contains("svd: reg\\_all 0.02 → 0.05: RMSE 0.8764 → 0.8736 (Δ -0.0028 ± 0.0002), better"))
        #expect(!md.contains("Configurations only in"))
        // The unchanged baseline is paired too, with a zero delta.
        let base = try #require(RunDiff.models(a, b).first { $0.model == "baseline" })
        #expect(base.changedKeys.isEmpty && base.deltas.first?.verdict == .noDetectableDifference)
        let json = RunDiff.json(a, b)
        #expect(json.contains("\"verdict\" : \"better\""))
        #expect(json.contains("\"key\" : \"reg_all\""))
    }

    @Test("A metric where higher is better: a drop is worse")
    func directionFromTable() throws {
        let a = Self.run(name: "a", reg: 0.02, rmse: [0.8764, 0.8770, 0.8758], metrics: ["ndcg@10"])
        var b = Self.run(name: "b", reg: 0.05, rmse: [0.8737, 0.8741, 0.8730], metrics: ["ndcg@10"])
        for i in b.trials.indices where b.trials[i].model == "svd" { b.trials[i].metrics["ndcg@10"]! -= 0.01 + Double(i) * 1e-4 }
        let d = try #require(RunDiff.deltas(a, b).first { $0.model == "svd" && $0.metric == "ndcg@10" })
        #expect(d.verdict == .worse && d.isRegression)
    }

    @Test("Sweeps pair configurations that agree outside the changed keys and list the rest")
    func sweepPairing() throws {
        var a = Self.run(name: "a", reg: 0.02, rmse: [0.8764, 0.8770, 0.8758])
        var b = Self.run(name: "b", reg: 0.05, rmse: [0.8737, 0.8741, 0.8730])
        // A also ran n_factors 50; B ran 50 and 200: the 50s pair, A's 100 and B's 200 have no partner… unless
        // n_factors changed too, so here only reg_all's set changes and n_factors' set {100, 50} vs {100, 50, 200}.
        for (i, seed) in Self.seeds.enumerated() {
            a.trials.append(TrialResult(id: "svd50-\(i)", contentHash: "x\(i)", model: "svd", kind: "svd",
                                        parameters: ["n_factors": .int(50), "reg_all": .double(0.02), "reg_bu": .double(0.02)], seed: 1,
                                        replicate: ReplicateKey(splitSeed: seed), metrics: ["rmse": 0.87], seconds: 1))
            b.trials.append(TrialResult(id: "svd50-\(i)", contentHash: "y\(i)", model: "svd", kind: "svd",
                                        parameters: ["n_factors": .int(50), "reg_all": .double(0.05), "reg_bu": .double(0.05)], seed: 1,
                                        replicate: ReplicateKey(splitSeed: seed), metrics: ["rmse": 0.86], seconds: 1))
            b.trials.append(TrialResult(id: "svd200-\(i)", contentHash: "z\(i)", model: "svd", kind: "svd",
                                        parameters: ["n_factors": .int(200), "reg_all": .double(0.05), "reg_bu": .double(0.05)], seed: 1,
                                        replicate: ReplicateKey(splitSeed: seed), metrics: ["rmse": 0.85], seconds: 1))
        }
        let svd = try #require(RunDiff.models(a, b).first { $0.model == "svd" })
        // n_factors changed its value set, so it is a changed key and configurations pair on nothing else:
        // each A configuration has three B candidates → all unpaired and listed.
        #expect(svd.changedKeys.map(\.key).sorted() == ["n_factors", "reg_all"])
        #expect(svd.deltas.isEmpty)
        #expect(svd.unpairedA.count == 2 && svd.unpairedB.count == 3)
        // Dropping B's extra configuration leaves reg_all the only change: both configurations pair.
        b.trials.removeAll { $0.id.hasPrefix("svd200") }
        let paired = try #require(RunDiff.models(a, b).first { $0.model == "svd" })
        #expect(paired.changedKeys.map(\.key) == ["reg_all"])
        #expect(Set(paired.deltas.filter { $0.metric == "rmse" }.map(\.configuration)).count == 2)
        #expect(paired.unpairedA.isEmpty && paired.unpairedB.isEmpty)
    }

    @Test("Every listed metric gets a comparison, a chart and a headline; directions come from the metric table")
    func everyMetricInView() throws {
        var r = Self.run(name: "m", reg: 0.02, rmse: [0.8764, 0.8770, 0.8758], metrics: ["rmse", "ndcg@10", "recall@10"])
        for i in r.trials.indices { r.trials[i].metrics["recall@10"] = r.trials[i].model == "svd" ? 0.04 : 0.16 + Double(i) * 0.001 }
        let charts = ChartPlanner.charts(for: r)
        let md = MarkdownReport.render(r, charts: charts)
        for m in ["RMSE", "NDCG@10", "RECALL@10"] { #expect(md.contains("### \(m)\n")) }
        #expect(Set(charts.filter { $0.kind == .modelComparison }.compactMap(\.metric)) == ["rmse", "ndcg@10", "recall@10"])
        // svd leads on RMSE (0.8764 vs 0.882), baseline on NDCG@10 (0.21 vs 0.051) and recall: one headline each.
        #expect(md.contains("Best RMSE: **svd**"))
        #expect(md.contains("Best NDCG@10: **baseline**"))
        #expect(md.contains("Best RECALL@10: **baseline**"))
        #expect(md.contains("(higher is better; NDCG@10:"))
        #expect(md.contains("(lower is better; RMSE:"))
        // Paired tests per metric against the baseline.
        #expect(md.contains("| svd | -0.1590 ± "))   // NDCG@10: per seed −0.150, −0.159, −0.168
        for kind in MetricKind.allCases {
            let name = kind.info.needsRanking ? "\(kind.rawValue)@5" : kind.rawValue
            #expect(MetricDirection.of(name) == kind.info.direction)
            #expect(MetricCatalog.metric(name)?.kind == kind)
        }
        #expect(MetricDirection.of("rmse") == .lowerIsBetter && MetricDirection.of("mae") == .lowerIsBetter)
        #expect(MetricDirection.of("fcp") == .higherIsBetter && MetricDirection.of("ndcg@10") == .higherIsBetter)
        #expect(MetricCatalog.metric("ndcg") == nil && MetricCatalog.metric("rmse@10") == nil)
    }

    @Test("Duplicate ratings in the data are reported with the policy applied and the filter that changes it")
    func duplicates() {
        var r = Self.run(name: "d", reg: 0.02, rmse: [0.8764, 0.8770, 0.8758])
        r.data?.dataset.duplicateRatings = 12
        let md = MarkdownReport.render(r, charts: [])
        #expect(md.contains("> **Duplicate ratings:** 12 ratings repeat a (user, movie) pair"))
        #expect(md.contains("`dataset.filters.drop_duplicates: true`"))
        r.data?.dataset.duplicateRatings = 0
        #expect(!MarkdownReport.render(r, charts: []).contains("Duplicate ratings"))
    }

    @Test("A partial run says PARTIAL at the top; provenance says where the trials came from")
    func partial() {
        var r = Self.run(name: "p", reg: 0.02, rmse: [0.8764, 0.8770, 0.8758])
        r.partial = "the run was interrupted: 3 of 9 trials did not start"
        r.trialSources = TrialSources(computed: 2, reusedFromResults: 1, reusedFromCache: 3, cacheEnabled: true)
        let md = MarkdownReport.render(r, charts: [])
        #expect(md.contains("| Trials | 2 computed in this run, 1 reused from this results folder, 3 from the user-level trial cache |"))
        let head = md.split(separator: "\n").prefix(6).joined(separator: "\n")
        #expect(head.contains("**PARTIAL REPORT** — the run was interrupted: 3 of 9 trials did not start"))
    }
}

@Suite("Random search in view")
struct RandomSearchViewTests {
    /// 12 configurations drawn at random over three parameters (fixed by hand), two seeds each.
    static func run() -> RunResult {
        var r = FixtureRun.make()
        let draws: [(Int, Double, Double)] = [
            (37, 0.018760932852727345, 0.031), (112, 0.004211, 0.0871), (64, 0.009934, 0.0523), (20, 0.0132, 0.011),
            (88, 0.00231, 0.0702), (150, 0.0151, 0.0415), (45, 0.00611, 0.0933), (73, 0.0187, 0.0188),
            (128, 0.0112, 0.064), (30, 0.0029, 0.0299), (99, 0.0077, 0.0777), (56, 0.0166, 0.0555),
        ]
        r.trials = draws.enumerated().flatMap { i, d in
            (0..<2).map { s in
                TrialResult(id: "svd-\(i)-\(s)", contentHash: "r\(i)\(s)", model: "svd", kind: "svd",
                            parameters: ["n_factors": .int(d.0), "lr_all": .double(d.1), "reg_all": .double(d.2)], seed: 1,
                            replicate: ReplicateKey(splitSeed: UInt64(s)),
                            metrics: ["rmse": 0.86 + d.2 * 0.3 + abs(d.1 - 0.01) * 2 + Double(s) * 0.001], seconds: 1)
            }
        }
        r.recommendations = []
        r.expectations = []
        r.experiment.configuration = [
            .init(key: "models.svd.kind", value: "svd"),
            .init(key: "sweep.svd.random.n", value: "12"),
            .init(key: "sweep.svd.random.params.n_factors", value: "{int: [16, 160]}"),
            .init(key: "sweep.svd.random.params.lr_all", value: "{loguniform: [0.002, 0.02]}"),
            .init(key: "sweep.svd.random.params.reg_all", value: "{uniform: [0.01, 0.1]}"),
        ]
        return r
    }

    @Test("Labels are rounded to the digits that separate configurations; the configurations table has a column per parameter")
    func labelsAndTable() {
        let r = Self.run()
        let md = MarkdownReport.render(r, charts: ChartPlanner.charts(for: r))
        #expect(!md.contains("0.018760932852727345"))
        #expect(md.contains("lr_all=0.0188, n_factors=37, reg_all=0.031"))
        #expect(md.contains("| # | lr_all | n_factors | reg_all | RMSE | n |"))
        // Best configuration by hand: reg 0.011 and lr 0.0132 → 0.86 + 0.0033 + 0.0064 = 0.8697 (+0.0005 mean seed term).
        #expect(md.contains("| 1 | 0.0132 | 20 | 0.011 | 0.8702 ± "))
    }

    @Test("Random search is drawn as scatters (no line joins points that differ in another parameter) and gets no heat map")
    func scatters() {
        let charts = ChartPlanner.charts(for: Self.run())
        let sweep = charts.filter { $0.kind == .metricVsParameter }
        #expect(Set(sweep.map(\.name)) == ["rmse-vs-lr-all-svd", "rmse-vs-n-factors-svd", "rmse-vs-reg-all-svd"])
        for c in sweep {
            #expect(c.script.contains("with yerrorbars") && !c.script.contains("yerrorlines"))
        }
        #expect(!charts.contains { $0.kind == .heatmap })
    }

    @Test("A full grid is drawn as lines, one per combination of the other parameters")
    func gridLines() throws {
        let configs = ConfigurationSummary.group(FixtureRun.make().trials)
        let varied = SweepAnalysis.variedParameters(of: "svd", in: configs)
        guard case .lines(let series) = SweepAnalysis.shape(model: "svd", parameter: "factors", metric: "rmse", configs: configs, varied: varied) else {
            Issue.record("a grid should give lines"); return
        }
        #expect(series.map(\.title) == ["lr = 0.005", "lr = 0.01"])
        #expect(series.allSatisfy { $0.points.count == 2 })
    }

    @Test("Shortest separating labels: three digits unless more are needed, never more than six")
    func shortest() {
        let l = SweepAnalysis.shortestLabels([.double(0.018760932852727345), .double(0.01881), .double(0.5)])
        #expect(l[.double(0.018760932852727345)] == "0.01876" && l[.double(0.01881)] == "0.01881" && l[.double(0.5)] == "0.5")
        #expect(SweepAnalysis.shortestLabels([.double(0.018760932852727345), .double(0.0187)])[.double(0.0187)] == "0.0187")
        #expect(SweepAnalysis.shortestLabels([.int(100), .double(0.25)]) == [.int(100): "100", .double(0.25): "0.25"])
    }
}
