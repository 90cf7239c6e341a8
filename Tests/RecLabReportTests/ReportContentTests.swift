import Foundation
import RecLabReport
import RecLabResults
import Testing
import _TestSupport

/// Facts the Markdown and charts must state, beyond the golden snapshot.
@Suite("Report content")
struct ReportContentTests {
    @Test("MovieLens data is cited (Harper & Konstan 2015) in the data section and the references; synthetic data says so")
    func citation() throws {
        var run = FixtureRun.make()
        let synthetic = MarkdownReport.render(run, charts: [])
        #expect(synthetic.contains("**Synthetic data.**"))
        #expect(!synthetic.contains("Harper and Joseph A. Konstan"))
        run.data?.dataset.origin = .movieLens
        run.data?.dataset.name = "ml-latest-small"
        let ml = MarkdownReport.render(run, charts: [])
        let cite = "F. Maxwell Harper and Joseph A. Konstan. 2015. The MovieLens Datasets: History and Context. ACM Transactions on Interactive Intelligent Systems (TiiS) 5, 4"
        #expect(ml.components(separatedBy: cite).count - 1 == 2)
        #expect(ml.contains("## References"))
        #expect(!ml.contains("Synthetic data"))
    }

    @Test("Sections appear in the notebook order and each ends with a reading")
    func order() throws {
        let md = MarkdownReport.render(FixtureRun.make(), charts: [])
        let heads = md.components(separatedBy: "\n").filter { $0.hasPrefix("## ") }
        #expect(heads == ["## 1. Data", "## 2. Similar movies", "## 3. Models", "## 4. Recommendations", "## 5. Comparison", "## 6. Expectations", "## 7. Provenance"])
        let sections = md.components(separatedBy: "\n## ").dropFirst()
        for s in sections { #expect(s.contains("**Reading.**"), "\(s.prefix(20))") }
    }

    @Test("Titles with Markdown characters are escaped; table pipes too")
    func escaping() {
        var run = FixtureRun.make()
        run.recommendations[0].movies[0].title = "M*A*S*H (1970)"
        let md = MarkdownReport.render(run, charts: [])
        #expect(md.contains("M\\*A\\*S\\*H (1970)"))
        #expect(md.contains("Gamma \\| Delta (2003)"))
    }

    @Test("Without a baseline no paired tests are run, and the report says how to declare one")
    func noBaseline() {
        var run = FixtureRun.make()
        run.reportOptions.baselineModel = nil
        let md = MarkdownReport.render(run, charts: [])
        #expect(md.contains("No baseline model is declared"))
        #expect(!md.contains("Paired t p"))
    }

    @Test("Three swept parameters on a grid: one line per combination of the other two, no line joins points that differ in them")
    func threeParameterSweep() throws {
        var trials: [TrialResult] = []
        var k = 0
        for f in [10, 50] {
            for lr in [0.005, 0.01] {
                for reg in [0.02, 0.1] {
                    for s in 0..<2 {
                        // reg 0.1 is better by 0.01 everywhere; values chosen by hand.
                        let rmse = 0.9 - Double(f) * 0.0005 - lr + (reg == 0.1 ? -0.01 : 0) + Double(s) * 0.001
                        trials.append(TrialResult(
                            id: "t\(k)", contentHash: "h\(k)", model: "svd", kind: "svd",
                            parameters: ["factors": .int(f), "lr": .double(lr), "reg": .double(reg)], seed: UInt64(k),
                            replicate: ReplicateKey(splitSeed: UInt64(s)), metrics: ["rmse": rmse], seconds: 1))
                        k += 1
                    }
                }
            }
        }
        var run = FixtureRun.make()
        run.trials = trials
        let charts = ChartPlanner.charts(for: run)
        let c = try #require(charts.first { $0.name == "rmse-vs-factors-svd" })
        #expect(!c.title.contains("best over"))
        for title in ["lr = 0.005, reg = 0.02", "lr = 0.005, reg = 0.1", "lr = 0.01, reg = 0.02", "lr = 0.01, reg = 0.1"] {
            #expect(c.script.contains("title \"\(title)\""))
        }
        #expect(c.script.contains("$S3 << EOD") && !c.script.contains("$S4 << EOD"))
        // Line "lr = 0.005, reg = 0.1" ($S1), factors 10: mean of 0.9 − 0.005 − 0.005 − 0.01 + {0, 0.001} = 0.8805
        let lines = c.script.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex(of: "$S1 << EOD"))
        let first = lines[start + 1].split(separator: " ")
        #expect(first[0] == "10" && isApprox(Double(first[1]) ?? 0, 0.8805, abs: 1e-12))
        let h = try #require(charts.first { $0.kind == .heatmap })
        #expect(h.title.contains("best over reg"))
    }

    @Test("Provenance: data files relative to their common folder, command without the build path")
    func provenancePaths() {
        var run = FixtureRun.make()
        run.data?.files = [DataFile(path: "/data/ml/ratings.csv", bytes: 10, checksum: "aa"), DataFile(path: "/data/ml/movies.csv", bytes: 5, checksum: "bb")]
        run.provenance.command = "/srv/ci/RecLab/.build/debug/reclab run experiments/x.yaml"
        let md = MarkdownReport.render(run, charts: [])
        #expect(md.contains("Data files read, in `/data/ml`:"))
        #expect(md.contains("| ratings.csv | 10 B | 10 | sha256 `aa` |"))
        #expect(md.contains("| Command | `reclab run experiments/x.yaml` |"))
    }

    @Test("Tied top recommendations are called out (clipped predictions)")
    func ties() {
        var run = FixtureRun.make()
        for i in run.recommendations[0].movies.indices { run.recommendations[0].movies[i].predictedRating = 5 }
        let md = MarkdownReport.render(run, charts: [])
        #expect(md.contains("all 2 listed movies tie at 5.00 (predictions are clipped to the rating scale)"))
    }

    @Test("Tables show only the parameters a model varied")
    func shortLabels() {
        let md = MarkdownReport.render(FixtureRun.make(), charts: [])
        #expect(md.contains("| 1 | svd | factors=50, lr=0.01 |"))
        #expect(md.contains("| baseline | baseline | – |"))
        #expect(!md.contains("| 1 | svd | factors=50, lr=0.01, reg=0.02 |"))
    }
}

@Suite("Sweep analysis")
struct SweepAnalysisTests {
    @Test("Parameters resolved from a swept one (lr_bi… from lr_all) are aliases: one chart, short labels without them")
    func aliases() throws {
        var trials: [TrialResult] = []
        for (i, lr) in [0.002, 0.005, 0.01].enumerated() {
            for f in [10, 50] {
                for s in 0..<2 {
                    trials.append(TrialResult(
                        id: "t\(i)-\(f)-\(s)", contentHash: "h", model: "svd", kind: "svd",
                        parameters: ["lr_all": .double(lr), "lr_bi": .double(lr), "lr_qi": .double(lr), "n_factors": .int(f), "reg_all": .double(0.02)],
                        seed: 1, replicate: ReplicateKey(splitSeed: UInt64(s)), metrics: ["rmse": 0.9 - lr - Double(f) * 1e-4 + Double(s) * 1e-3], seconds: 1))
                }
            }
        }
        let configs = ConfigurationSummary.group(trials)
        #expect(SweepAnalysis.variedParameters(of: "svd", in: configs) == ["lr_all", "n_factors"])
        #expect(configs.first?.shortLabel == "lr_all=0.002, n_factors=10")
        var run = FixtureRun.make()
        run.trials = trials
        let names = ChartPlanner.charts(for: run).map(\.name)
        #expect(names.contains("rmse-vs-lr-all-svd") && names.contains("rmse-vs-n-factors-svd") && !names.contains("rmse-vs-lr-bi-svd"))
    }
}

@Suite("Degenerate runs")
struct DegenerateRunTests {
    @Test("A run with nothing but provenance renders a report with just that section")
    func minimal() {
        var run = FixtureRun.make()
        run.data = nil
        run.similarity = nil
        run.trials = []
        run.recommendations = []
        run.expectations = []
        let md = MarkdownReport.render(run, charts: ChartPlanner.charts(for: run))
        #expect(ChartPlanner.charts(for: run).isEmpty)
        #expect(md.components(separatedBy: "\n").filter { $0.hasPrefix("## ") } == ["## 1. Provenance"])
    }

    @Test("Every trial failed: listed with their messages, no best model, no charts of metrics")
    func allFailed() {
        var run = FixtureRun.make()
        for i in run.trials.indices {
            run.trials[i].status = i % 2 == 0 ? .failed : .diverged
            run.trials[i].message = "boom \(i)"
            run.trials[i].divergedAtEpoch = i % 2 == 0 ? nil : 3
        }
        let charts = ChartPlanner.charts(for: run)
        #expect(!charts.contains { $0.kind == .modelComparison || $0.kind == .metricVsParameter || $0.kind == .heatmap })
        let md = MarkdownReport.render(run, charts: charts)
        #expect(md.contains("Trials that did not finish normally"))
        #expect(md.contains("| diverged | 3 | boom 1 |"))
        #expect(!md.contains("Best RMSE:"))
    }
}
