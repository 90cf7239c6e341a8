import Foundation
import Testing
import _TestSupport

/// `reclab plan` / `reclab run` on an invalid file: every error on stderr as
/// file:line:column, exit status 2, and nothing run or written.
@Suite(.requiresReclab)
struct CommandLineTests {
    func reclab(_ args: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try ReclabBinary.run(args)
    }

    @Test(arguments: ["plan", "run"])
    func invalidFileIsRejectedBeforeAnyWork(_ command: String) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reclab-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("bad.yaml")
        try """
            reclab: 1
            splitt: {kind: holdout}
            models:
              - kind: svd
                params: {lr_all: -0.1}
            """.write(to: file, atomically: true, encoding: .utf8)
        let args = command == "run" ? [command, file.path, "--out", dir.appendingPathComponent("out").path] : [command, file.path]
        let r = try reclab(args)
        #expect(r.status == 2)
        #expect(r.stderr.contains("\(file.path):2:1: error: splitt: unknown key 'splitt'; did you mean 'split'?"))
        #expect(r.stderr.contains("\(file.path):5:14: error: models[0].params.lr_all: value out of range (found -0.1)"))
        #expect(r.stderr.contains("2 errors; nothing was run"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
    }

    @Test("`reclab plan` writes nothing into the results folder, and `run` names its output folder before any work",
          .enabled(if: RealData.isAvailable, RealData.missingReason))
    func planIsReadOnly() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reclab-plan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("p.yaml")
        try """
            reclab: 1
            name: p
            dataset: {name: ml-latest-small}
            models:
              - kind: baseline_als
            report: {dir: \(dir.appendingPathComponent("reports").path)}
            """.write(to: file, atomically: true, encoding: .utf8)
        var env = ProcessInfo.processInfo.environment
        if let data = RealData.mlLatestSmallURL { env["RECLAB_DATA_DIR"] = data.deletingLastPathComponent().path }
        let plan = try ReclabBinary.run(["plan", file.path], environment: env)
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(plan.stdout.contains("results: \(dir.appendingPathComponent("reports/p").path)"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("reports").path))
        let run = try ReclabBinary.run(["run", file.path], environment: env)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.hasPrefix("output: \(dir.appendingPathComponent("reports/p").path)\n"))
        let stored = try String(contentsOf: dir.appendingPathComponent("reports/p/results/run.json"), encoding: .utf8)
        #expect(stored.contains("\"command\" : \"reclab run \(file.path)\""))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("reports/p/results/data-checksums.json").path))
    }
}
