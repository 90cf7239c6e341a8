import Testing
@testable import RecLabExperiment

/// A YAML experiment (read as `t.yaml`) that must be refused: some error
/// mentions `contains` and stands at `line`:`column`. Shared by the suites
/// that table their refusals (validation, ranking).
struct SpecErrorCase: Sendable, CustomTestStringConvertible {
    var name: String
    var yaml: String
    var line: Int
    var column: Int
    var contains: String
    var testDescription: String { name }

    /// Expects the parser to throw, with an error that matches this case.
    func expectParseRefusal(sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let error = try #require(throws: ExperimentErrors.self, sourceLocation: sourceLocation) {
            try ExperimentSpec.parse(yaml, file: "t.yaml")
        }
        expectMatch(in: error.errors, sourceLocation: sourceLocation)
    }

    /// Expects one of `errors` to mention `contains` at this case's position.
    func expectMatch(in errors: [ExperimentError], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let all = ExperimentErrors(errors)
        let hit = errors.first { $0.description.contains(contains) }
        #expect(hit != nil, "no error mentions \(contains): \(all)", sourceLocation: sourceLocation)
        #expect(hit?.location == SourceLocation(file: "t.yaml", line: line, column: column), "\(all)",
                sourceLocation: sourceLocation)
    }
}
