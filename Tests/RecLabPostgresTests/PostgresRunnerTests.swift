import Foundation
import Testing
import _TestSupport
import RecLabExperiment
import RecLabPostgres
import RecLabResults

/// The runner against a PostgreSQL store: two runs of one experiment at once, each with its own
/// connection (two workers), split the sweep and agree with a run on the results folder.
@Suite(.requiresPostgres, .serialized) struct PostgresRunnerTests {
    static let yaml = """
        reclab: 1
        name: shared-pg
        dataset: {path: FIXTURE}
        split: {kind: holdout, test_fraction: 0.25}
        models:
          - {name: svd, kind: svd, params: {n_epochs: 30, n_factors: 8}}
        sweep:
          seeds: [0, 1, 2]
          models:
            svd:
              grid:
                lr_all: [0.002, 0.005, 0.008]
                reg_all: [0.02, 0.05]
        run: {workers: 2}
        report: {charts: []}
        """

    @Test func twoWorkersSplitTheSweepAndMatchTheFileStore() async throws {
        let database = try TestPostgres.createDatabase()
        defer { TestPostgres.dropDatabase(database) }
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("reclab-pg-runner-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("shared-pg.yaml")
        try Self.yaml.replacingOccurrences(of: "FIXTURE", with: try MovieLensFixture.small().path)
            .write(to: file, atomically: true, encoding: .utf8)
        let spec = try ExperimentSpec.loadValidated(file.path, catalog: RegistryCatalog())
        let runner = ExperimentRunner(catalog: RegistryCatalog())

        let single = try runner.run(spec, options: RunOptions(outputDirectory: root.appendingPathComponent("file")))
        #expect(single.executed == 18)

        let stores = [try await PostgresTrialStore.open(database.absoluteString),
                      try await PostgresTrialStore.open(database.absoluteString)]
        defer { stores.forEach { $0.close() } }
        let outcomes = try await withThrowingTaskGroup(of: ExperimentRunner.Outcome.self) { group in
            for (i, store) in stores.enumerated() {
                group.addTask {
                    try runner.run(spec, options: RunOptions(outputDirectory: root.appendingPathComponent("w\(i)"), store: store))
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        // Each trial computed once between the two workers; each worker's run has all 18.
        #expect(outcomes.map(\.executed).reduce(0, +) == 18, "\(outcomes.map(\.executed))")
        #expect(outcomes.allSatisfy { $0.failed.isEmpty && $0.executed + $0.reused == 18 })
        let expected = Dictionary(uniqueKeysWithValues: single.run.trials.map { ($0.contentHash, $0.metrics) })
        for o in outcomes {
            #expect(Dictionary(uniqueKeysWithValues: o.run.trials.map { ($0.contentHash, $0.metrics) }) == expected)
        }
        // The store holds every trial once, the finished workers, and the run a report is drawn from.
        let status = try stores[0].status(experiment: "shared-pg")
        #expect(status.done == 18 && status.pending == 0 && status.running == 0 && status.failed == 0)
        #expect(status.workers.count == 2 && status.workers.allSatisfy { $0.finishedAt != nil })
        #expect(status.workers.map(\.trialsDone).reduce(0, +) == 18)
        let stored = try stores[1].runResult(experiment: "shared-pg")
        #expect(stored.partial == nil)
        #expect(Dictionary(uniqueKeysWithValues: stored.trials.map { ($0.contentHash, $0.metrics) }) == expected)
        // A rerun reuses everything from the store.
        let again = try runner.run(spec, options: RunOptions(outputDirectory: root.appendingPathComponent("again"), store: stores[0]))
        #expect(again.executed == 0 && again.reused == 18)
    }
}
