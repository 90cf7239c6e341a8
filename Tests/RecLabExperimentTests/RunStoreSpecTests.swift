import Testing
import RecLabExperiment

/// `run.store`: a PostgreSQL URL without a password (the file is copied into run.json and the report).
@Suite struct RunStoreSpecTests {
    @Test func aStoreURLWithoutPasswordIsKept() throws {
        let spec = try ExperimentSpec.parse(
            "reclab: 1\nmodels:\n  - kind: svd\nrun: {store: 'postgresql://ann@db.lab:5432/sweeps'}\n", file: "s.yaml")
        #expect(spec.run.store == "postgresql://ann@db.lab:5432/sweeps")
        #expect(try ExperimentSpec.parse("reclab: 1\nmodels:\n  - kind: svd\n", file: "s.yaml").run.store == nil)
    }

    @Test(arguments: [
        ("postgresql://ann:hunter2@db.lab:5432/sweeps", "password in the experiment file"),
        ("mysql://ann@db.lab/sweeps", "not a PostgreSQL URL"),
    ])
    func aPasswordOrAnotherSchemeIsRefusedWithoutEchoingThePassword(_ url: String, _ expected: String) {
        do {
            _ = try ExperimentSpec.parse("reclab: 1\nmodels:\n  - kind: svd\nrun:\n  store: '\(url)'\n", file: "s.yaml")
            Issue.record("run.store \(url) was accepted")
        } catch let e as ExperimentErrors {
            let text = e.description
            #expect(e.errors.count == 1, "\(text)")
            #expect(text.contains("s.yaml:5:"), "\(text)")
            #expect(text.contains("run.store"), "\(text)")
            #expect(text.contains(expected), "\(text)")
            #expect(!text.contains("hunter2"), "\(text)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
