import Foundation
import RecLabReport
import RecLabResults
import Testing

/// The Markdown of the fixture run against the committed snapshot.
///
/// Regenerate after an intended change with one command:
///     RECLAB_REGENERATE_GOLDEN=1 swift test --filter GoldenReportTests
/// (or `scripts/regenerate-golden`), then review `git diff Tests/RecLabReportTests/Snapshots`.
@Suite("Golden report")
struct GoldenReportTests {
    static let snapshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    static func check(_ actual: String, against name: String) throws {
        let url = snapshots.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["RECLAB_REGENERATE_GOLDEN"] == "1" {
            try Data(actual.utf8).write(to: url)
            return
        }
        let expected = try #require(
            try? String(contentsOf: url, encoding: .utf8),
            "missing snapshot \(name): run RECLAB_REGENERATE_GOLDEN=1 swift test --filter GoldenReportTests")
        if expected != actual {
            Issue.record("\(name) differs from the snapshot (regenerate with RECLAB_REGENERATE_GOLDEN=1 swift test --filter GoldenReportTests):\n\(LineDiff.diff(expected, actual))")
        }
    }

    @Test("Fixture run renders to the committed Markdown")
    func fixtureReport() throws {
        let run = FixtureRun.make()
        let md = MarkdownReport.render(run, charts: ChartPlanner.charts(for: run))
        try Self.check(md, against: "fixture-report.md")
    }

    @Test("Tutorial-shaped run (MovieLens, one split, no sweep) renders to the committed Markdown")
    func articleLikeReport() throws {
        let run = FixtureRun.articleLike()
        try Self.check(MarkdownReport.render(run, charts: ChartPlanner.charts(for: run)), against: "article-like-report.md")
    }

    @Test("The diff of the fixture against a regressed copy renders to the committed Markdown")
    func diffReport() throws {
        try Self.check(RunDiff.render(FixtureRun.make(), DiffTests.changed(), labelA: "reports/a", labelB: "reports/b"), against: "fixture-diff.md")
    }

    @Test("A random search over three parameters with two metrics renders to the committed Markdown")
    func randomSearchReport() throws {
        var run = RandomSearchViewTests.run()
        for i in run.trials.indices { run.trials[i].metrics["ndcg@10"] = 0.1 + Double(i % 7) * 0.003 }
        run.reportOptions = ReportOptions(primaryMetric: "rmse", metrics: ["rmse", "ndcg@10"])
        try Self.check(MarkdownReport.render(run, charts: ChartPlanner.charts(for: run)), against: "random-search-report.md")
    }

    @Test("The diff of a one-parameter change renders to the committed Markdown")
    func oneChangeDiff() throws {
        let a = ComparisonLoopTests.run(name: "a", reg: 0.02, rmse: [0.8764, 0.8770, 0.8758], metrics: ["rmse", "ndcg@10"])
        let b = ComparisonLoopTests.run(name: "b", reg: 0.05, rmse: [0.8737, 0.8741, 0.8730], metrics: ["rmse", "ndcg@10"])
        try Self.check(RunDiff.render(a, b, labelA: "reports/a", labelB: "reports/b"), against: "one-change-diff.md")
    }

    @Test("Rendering is deterministic and does not depend on the trial order on disk")
    func deterministic() {
        let run = FixtureRun.make()
        var shuffled = run
        shuffled.trials.reverse()
        let a = MarkdownReport.render(run, charts: ChartPlanner.charts(for: run))
        let b = MarkdownReport.render(run, charts: ChartPlanner.charts(for: run))
        #expect(a == b)
        // Reversing the trials may change listing order but not any number in the results tables.
        let c = MarkdownReport.render(shuffled, charts: ChartPlanner.charts(for: shuffled))
        func resultsTable(_ s: String) -> String? { s.components(separatedBy: "Results, best RMSE first:").dropFirst().first?.components(separatedBy: "\n\n")[1] }
        #expect(resultsTable(a) != nil && resultsTable(a) == resultsTable(c))
    }
}

/// A minimal line diff for failure messages: the first differing lines with context.
enum LineDiff {
    static func diff(_ expected: String, _ actual: String, context: Int = 3, limit: Int = 40) -> String {
        let e = expected.components(separatedBy: "\n"), a = actual.components(separatedBy: "\n")
        var out: [String] = []
        var i = 0
        while i < max(e.count, a.count), out.count < limit {
            let x = i < e.count ? e[i] : nil, y = i < a.count ? a[i] : nil
            if x != y {
                for k in max(0, i - context)..<i where out.count < limit { out.append("  \(e[k])") }
                if let x { out.append("- \(x)") }
                if let y { out.append("+ \(y)") }
                i += 1
                var shown = 0
                while i < max(e.count, a.count), shown < context {
                    let x2 = i < e.count ? e[i] : nil, y2 = i < a.count ? a[i] : nil
                    if x2 != y2 { if let x2 { out.append("- \(x2)") }; if let y2 { out.append("+ \(y2)") } } else { out.append("  \(x2 ?? "")"); shown += 1 }
                    i += 1
                }
                out.append("…")
            } else {
                i += 1
            }
        }
        return out.joined(separator: "\n")
    }
}
