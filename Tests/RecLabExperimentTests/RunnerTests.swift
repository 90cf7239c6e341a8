import Foundation
import Testing
import _TestSupport
@testable import RecLabExperiment
import RecLabResults

/// The runner on a small MovieLens-layout fixture (`MovieLensFixture`):
/// parallel equals serial, a rerun reuses every finished trial, an edited
/// sweep recomputes only what changed.
@Suite(.serialized)
struct RunnerTests {
    static let yaml = """
        reclab: 1
        name: tiny
        dataset:
          path: FIXTURE
        split: {kind: holdout, test_fraction: 0.25}
        models:
          - kind: svd
            params: {n_epochs: 3, n_factors: 8}
          - kind: baseline_als
        sweep:
          seeds: [0, 1]
          models:
            svd:
              grid:
                lr_all: [0.005, 0.01]
                reg_all: [0.02, 0.1]
        metrics: [rmse, mae]
        expect:
          svd: {rmse: {max: 5}}
        """

    /// Runs `yaml` with its `FIXTURE` placeholder replaced by the fixture folder's path.
    func run(_ yaml: String, dir: URL, workers: Int, force: Bool = false, only: String? = nil) throws -> ExperimentRunner.Outcome {
        let text = yaml.replacingOccurrences(of: "FIXTURE", with: try MovieLensFixture.small().path)
        let spec = try ExperimentSpec.parse(text, file: "tiny.yaml")
        try ExperimentValidator(catalog: RegistryCatalog()).validate(spec)
        return try ExperimentRunner(catalog: RegistryCatalog())
            .run(spec, options: RunOptions(workers: workers, force: force, only: only, outputDirectory: dir, progress: .silent, blasThreads: .perCore))
    }

    func tempDir() -> URL { FileManager.default.temporaryDirectory.appendingPathComponent("reclab-run-\(UUID().uuidString)") }

    static func table(_ trials: [TrialResult]) -> [String: [String: Double]] {
        Dictionary(uniqueKeysWithValues: trials.map { ($0.contentHash, $0.metrics) })
    }

    @Test func parallelEqualsSerialAndRerunsReuse() throws {
        let a = tempDir(), b = tempDir()
        defer { try? FileManager.default.removeItem(at: a); try? FileManager.default.removeItem(at: b) }
        let serial = try run(Self.yaml, dir: a, workers: 1)
        let parallel = try run(Self.yaml, dir: b, workers: 2)
        #expect(serial.executed == 10 && parallel.executed == 10)
        #expect(serial.run.trials.allSatisfy { $0.status == .ok })
        // Bit-identical metrics, trial by trial.
        #expect(Self.table(serial.run.trials) == Self.table(parallel.run.trials))
        #expect(serial.run.trials.map(\.learningCurve) == parallel.run.trials.map(\.learningCurve))
        #expect(serial.passed)

        // A rerun computes nothing and reports the same table.
        let again = try run(Self.yaml, dir: a, workers: 2)
        #expect(again.executed == 0 && again.reused == 10)
        #expect(Self.table(again.run.trials) == Self.table(serial.run.trials))

        // Editing the sweep recomputes only the new configuration (2 seeds).
        let edited = Self.yaml.replacingOccurrences(of: "reg_all: [0.02, 0.1]", with: "reg_all: [0.02, 0.1, 0.05]")
        let grown = try run(edited, dir: a, workers: 2)
        #expect(grown.executed == 4 && grown.reused == 10)

        // --force recomputes all, with the same numbers.
        let forced = try run(Self.yaml, dir: a, workers: 2, force: true)
        #expect(forced.executed == 10)
        #expect(Self.table(forced.run.trials) == Self.table(serial.run.trials))
        // The trials dropped from the plan moved out of the report's folder.
        #expect(try ResultsLayout(directory: a).loadTrials().count == 10)
    }

    /// The recommendation stage reuses the trial's fitted model when the model has one configuration,
    /// and refits it when the trial was reused from the store: both must give the same list.
    @Test func keptTrialModelRecommendsAsARefit() throws {
        let yaml = """
            reclab: 1
            name: tiny-recommend
            dataset:
              path: FIXTURE
            split: {kind: holdout, test_fraction: 0.25}
            models:
              - kind: svd
                params: {n_epochs: 3, n_factors: 8}
            recommend: {users: [1, 7], n: 10, model: svd}
            metrics: [rmse]
            """
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fresh = try run(yaml, dir: dir, workers: 2, force: true)   // trial computed now: its model is kept
        #expect(fresh.executed == 1)
        let reused = try run(yaml, dir: dir, workers: 2)                // trial reused: the stage refits
        #expect(reused.executed == 0)
        #expect(fresh.run.recommendations.count == 2 && fresh.run.recommendations.allSatisfy { $0.movies.count == 10 })
        #expect(fresh.run.recommendations == reused.run.recommendations)
        // Where a trial's time went: fit and prediction are parts of its wall time, kept in the store.
        for t in fresh.run.trials + reused.run.trials {
            let fit = try #require(t.fitSeconds), predict = try #require(t.predictSeconds)
            #expect(fit > 0 && predict > 0 && fit + predict <= t.seconds)
        }
        let spec = try ExperimentSpec.parse(yaml, file: "tiny.yaml")
        let trials = SweepExpander(catalog: RegistryCatalog()).trials(for: spec, dataFingerprint: "x")
        #expect(KeptModel.choose(spec, trials: trials).trialKey == trials.first?.key)
        let swept = try ExperimentSpec.parse(yaml + "\nsweep:\n  models:\n    svd:\n      grid:\n        lr_all: [0.005, 0.01]\n",
                                             file: "tiny.yaml")
        #expect(KeptModel.choose(swept, trials: SweepExpander(catalog: RegistryCatalog()).trials(for: swept, dataFingerprint: "x"))
                .trialKey == nil)
    }

    @Test func failedExpectationFailsTheRun() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let strict = Self.yaml.replacingOccurrences(of: "svd: {rmse: {max: 5}}", with: "svd: {rmse: {max: 0.1}}")
        let outcome = try run(strict, dir: dir, workers: 2)
        #expect(!outcome.passed)
        #expect(outcome.run.expectations.count == 1 && outcome.run.expectations[0].passed == false)
        #expect((outcome.run.expectations[0].observed ?? 0) > 0.1)
    }

    @Test func componentsLargerThanTheDataAllowStopBeforeTraining() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let yaml = Self.yaml + "\nsimilarity:\n  components: 5000\n"
        #expect(throws: ExperimentErrors.self) { try run(yaml, dir: dir, workers: 1) }
        #expect(try ResultsLayout(directory: dir).loadTrials().isEmpty)
    }

    @Test func timeBudgetStopsStartingTrialsAndARerunFinishes() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let budgeted = Self.yaml + "\nrun: {time_budget: 0.001}\n"
        let first = try run(budgeted, dir: dir, workers: 2)
        #expect(first.executed == 0 && first.notRun == 10)
        #expect(first.notes.contains { $0.contains("time budget") })
        let second = try run(Self.yaml, dir: dir, workers: 2)
        #expect(second.executed == 10)
    }

    @Test func onlyRunsTheMatchingTrials() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let some = try run(Self.yaml, dir: dir, workers: 2, only: "baseline*")
        #expect(some.executed == 2 && some.notRun == 8)
        #expect(some.run.trials.allSatisfy { $0.model == "baseline_als" })
        let rest = try run(Self.yaml, dir: dir, workers: 2)
        #expect(rest.executed == 8 && rest.reused == 2)
    }
}
