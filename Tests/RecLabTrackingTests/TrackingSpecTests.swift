import Foundation
import Testing
@testable import RecLabExperiment

/// `tracking:` is read and checked like every other section: unknown keys with
/// a suggestion, types, and a tracking URI that must be http(s) with a host.
@Suite struct TrackingSpecTests {
    func parse(_ tracking: String) throws -> ExperimentSpec {
        try ExperimentSpec.parse("reclab: 1\nmodels: [svd]\ntracking:\n\(tracking)\n", file: "t.yaml")
    }

    func errors(_ tracking: String) -> [String] {
        do { _ = try parse(tracking); return [] } catch let e as ExperimentErrors { return e.errors.map(\.description) } catch {
            return ["\(error)"]
        }
    }

    @Test func readsTheServerAndTheExperiment() throws {
        let spec = try parse("  mlflow: {uri: http://127.0.0.1:5000, experiment: movielens}")
        #expect(spec.tracking.mlflow == MLflowSpec(uri: "http://127.0.0.1:5000", experiment: "movielens"))
    }

    @Test func theExperimentNameIsOptional() throws {
        let spec = try parse("  mlflow: {uri: https://mlflow.example.org/prefix}")
        #expect(spec.tracking.mlflow?.experiment == nil)
        #expect(spec.tracking.mlflow?.uri == "https://mlflow.example.org/prefix")
    }

    @Test func noSectionMeansNoTracking() throws {
        let spec = try ExperimentSpec.parse("reclab: 1\nmodels: [svd]\n", file: "t.yaml")
        #expect(spec.tracking.mlflow == nil)
    }

    @Test func unknownKeysGetASuggestion() {
        #expect(errors("  mlfow: {uri: http://127.0.0.1:5000}")
            == ["t.yaml:4:3: error: tracking.mlfow: unknown key 'mlfow'; did you mean 'mlflow'?; expected one of mlflow"])
        #expect(errors("  mlflow: {uri: http://127.0.0.1:5000, experimnt: x}")
            == ["t.yaml:4:40: error: tracking.mlflow.experimnt: unknown key 'experimnt'; did you mean 'experiment'?; expected one of uri, experiment"])
    }

    @Test(arguments: [
        ("file:///tmp/mlruns", "the tracking URI must be http or https"),
        ("127.0.0.1:5000", "not a URL"),
        ("http://", "the tracking URI has no host"),
    ])
    func theURIMustBeHTTP(_ uri: String, _ problem: String) {
        let found = errors("  mlflow: {uri: \"\(uri)\"}")
        #expect(found.count == 1)
        #expect(found.first?.contains("tracking.mlflow.uri: \(problem) (found \(uri)); expected an http:// or https:// URL") == true,
                "\(found)")
    }

    @Test func theURIIsRequiredAndTheSectionsMustBeMappings() {
        #expect(errors("  mlflow: {experiment: x}").first?.contains("tracking.mlflow.uri: missing the tracking server's address") == true)
        #expect(errors("  mlflow: http://127.0.0.1:5000").first?.contains("tracking.mlflow: wrong type") == true)
        #expect(errors("  - mlflow").first?.contains("tracking: wrong type") == true)
    }

    @Test func trackingIsATopLevelKey() {
        do {
            _ = try ExperimentSpec.parse("reclab: 1\nmodels: [svd]\ntracknig: {}\n", file: "t.yaml")
            Issue.record("a misspelt top-level key was accepted")
        } catch let e as ExperimentErrors {
            #expect(e.description.contains("unknown key 'tracknig'; did you mean 'tracking'?"))
        } catch { Issue.record("\(error)") }
    }
}
