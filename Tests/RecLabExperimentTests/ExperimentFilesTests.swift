import Foundation
import Testing
@testable import RecLabExperiment

/// Every experiment shipped in `experiments/` parses and passes validation
/// against the real model registry (what `reclab plan` checks before any work).
@Suite struct ExperimentFilesTests {
    static var directory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("experiments")
    }

    static var files: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
    }

    @Test func theFourTutorialFilesShip() {
        #expect(Set(Self.files).isSuperset(of: ["article.yaml", "article-ml20m.yaml", "sweep-svd.yaml", "compare-models.yaml"]))
    }

    @Test(arguments: files)
    func validates(_ name: String) throws {
        let spec = try ExperimentSpec.load(Self.directory.appendingPathComponent(name).path)
        let problems = ExperimentValidator(catalog: RegistryCatalog()).problems(in: spec)
        #expect(problems.isEmpty, "\(problems)")
        #expect(!SweepExpander(catalog: RegistryCatalog()).trials(for: spec, dataFingerprint: "x").isEmpty || spec.models.isEmpty)
    }

    @Test func articleHasTheTutorialSettings() throws {
        let spec = try ExperimentSpec.load(Self.directory.appendingPathComponent("article.yaml").path)
        let svd = try #require(spec.models.first { $0.kind == "svd" })
        #expect(svd.params["n_factors"] == .int(100))
        #expect(svd.params["n_epochs"] == .int(20))
        #expect(svd.params["lr_all"] == .double(0.005))
        #expect(svd.params["reg_all"] == .double(0.02))
        #expect(svd.params["init_std_dev"] == .double(0.1))
        #expect(spec.split.kind == .holdout && spec.split.testFraction == 0.25)
        #expect(spec.similarity.enabled && spec.similarity.contentComponents == 200 && spec.similarity.collabComponents == 200)
        #expect(spec.similarity.queries == ["Inception (2010)"])
        #expect(spec.recommendEnabled && spec.recommend.n == 10)
        #expect(!spec.expectations.isEmpty)
    }

    @Test func sweepFileExpandsToFactorsTimesLearningRatesTimesRegularisationTimesSeeds() throws {
        let spec = try ExperimentSpec.load(Self.directory.appendingPathComponent("sweep-svd.yaml").path)
        let trials = SweepExpander(catalog: RegistryCatalog()).trials(for: spec, dataFingerprint: "x").filter { $0.model == "svd" }
        #expect(trials.count == 3 * 3 * 3 * 3)
    }
}

/// The complete example in docs/experiment-format.md is a valid experiment
/// and its comments' defaults are the parser's defaults.
@Suite struct FormatDocumentationTests {
    static var example: String? {
        let url = ExperimentFilesTests.directory.deletingLastPathComponent().appendingPathComponent("docs/experiment-format.md")
        guard let text = try? String(contentsOf: url, encoding: .utf8),
              let start = text.range(of: "```yaml\n"),
              let end = text.range(of: "```", range: start.upperBound..<text.endIndex) else { return nil }
        return String(text[start.upperBound..<end.lowerBound])
    }

    @Test func completeExampleValidates() throws {
        let yaml = try #require(Self.example)
        let spec = try ExperimentSpec.parse(yaml, file: "docs/experiment-format.md")
        #expect(ExperimentValidator(catalog: RegistryCatalog()).problems(in: spec).isEmpty)
        #expect(spec.sweep.seeds == [0, 1, 2])
        #expect(spec.expectations.count == 3)
    }

    @Test func defaultsInTheExampleAreTheDefaults() throws {
        let minimal = try ExperimentSpec.parse("reclab: 1\nsimilarity: {}\nmodels: [svd]\nrecommend: {}\n", file: "m.yaml")
        let full = try ExperimentSpec.parse(try #require(Self.example), file: "e.yaml")
        #expect(minimal.seed == full.seed)
        #expect(minimal.split.kind == full.split.kind && minimal.split.testFraction == full.split.testFraction)
        #expect(minimal.similarity == full.similarity)
        #expect(minimal.recommend.users == full.recommend.users && minimal.recommend.n == full.recommend.n)
        #expect(minimal.metrics == full.metrics)
        #expect(minimal.report.dir == full.report.dir)
    }
}
