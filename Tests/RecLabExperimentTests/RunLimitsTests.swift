import Foundation
import Testing
import _TestSupport
@testable import RecLabExperiment
import RecLabResults

/// Run limits, on a small MovieLens-layout fixture (`MovieLensFixture`).
@Suite("Run limits", .serialized)
struct RunLimitsTests {
    static let yaml = """
        reclab: 1
        name: limits
        dataset: {path: FIXTURE}
        split: {kind: holdout, test_fraction: 0.25, seeds: [0, 1]}
        models:
          - {name: svd, kind: svd, params: {n_epochs: 2, n_factors: 4}}
          - {name: baseline, kind: baseline_als}
        run: {max_trials: 3, workers: 1}
        """

    @Test("run.max_trials starts at most that many trials per run; the report is PARTIAL until a later run completes it")
    func maxTrials() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reclab-limits-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let yaml = Self.yaml.replacingOccurrences(of: "FIXTURE", with: try MovieLensFixture.small().path)
        let spec = try ExperimentSpec.parse(yaml, file: "limits.yaml")
        #expect(spec.run.maxTrials == 3)
        #expect(SweepExpander.trialCount(of: spec) == 4)
        let runner = ExperimentRunner(catalog: RegistryCatalog())
        let options = RunOptions(outputDirectory: dir, progress: .silent, blasThreads: .perCore)
        let first = try runner.run(spec, options: options)
        #expect(first.executed == 3 && first.notRun == 1)
        #expect(first.run.partial?.contains("run.max_trials is 3: 1 of 4 trials are left for the next run") == true)
        let second = try runner.run(spec, options: options)
        #expect(second.executed == 1 && second.reused == 3 && second.run.partial == nil)
    }

    @Test("Counting a sweep multiplies its axes, samples and repetitions without building it, saturating instead of overflowing")
    func counting() throws {
        let grid = (1...100).map(String.init).joined(separator: ", ")
        let spec = try ExperimentSpec.parse("""
            reclab: 1
            models: [svd, nmf]
            sweep:
              seeds: [0, 1, 2]
              models:
                svd:
                  grid: {n_factors: [\(grid)], n_epochs: [\(grid)]}
                  random: {samples: 7, params: {lr_all: {uniform: [0.001, 0.01]}}}
            """, file: "c.yaml")
        // svd: 100 × 100 grid points × 7 samples × 3 seeds; nmf: 1 configuration × 3 seeds.
        #expect(SweepExpander.trialCount(of: spec) == 100 * 100 * 7 * 3 + 3)
    }

    @Test("Validating a 2.56-million-trial sweep from a 1 KB file neither expands it nor takes long")
    func hugeSweepValidation() throws {
        let values = (1...40).map { String(0.001 * Double($0)) }.joined(separator: ", ")
        let yaml = "reclab: 1\nmodels: [svd]\nsweep:\n  models:\n    svd:\n      grid:\n"
            + ["lr_all", "reg_all", "init_std_dev", "init_mean"].map { "        \($0): [\(values)]\n" }.joined()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reclab-huge-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: dir) }
        try yaml.write(to: dir, atomically: true, encoding: .utf8)
        let t0 = Date()
        let spec = try ExperimentSpec.loadValidated(dir.path, catalog: RegistryCatalog())
        #expect(SweepExpander.trialCount(of: spec) == 2_560_000)
        #expect(Date().timeIntervalSince(t0) < 2)
    }
}
