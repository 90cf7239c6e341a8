import Foundation
import Testing
import _TestSupport
@testable import RecLabExperiment
import RecLabResults

/// `ranking:` through the runner on the MovieLens-layout fixture: trials and
/// run.json record the protocol, every ranking metric is computed at each K,
/// per-user values average to the stored metrics, and implicit data drops the
/// ratings under its threshold as a filter step.
@Suite(.serialized)
struct RankingRunTests {
    func run(_ yaml: String) throws -> (ExperimentRunner.Outcome, URL) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reclab-ranking-\(UUID().uuidString)")
        let text = yaml.replacingOccurrences(of: "FIXTURE", with: try MovieLensFixture.small().path)
        let spec = try ExperimentSpec.parse(text, file: "ranking.yaml")
        try ExperimentValidator(catalog: RegistryCatalog()).validate(spec)
        let outcome = try ExperimentRunner(catalog: RegistryCatalog())
            .run(spec, options: RunOptions(workers: 1, outputDirectory: dir, progress: .silent, blasThreads: .perCore))
        return (outcome, dir)
    }

    @Test func sampledProtocolIsRecordedAndPerUserValuesAverageToTheMetrics() throws {
        let (outcome, dir) = try run("""
            reclab: 1
            name: ranked
            dataset: {path: FIXTURE}
            split: {kind: kfold, folds: 2}
            models:
              - kind: most_popular
              - kind: svd
                params: {n_epochs: 2, n_factors: 4}
            metrics: [ndcg@10, rmse]
            ranking:
              relevance: any
              candidates: {kind: sampled, negatives: 20, seed: 3}
              k: [5, 10]
            """)
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = outcome.run
        let setup = try #require(run.ranking)
        #expect(setup.relevanceThreshold == nil && setup.sampledNegatives == 20 && setup.sampleSeed == 3 && setup.ks == [5, 10])
        #expect(run.trials.count == 4 && run.trials.allSatisfy { $0.status == .ok && $0.ranking == setup })
        for t in run.trials {
            // Every ranking kind at both K, plus the listed metrics (RMSE only for svd).
            for kind in ["precision", "recall", "ndcg", "map", "mrr", "hit_rate", "coverage", "popularity"] {
                for k in [5, 10] { #expect(t.metrics["\(kind)@\(k)"] != nil, "\(t.id) lacks \(kind)@\(k)") }
            }
            #expect((t.metrics["rmse"] != nil) == (t.kind == "svd"))
            let each = try #require(t.perUser)
            // The listed ranking metric and NDCG at every K of ranking.k: what the report's per-user tests read.
            #expect(each.values.keys.sorted() == ["ndcg@10", "ndcg@5"])
            for (name, values) in each.values {
                #expect(values.count == each.users.count)
                let mean = values.reduce(0.0) { $0 + Double($1) } / Double(values.count)
                // Stored as Float: about 7 significant digits.
                #expect(isApprox(mean, try #require(t.metrics[name]), abs: 1e-6), "\(t.id) \(name)")
            }
        }
        // What the report will state (it renders from run.json; RankingReportTests checks the Markdown).
        #expect(setup.sentence.contains("among 20 sampled negatives") && setup.sentence.contains("whatever its rating"))
        // The stored run decodes with the protocol.
        #expect(try ResultsLayout(directory: dir).load().ranking == setup)
    }

    @Test func implicitThresholdDropsRatingsBeforeTheSplit() throws {
        let (outcome, dir) = try run("""
            reclab: 1
            name: implicit
            dataset:
              path: FIXTURE
              implicit: {threshold: 4}
            split: {kind: holdout, test_fraction: 0.25}
            models: [most_popular]
            """)
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = outcome.run
        let drop = try #require(run.data?.filters.last)
        #expect(drop.rule == "implicit: ratings ≥ 4.0 are interactions" && drop.ratingsRemoved > 0)
        #expect(run.data?.dataset.ratingHistogram.allSatisfy { $0.value >= 4 } == true)
        #expect(run.ranking?.implicit?.threshold == 4 && run.ranking?.relevanceThreshold == nil)
        #expect(run.trials.first?.metrics.keys.sorted() == ["ndcg@10"])
    }
}
