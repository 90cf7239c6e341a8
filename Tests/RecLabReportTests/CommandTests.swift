import Foundation
import RecLabResults
import Testing
import _TestSupport

/// `reclab report` and `reclab diff` as a user runs them (the built executable, real exit codes).
@Suite("report and diff commands", .requiresReclab)
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
        #expect(out.contains("| ⚠️ worse |"))
        let (same, _, _) = try Self.reclab(["diff", a.path, a.path, "--fail-on-regression"])
        #expect(same == 0)
    }

    @Test("reclab results --sort: an unknown metric is an error with a suggestion; a known one sorts by its direction")
    func resultsSort() throws {
        let dir = try Self.stored(FixtureRun.make(), "sort")
        for t in FixtureRun.make().trials { try ResultsLayout(directory: dir).write(t) }
        defer { try? FileManager.default.removeItem(at: dir) }
        let (bad, _, err) = try Self.reclab(["results", dir.path, "--sort", "rmes"])
        #expect(bad != 0)
        #expect(err.contains("unknown metric 'rmes'; did you mean 'rmse'?"))
        let (absent, _, err2) = try Self.reclab(["results", dir.path, "--sort", "ndcg@10"])
        #expect(absent != 0 && err2.contains("no metric 'ndcg@10' in these results"))
        // rmse: lowest first (the fixture's best trial is svd-3-1 at 0.8671, chosen by hand).
        let (ok, out, _) = try Self.reclab(["results", dir.path, "--sort", "rmse", "--top", "1", "--format", "csv"])
        #expect(ok == 0)
        #expect(out.split(separator: "\n").dropFirst().first?.hasPrefix("svd-3-1,svd,") == true)
    }

    @Test("reclab models lists every kind with its parameters, and its defaults are Surprise's documented ones")
    func models() throws {
        let (status, out, _) = try Self.reclab(["models", "svd"])
        #expect(status == 0)
        // Surprise 1.1.5's SVD signature: n_factors=100, n_epochs=20, init_std_dev=0.1, lr_all=0.005, reg_all=0.02.
        for row in [("n_factors", "100"), ("n_epochs", "20"), ("init_std_dev", "0.1"), ("lr_all", "0.005"), ("reg_all", "0.02")] {
            #expect(out.split(separator: "\n").contains { $0.hasPrefix(row.0 + " ") && $0.contains(" \(row.1) ") }, "\(row.0)")
        }
        #expect(out.contains("lr_bu") && out.contains("= lr_all"))
        let (all, json, _) = try Self.reclab(["models", "--json"])
        #expect(all == 0)
        for kind in ["global_mean", "baseline_als", "svd", "svdpp", "nmf", "knn_basic", "slope_one", "co_clustering", "latent_knn"] {
            #expect(json.contains("\"kind\" : \"\(kind)\""), "\(kind)")
        }
        #expect(json.contains("\"direction\" : \"lower\"") && json.contains("\"name\" : \"ndcg\""))
        let (unknown, _, err) = try Self.reclab(["models", "sdv"])
        #expect(unknown != 0 && err.contains("did you mean 'svd'?"))
    }
}
