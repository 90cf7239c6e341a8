import Foundation
import RecLabReport
import RecLabResults
import Testing
import _TestSupport

/// The gnuplot script text of each chart kind: terminal, labels, styles and data lines.
@Suite("Chart scripts")
struct ChartScriptTests {
    static let run = FixtureRun.make()
    static let charts = ChartPlanner.charts(for: run)

    static func chart(_ name: String) throws -> Chart {
        try #require(charts.first { $0.name == name }, "no chart \(name) among \(charts.map(\.name))")
    }

    /// The rows of data block `$NAME`.
    static func block(_ name: String, in script: String) -> [[String]] {
        let lines = script.components(separatedBy: "\n")
        guard let start = lines.firstIndex(of: "$\(name) << EOD") else { return [] }
        return lines[(start + 1)...].prefix { $0 != "EOD" }.map { $0.split(separator: " ").map(String.init) }
    }

    @Test("The fixture gets exactly the expected charts, in report order")
    func planned() {
        #expect(Self.charts.map(\.name) == FixtureRun.chartNames)
    }

    @Test("Every chart uses pngcairo 900×560 and writes its own PNG", arguments: FixtureRun.chartNames)
    func preamble(name: String) throws {
        let c = try Self.chart(name)
        #expect(c.script.contains("set terminal pngcairo size 900,560"))
        #expect(c.script.contains("set output \"\(c.fileName)\""))
        #expect(c.script.contains("\nplot "))
    }

    @Test("Explained variance: tutorial style and cumulative percentages")
    func explainedVariance() throws {
        let s = try Self.chart("explained-variance-content").script
        #expect(s.contains("set xlabel \"Singular value components\""))
        #expect(s.contains("set ylabel \"Cumulative percent of variance\""))
        #expect(s.contains("with linespoints linecolor rgb 'red'"))
        // ratios 0.4, 0.25, 0.15 → 40, 65, 80 %
        let rows = Self.block("VARIANCE", in: s)
        #expect(rows.map { $0[0] } == ["1", "2", "3"])
        let ys = rows.compactMap { Double($0[1]) }
        #expect(isApprox(ys, [40, 65, 80], abs: 1e-9))
    }

    @Test("Metric vs parameter: one line per other-parameter value, mean and CI half-width per point")
    func metricVsParameter() throws {
        let s = try Self.chart("rmse-vs-lr-svd").script
        #expect(s.contains("set xlabel \"lr\""))
        #expect(s.contains("with yerrorlines"))
        #expect(s.contains("title \"factors = 10\"") && s.contains("title \"factors = 50\""))
        // factors = 10, lr = 0.005: RMSEs 0.8801, 0.8790, 0.8832 → mean 0.8807667, t(0.975, 2) = 4.302653 (SciPy), sd 0.0021779
        let row = try #require(Self.block("S0", in: s).first)
        #expect(Double(row[0]) == 0.005)
        #expect(isApprox(Double(row[1]) ?? 0, 0.88076667, abs: 1e-7))
        #expect(isApprox(Double(row[2]) ?? 0, 4.302653 * 0.0021779 / 3.0.squareRoot(), abs: 1e-5))
        #expect(row[3] == "3")
    }

    @Test("Heat map: a cell per grid point with its mean and value labels")
    func heatmap() throws {
        let s = try Self.chart("heatmap-rmse-svd").script
        #expect(s.contains("with image"))
        #expect(s.contains("set xtics (\"10\" 0, \"50\" 1)"))
        #expect(s.contains("set ytics (\"0.005\" 0, \"0.01\" 1)"))
        let rows = Self.block("GRID", in: s)
        #expect(rows.count == 4)
        // factors 50 (x = 1), lr 0.01 (y = 1): mean of 0.8690, 0.8671, 0.8712
        let cell = try #require(rows.first { $0[0] == "1" && $0[1] == "1" })
        #expect(isApprox(Double(cell[2]) ?? 0, (0.8690 + 0.8671 + 0.8712) / 3, abs: 1e-9))
    }

    @Test("Learning curve: train and test series per epoch")
    func learningCurve() throws {
        let s = try Self.chart("learning-curve-svd").script
        #expect(s.contains("title \"train RMSE\"") && s.contains("title \"test RMSE\""))
        #expect(Self.block("TRAIN", in: s).count == 5)
        #expect(Self.block("TEST", in: s).first == ["1", "0.98"])
    }

    @Test("Model comparison: bars best first with CI error bars")
    func modelComparison() throws {
        let s = try Self.chart("model-comparison-rmse").script
        #expect(s.contains("with boxes") && s.contains("with yerrorbars"))
        let rows = Self.block("BARS", in: s)
        #expect(rows.map { $0[1] } == ["\"svd\"", "\"baseline\""])
    }

    @Test("Dataset charts: rating histogram boxes and log–log activity")
    func datasetCharts() throws {
        let h = try Self.chart("rating-histogram").script
        #expect(h.contains("with boxes"))
        #expect(Self.block("HIST", in: h).map { $0[1] } == ["2", "3", "5", "6", "4"])
        let a = try Self.chart("activity-distributions").script
        #expect(a.contains("set logscale xy"))
        #expect(Self.block("USERS", in: a) == [["2", "2"], ["4", "3"]])
    }

    @Test("Report options restrict the charts")
    func options() {
        var run = FixtureRun.make()
        run.reportOptions.charts = ["explained-variance"]
        #expect(Set(ChartPlanner.charts(for: run).map(\.kind)) == [.explainedVariance])
    }

    @Test("Titles with quotes and backslashes are escaped for gnuplot")
    func quoting() {
        var run = FixtureRun.make()
        run.data?.dataset.name = "my \"data\" \\ set"
        let s = ChartPlanner.charts(for: run).first { $0.kind == .ratingHistogram }?.script ?? ""
        #expect(s.contains("set title \"my \\\"data\\\" \\\\ set: ratings by value"))
    }
}

@Suite("Chart scripts: divergence")
struct DivergenceChartTests {
    @Test("A diverged trial's epoch is marked on its learning curve")
    func divergedMarker() {
        var t = FixtureRun.make().trials[3]
        t.status = .diverged
        t.divergedAtEpoch = 4
        let c = ChartPlanner.learningCurve(model: "svd", label: "", trials: [t])
        #expect(c.script.contains("set arrow from 4, graph 0 to 4, graph 1 nohead"))
        #expect(c.script.contains("set label \"diverged\" at 4"))
    }
}
