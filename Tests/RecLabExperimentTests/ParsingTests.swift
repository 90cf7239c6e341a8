import Testing
@testable import RecLabExperiment
import RecLabModels
import _TestSupport

@Suite struct ParsingTests {
    @Test func minimalFileTakesTheTutorialDefaults() throws {
        let spec = try ExperimentSpec.parse("reclab: 1\nmodels:\n  - kind: svd\n", file: "exp/min.yaml")
        #expect(spec.name == "min")
        #expect(spec.seed == 42)
        #expect(spec.dataset.source == "ml-latest-small")
        #expect(spec.split.kind == .holdout)
        #expect(spec.split.testFraction == 0.25)
        #expect(spec.models.map(\.kind) == ["svd"])
        #expect(spec.similarity.enabled == false)
        #expect(spec.metrics.map(\.description) == ["rmse", "mae"])
        let resolved = TestCatalog().resolved(spec.models[0].params, kind: "svd")
        #expect(resolved["n_factors"] == .int(100))
        #expect(resolved["lr_all"] == .double(0.005))
    }

    @Test func similarityDefaultsMatchTheTutorial() throws {
        let spec = try ExperimentSpec.parse("reclab: 1\nsimilarity: {}\n", file: "s.yaml")
        #expect(spec.similarity.enabled)
        #expect(spec.similarity.contentComponents == 200)
        #expect(spec.similarity.collabComponents == 200)
        #expect(spec.similarity.hybridWeight == 0.5)
        #expect(spec.similarity.queries == ["Inception (2010)"])
        #expect(spec.similarity.top == 10)
        #expect(spec.similarity.tfidf.stopWords)
    }

    @Test func expectationsPerMetricAndPerModel() throws {
        let spec = try ExperimentSpec.parse("""
            reclab: 1
            models: [{kind: svd}, {kind: baseline, name: base}]
            expect:
              rmse: {max: 0.9}
              base: {mae: {near: 0.7, tolerance: 0.05}}
            """, file: "e.yaml")
        #expect(spec.expectations.count == 2)
        #expect(spec.expectations[0].model == nil && spec.expectations[0].max == 0.9)
        #expect(spec.expectations[1].model == "base")
        #expect(isApprox(spec.expectations[1].min ?? 0, 0.65, abs: 1e-12) && isApprox(spec.expectations[1].max ?? 0, 0.75, abs: 1e-12))
    }

    @Test func durations() {
        #expect(RunSpec.parseDuration("90s") == 90)
        #expect(RunSpec.parseDuration("30m") == 1800)
        #expect(RunSpec.parseDuration("1.5h") == 5400)
        #expect(RunSpec.parseDuration("soon") == nil)
    }

    @Test func editDistance() {
        #expect(EditDistance.levenshtein("kitten", "sitting") == 3)
        #expect(EditDistance.levenshtein("", "abc") == 3)
        #expect(EditDistance.suggestion(for: "splitt", among: ExperimentSpec.topKeys) == "split")
        #expect(EditDistance.suggestion(for: "zzzzzz", among: ExperimentSpec.topKeys) == nil)
    }
}
