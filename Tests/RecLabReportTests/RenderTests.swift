import Foundation
import RecLabReport
import RecLabResults
import Testing
import _TestSupport

extension Trait where Self == ConditionTrait {
    /// gnuplot on PATH (scripts/setup-system installs gnuplot-nox): skipped without it locally, failed in CI.
    static var requiresGnuplot: Self {
        .requires("gnuplot not installed (scripts/setup-system installs gnuplot-nox)") { RenderTests.gnuplotAvailable }
    }
}

@Suite("Rendering")
struct RenderTests {
    static var gnuplotAvailable: Bool { Gnuplot().executable != nil }

    static func tempDir(_ label: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("reclab-\(label)-\(UInt64.random(in: 0...UInt64.max))")
    }

    /// PNG signature, IHDR width and height (big-endian at bytes 16–23).
    static func pngSize(_ data: Data) -> (Int, Int)? {
        let sig: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        let b = [UInt8](data)
        guard b.count > 24, Array(b[0..<8]) == sig, String(decoding: b[12..<16], as: UTF8.self) == "IHDR" else { return nil }
        func be(_ i: Int) -> Int { b[i..<i + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (be(16), be(20))
    }

    @Test("Every chart of the fixture renders to a valid 900×560 PNG of non-trivial size", .requiresGnuplot)
    func pngs() throws {
        let dir = Self.tempDir("png")
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = FixtureRun.make()
        let outcome = try ReportWriter.write(run, to: dir)
        #expect(outcome.chartErrors.isEmpty, "\(outcome.chartErrors)")
        let charts = ChartPlanner.charts(for: run)
        // The fixture has no ranking metrics; RankingReportTests renders the ranking chart.
        #expect(Set(charts.map(\.kind)) == Set(ChartKind.allCases).subtracting([.rankingVsK]))
        for c in charts {
            let data = try Data(contentsOf: dir.appendingPathComponent(c.fileName))
            let size = Self.pngSize(data)
            #expect(size?.0 == 900 && size?.1 == 560, "\(c.fileName): \(String(describing: size))")
            #expect(data.count > 8_000, "\(c.fileName) is only \(data.count) bytes")
        }
        let md = try String(contentsOf: outcome.reportURL, encoding: .utf8)
        #expect(!md.contains("Chart missing"))
    }

    @Test("gnuplot missing: an error per chart naming it, Markdown still written with the charts listed as missing")
    func gnuplotMissing() throws {
        let dir = Self.tempDir("nognuplot")
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = FixtureRun.make()
        let outcome = try ReportWriter.write(run, to: dir, gnuplot: Gnuplot(environment: ["PATH": "/nonexistent"]))
        let charts = ChartPlanner.charts(for: run)
        #expect(outcome.drawn.isEmpty)
        #expect(outcome.chartErrors.map(\.subject) == charts.map(\.fileName))
        #expect(outcome.chartErrors.allSatisfy { $0.message.contains("gnuplot not found") })
        let md = try String(contentsOf: outcome.reportURL, encoding: .utf8)
        #expect(md.contains("## Missing charts"))
        for c in charts { #expect(md.contains("**Chart missing:** `\(c.fileName)`")) }
        #expect(!md.contains("](explained-variance-content.png)"))
    }

    @Test("gnuplot failing: the chart's error carries gnuplot's own stderr", .requiresGnuplot)
    func gnuplotFailing() throws {
        let dir = Self.tempDir("badscript")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let chart = Chart(kind: .heatmap, name: "broken", title: "broken", script: "set terminal pngcairo\nset output 'broken.png'\nplot $NOSUCHBLOCK using 1:2\n")
        let error = #expect(throws: ReportError.self) { try Gnuplot().render(chart, in: dir) }
        #expect(error?.subject == "broken.png")
        #expect(error?.message.contains("NOSUCHBLOCK") == true || error?.message.lowercased().contains("undefined") == true, "\(String(describing: error))")
    }

    @Test("A bogus gnuplot executable that exits at once fails cleanly (no SIGPIPE)")
    func bogusExecutable() throws {
        let dir = Self.tempDir("false")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let chart = ChartPlanner.charts(for: FixtureRun.make())[0]
        let error = #expect(throws: ReportError.self) { try Gnuplot(path: "/bin/false").render(chart, in: dir) }
        #expect(error?.message.contains("status 1") == true)
        #expect(throws: ReportError.self) { try Gnuplot(path: "/no/such/gnuplot").render(chart, in: dir) }
    }
}

/// Writes the fixture run and its report to $RECLAB_REPORT_PREVIEW_DIR for a
/// human look; without it, to a temporary folder removed afterwards (so the
/// test runs, and never skips, everywhere).
@Suite("Preview")
struct PreviewTests {
    @Test("Preview the fixture report")
    func preview() throws {
        let keep = ProcessInfo.processInfo.environment["RECLAB_REPORT_PREVIEW_DIR"]
        let dir = keep.map { URL(fileURLWithPath: $0) } ?? RenderTests.tempDir("preview")
        defer { if keep == nil { try? FileManager.default.removeItem(at: dir) } }
        try ResultsLayout(directory: dir).write(FixtureRun.make())
        let outcome = try ReportWriter.write(FixtureRun.make(), to: dir)
        #expect(FileManager.default.fileExists(atPath: outcome.reportURL.path))
    }
}
