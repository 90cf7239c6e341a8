import Foundation
import Testing
@testable import RecLabExperiment
import RecLabCore
import RecLabModels

@Suite struct TrialKeyTests {
    let expander = SweepExpander(catalog: TestCatalog())

    func keys(_ yaml: String, fingerprint: String = "fp") throws -> [String] {
        let spec = try ExperimentSpec.parse(yaml, file: "h.yaml")
        return expander.trials(for: spec, dataFingerprint: fingerprint).map(\.key)
    }

    static let base = """
        reclab: 1
        dataset: {name: ml-latest-small, filters: {min_user_ratings: 5}}
        split: {kind: holdout, test_fraction: 0.25, seed: 7}
        models:
          - kind: svd
            params: {n_factors: 100, lr_all: 0.005, reg_all: 0.02}
        """

    @Test func stableAcrossKeyOrderAndSpelling() throws {
        let reordered = """
            reclab: 1
            models:
              - params: {reg_all: 0.02, lr_all: 5.0e-3, n_factors: 100}
                kind: svd
            split: {seed: 7, test_fraction: 0.25, kind: holdout}
            dataset: {filters: {min_user_ratings: 5}, name: ml-latest-small}
            """
        #expect(try keys(Self.base) == keys(reordered))
        // Writing a default explicitly, or renaming the model, changes nothing.
        let explicit = Self.base + "\n    name: my-svd\n    # same\n"
        _ = explicit
        let withDefault = Self.base.replacingOccurrences(of: "reg_all: 0.02}", with: "reg_all: 0.02, n_epochs: 20}")
        #expect(try keys(Self.base) == keys(withDefault))
        let renamed = Self.base.replacingOccurrences(of: "  - kind: svd", with: "  - kind: svd\n    name: funk")
        #expect(try keys(Self.base) == keys(renamed))
    }

    @Test(arguments: [
        ("lr_all: 0.005", "lr_all: 0.006"),
        ("n_factors: 100", "n_factors: 101"),
        ("seed: 7", "seed: 8"),
        ("test_fraction: 0.25", "test_fraction: 0.2"),
        ("min_user_ratings: 5", "min_user_ratings: 6"),
    ])
    func sensitiveToEveryInput(_ change: (String, String)) throws {
        let changed = Self.base.replacingOccurrences(of: change.0, with: change.1)
        #expect(changed != Self.base)
        #expect(try keys(Self.base) != keys(changed))
    }

    @Test func sensitiveToDataAndVersion() throws {
        #expect(try keys(Self.base, fingerprint: "a") != keys(Self.base, fingerprint: "b"))
        let p: Parameters = ["x": .int(1)]
        let s = SplitSpec()
        let a = TrialKey.canonical(kind: "svd", parameters: p, split: s, splitSeed: 1, fold: nil, fitSeed: 2, dataFingerprint: "f",
                                   filters: FilterSpec(), metrics: [MetricSpec(.rmse)], version: "0.1.0")
        let b = TrialKey.canonical(kind: "svd", parameters: p, split: s, splitSeed: 1, fold: nil, fitSeed: 2, dataFingerprint: "f",
                                   filters: FilterSpec(), metrics: [MetricSpec(.rmse)], version: "0.2.0")
        #expect(TrialKey.hash(a) != TrialKey.hash(b))
    }

    @Test func canonicalEncodingSortsKeysAndTypesNumbers() {
        let v = CanonicalValue.map(["b": .int(1), "a": .double(1), "c": .list([.string("q\"")]), "D": .bool(true)])
        #expect(v.encoded == #"{"D":true,"a":"d:1.0","b":1,"c":["q\""]}"#)
        #expect(v.sha256 == SHA256.hex(v.encoded))
    }

    /// An experiment whose sweep grows keeps the keys of the configurations it already had.
    @Test func addingAGridValueKeepsExistingKeys() throws {
        let one = Self.base + "\nsweep:\n  models:\n    svd:\n      grid: {n_factors: [50, 100]}\n"
        let two = Self.base + "\nsweep:\n  models:\n    svd:\n      grid: {n_factors: [25, 50, 100]}\n"
        let a = Set(try keys(one)), b = Set(try keys(two))
        #expect(a.isSubset(of: b) && b.count == 3)
    }
}
