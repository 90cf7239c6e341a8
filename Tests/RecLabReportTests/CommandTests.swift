import Foundation
import RecLabResults
import Testing
import _TestSupport

/// `reclab report` and `reclab diff` as a user runs them (the built executable, real exit codes).
@Suite("report and diff commands", .enabled(if: ReclabBinary.url != nil, "the reclab executable is not built"))
struct CommandTests {
    /// Runs reclab with `arguments` and `environment`; returns (status, stdout, stderr).
    static func reclab(_ arguments: [String], environment: [String: String]? = nil) throws -> (Int32, String, String) {
        try ReclabBinary.run(arguments, environment: environment)
    }

    static func stored(_ run: RunResult, _ label: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reclab-cli-\(label)-\(UInt64.random(in: 0...UInt64.max))")
        try ResultsLayout(directory: dir).write(run)
        return dir
    }

    @Test("reclab report without gnuplot: status 3, each chart named on stderr, report.md written")
    func reportWithoutGnuplot() throws {
        let dir = try Self.stored(FixtureRun.make(), "nognuplot")
        defer { try? FileManager.default.removeItem(at: dir) }
        let (status, out, err) = try Self.reclab(["report", dir.path], environment: ["PATH": "/nonexistent"])
        #expect(status == 3)
        #expect(out.contains("report.md"))
        #expect(err.contains("error: chart rating-histogram.png: gnuplot not found"))
        let md = try String(contentsOf: dir.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(md.contains("## Missing charts"))
    }

    @Test("reclab report on a folder without results: status 1 and the missing file's path")
    func reportMissing() throws {
        let (status, _, err) = try Self.reclab(["report", "/nonexistent/run"])
        #expect(status == 1)
        #expect(err.contains("/nonexistent/run/results/run.json"))
    }

    @Test("reclab diff --fail-on-regression: status 1 on a regression, 0 on identical runs")
    func diffExitStatus() throws {
        let a = try Self.stored(FixtureRun.make(), "a")
        let b = try Self.stored(DiffTests.changed(), "b")
        defer { try? FileManager.default.removeItem(at: a); try? FileManager.default.removeItem(at: b) }
        let (bad, out, _) = try Self.reclab(["diff", a.path, b.path, "--fail-on-regression"])
        #expect(bad == 1)
        #expect(out.contains("⚠️ regression"))
        let (same, _, _) = try Self.reclab(["diff", a.path, a.path, "--fail-on-regression"])
        #expect(same == 0)
    }
}
