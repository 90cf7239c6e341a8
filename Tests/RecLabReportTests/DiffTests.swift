import Foundation
import RecLabReport
import RecLabResults
import Testing
import _TestSupport

@Suite("Run diff")
struct DiffTests {
    /// B: svd's best configuration worse by 0.02 on every split, one config key and one data file changed.
    static func changed() -> RunResult {
        var b = FixtureRun.make()
        for i in b.trials.indices where b.trials[i].id.hasPrefix("svd-3-") {
            b.trials[i].metrics["rmse"]! += 0.02
        }
        b.experiment.configuration[6].value = "0.2"  // split.test_fraction
        b.data?.files[0].checksum = "99ff"
        b.provenance.gitCommit = "fff0000"
        return b
    }

    @Test("Paired deltas: a uniform +0.02 shift is B − A = 0.02 with zero-width interval and flagged as a regression")
    func pairedRegression() throws {
        let d = RunDiff.deltas(FixtureRun.make(), Self.changed())
        let svd = try #require(d.first { $0.configuration == "factors=50, lr=0.01" && $0.metric == "rmse" })
        #expect(svd.method == "paired")
        #expect(isApprox(svd.delta, 0.02, abs: 1e-12))
        #expect((svd.halfWidth ?? 1) < 1e-12)
        #expect(svd.isRegression && !svd.isImprovement)
        let same = try #require(d.first { $0.model == "baseline" && $0.metric == "rmse" })
        #expect(same.delta == 0 && !same.isRegression)
    }

    @Test("Different splits fall back to Welch's interval")
    func welch() throws {
        var b = FixtureRun.make()
        for i in b.trials.indices { b.trials[i].replicate.splitSeed &+= 1 }
        let d = RunDiff.deltas(FixtureRun.make(), b)
        #expect(d.allSatisfy { $0.method == "Welch" })
        // Identical values on different splits: Δ 0, interval straddles 0.
        #expect(d.allSatisfy { isApprox($0.delta, 0, abs: 1e-12) && !$0.isRegression })
    }

    @Test("The diff report names the changed key, the changed file, the commits and the regression")
    func markdown() {
        let md = RunDiff.render(FixtureRun.make(), Self.changed(), labelA: "reports/a", labelB: "reports/b")
        #expect(md.contains("| split.test_fraction | 0.25 | 0.2 |"))
        #expect(md.contains("| ratings.csv | 412 B, sha256 `11aa` | 412 B, sha256 `99ff` |"))
        #expect(md.contains("| Git commit | abc1234def5678 | fff0000 | **differs** |"))
        #expect(md.contains("| ⚠️ worse |"))
        #expect(md.contains("1 regression and 0 improvements"))
    }

    @Test("A run diffed with itself shows no differences")
    func identity() {
        let md = RunDiff.render(FixtureRun.make(), FixtureRun.make())
        #expect(md.contains("No configuration key differs."))
        #expect(md.contains("Data files: identical"))
        #expect(!md.contains("regression |"))
    }
}

@Suite("Run diff noise floor")
struct DiffNoiseTests {
    @Test("A 1e-12 change with a zero-width paired interval is noise, not a regression")
    func floatNoise() {
        var b = FixtureRun.make()
        for i in b.trials.indices { b.trials[i].metrics["rmse"]! += 1e-12 }
        let d = RunDiff.deltas(FixtureRun.make(), b)
        #expect(!d.contains { $0.isRegression || $0.isImprovement })
    }
}
