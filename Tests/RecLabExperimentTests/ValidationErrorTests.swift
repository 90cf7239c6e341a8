import Testing
@testable import RecLabExperiment

/// Every validation error names file:line:column; each case asserts the exact
/// position of the offending key or value in the YAML given.
@Suite struct ValidationErrorTests {
    typealias Case = SpecErrorCase

    static let cases: [Case] = [
        Case(name: "unknown top key", yaml: "reclab: 1\nsplitt: {kind: holdout}\nmodels: [svd]\n", line: 2, column: 1,
             contains: "did you mean 'split'"),
        Case(name: "unknown nested key", yaml: "reclab: 1\nsplit:\n  test_fractoin: 0.2\nmodels: [svd]\n", line: 3, column: 3,
             contains: "did you mean 'test_fraction'"),
        Case(name: "wrong type", yaml: "reclab: 1\nsplit:\n  test_fraction: lots\nmodels: [svd]\n", line: 3, column: 18,
             contains: "expected a number"),
        Case(name: "test fraction ≥ 1", yaml: "reclab: 1\nsplit:\n  test_fraction: 1.0\nmodels: [svd]\n", line: 3, column: 18,
             contains: "< 1.0"),
        Case(name: "missing version", yaml: "models: [svd]\n", line: 1, column: 1, contains: "reclab: 1"),
        Case(name: "wrong version", yaml: "reclab: 2\nmodels: [svd]\n", line: 1, column: 9, contains: "unsupported format version"),
        Case(name: "unknown split kind", yaml: "reclab: 1\nsplit: {kind: kfolds}\nmodels: [svd]\n", line: 2, column: 15,
             contains: "did you mean 'kfold'"),
        Case(name: "zero components", yaml: "reclab: 1\nsimilarity:\n  components: 0\n", line: 3, column: 15,
             contains: "integer in 1...100000"),
        Case(name: "hybrid weight", yaml: "reclab: 1\nsimilarity:\n  hybrid_weight: 1.5\n", line: 3, column: 18, contains: "≤ 1.0"),
        Case(name: "unknown metric", yaml: "reclab: 1\nmodels: [svd]\nmetrics: [rmse, rsme]\n", line: 3, column: 17,
             contains: "did you mean 'rmse'"),
        Case(name: "sweep unknown model", yaml: "reclab: 1\nmodels: [svd]\nsweep:\n  models:\n    svdd: {grid: {n_factors: [1]}}\n",
             line: 5, column: 5, contains: "did you mean 'svd'"),
        Case(name: "bad distribution", yaml: "reclab: 1\nmodels: [svd]\nsweep:\n  models:\n    svd:\n      random:\n        params:\n          lr_all: {logunifrom: [0.001, 0.1]}\n",
             line: 8, column: 20, contains: "did you mean 'loguniform'"),
        Case(name: "loguniform at zero", yaml: "reclab: 1\nmodels: [svd]\nsweep:\n  models:\n    svd:\n      random:\n        params:\n          lr_all: {loguniform: [0, 0.1]}\n",
             line: 8, column: 32, contains: "0 < low"),
        Case(name: "duplicate model name", yaml: "reclab: 1\nmodels:\n  - kind: svd\n  - kind: svd\n", line: 4, column: 5,
             contains: "used twice"),
        Case(name: "yaml syntax", yaml: "reclab: 1\nmodels: [svd\n", line: 3, column: 1, contains: "YAML syntax"),
        Case(name: "expect neither metric nor model", yaml: "reclab: 1\nmodels: [svd]\nexpect:\n  rsme: {max: 1}\n", line: 4, column: 3,
             contains: "did you mean 'rmse'"),
        Case(name: "negative workers", yaml: "reclab: 1\nmodels: [svd]\nrun: {workers: 0}\n", line: 3, column: 16, contains: "integer in 1...1024"),
        Case(name: "a scalar seed count", yaml: "reclab: 1\nmodels: [svd]\nsweep:\n  seeds: 3\n",
             line: 4, column: 10, contains: "for 3 seeds write [1, 2, 3]; for the one seed 3 write [3]"),
        Case(name: "sweep models not a mapping", yaml: "reclab: 1\nmodels: [svd]\nsweep:\n  models: [svd]\n", line: 4, column: 11,
             contains: "a mapping from model name to {grid, random}"),
        Case(name: "spark conf not a mapping", yaml: "reclab: 1\nmodels: [svd]\nspark:\n  conf: 2g\n", line: 4, column: 9,
             contains: "a mapping of Spark properties"),
        Case(name: "a scalar split seed list", yaml: "reclab: 1\nsplit:\n  seeds: 5\nmodels: [svd]\n",
             line: 3, column: 10, contains: "a single number is ambiguous here"),
    ]

    @Test(arguments: cases)
    func structuralError(_ c: Case) throws {
        try c.expectParseRefusal()
    }

    static let registryCases: [Case] = [
        Case(name: "unknown model kind", yaml: "reclab: 1\nmodels:\n  - kind: svdd\n", line: 3, column: 11, contains: "did you mean 'svd'"),
        Case(name: "negative learning rate", yaml: "reclab: 1\nmodels:\n  - kind: svd\n    params: {lr_all: -0.1}\n", line: 4, column: 14,
             contains: "a number > 0.0"),
        Case(name: "zero factors", yaml: "reclab: 1\nmodels:\n  - kind: svd\n    params:\n      n_factors: 0\n", line: 5, column: 7,
             contains: "integer in 1...100000"),
        Case(name: "unknown parameter", yaml: "reclab: 1\nmodels:\n  - kind: svd\n    params:\n      n_factor: 10\n", line: 5, column: 7,
             contains: "did you mean 'n_factors'"),
        Case(name: "sweep over a missing parameter", yaml: "reclab: 1\nmodels: [svd]\nsweep:\n  models:\n    svd:\n      grid:\n        lr: [0.1]\n",
             line: 7, column: 9, contains: "does not have"),
        Case(name: "swept value out of range", yaml: "reclab: 1\nmodels: [svd]\nsweep:\n  models:\n    svd:\n      grid:\n        n_factors: [10, 0]\n",
             line: 7, column: 9, contains: "found 0"),
        Case(name: "real distribution for int", yaml: "reclab: 1\nmodels: [svd]\nsweep:\n  models:\n    svd:\n      random:\n        params:\n          n_factors: {uniform: [1, 5]}\n",
             line: 8, column: 11, contains: "integer parameter"),
    ]

    @Test(arguments: registryCases)
    func registryError(_ c: Case) throws {
        let spec = try ExperimentSpec.parse(c.yaml, file: "t.yaml")
        c.expectMatch(in: ExperimentValidator(catalog: TestCatalog()).problems(in: spec))
    }

    @Test func componentsLargerThanTheDataAllow() throws {
        let spec = try ExperimentSpec.parse("reclab: 1\nsimilarity:\n  components: 700\n", file: "t.yaml")
        let errors = ExperimentValidator.problems(in: spec, movieCount: 9000, userCount: 610)
        #expect(errors.count == 1)
        #expect(errors.first?.description.contains("min(movies, users) = 610") == true)
        #expect(errors.first?.location == SourceLocation(file: "t.yaml", line: 3, column: 15))
    }

    @Test func allErrorsAreReportedTogether() throws {
        let error = try #require(throws: ExperimentErrors.self) {
            try ExperimentSpec.parse("reclab: 1\nsplitt: {}\nmodels: [svd]\nrun: {workerz: 2}\n", file: "t.yaml")
        }
        #expect(error.errors.count == 2)
    }
}
