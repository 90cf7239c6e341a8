import Foundation
import Testing
import _TestSupport

/// With a tracking server that cannot be reached, `reclab run` still stores
/// everything and exits 0, saying what was not logged and how to log it
/// later; `reclab track` then fails with status 1 and the same message.
@Suite(.requiresReclab)
struct UnreachableServerTests {
    @Test func theRunSucceedsAndSaysWhatWasNotLogged() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reclab-tracking-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let port = try LoopbackPort.closed()
        let file = dir.appendingPathComponent("t.yaml"), out = dir.appendingPathComponent("out")
        try """
            reclab: 1
            name: t
            dataset: {path: \(try MovieLensFixture.small().path)}
            models: [global_mean]
            report: {charts: []}
            tracking:
              mlflow: {uri: http://127.0.0.1:\(port), experiment: never}
            """.write(to: file, atomically: true, encoding: .utf8)

        let run = try ReclabBinary.run(["run", file.path, "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("results/run.json").path))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("report.md").path))
        let line = run.stderr.split(separator: "\n").first { $0.hasPrefix("tracking:") }.map(String.init) ?? ""
        #expect(line.hasPrefix("tracking: MLflow http://127.0.0.1:\(port) not logged ("), "\(run.stderr)")
        #expect(line.hasSuffix("); run `reclab track \(file.path) --out \(out.path)` later"), "\(line)")

        let track = try ReclabBinary.run(["track", file.path, "--out", out.path])
        #expect(track.status == 1)
        #expect(track.stderr.contains("tracking: MLflow http://127.0.0.1:\(port) not logged ("), "\(track.stderr)")

        // The folder alone names the server through its stored experiment text.
        let fromFolder = try ReclabBinary.run(["track", out.path])
        #expect(fromFolder.status == 1)
        #expect(fromFolder.stderr.contains("not logged ("), "\(fromFolder.stderr)")
    }

    @Test func trackNeedsAServerAndRunRefusesANonHTTPOne() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reclab-tracking-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("t.yaml")
        try "reclab: 1\nname: t\nmodels: [global_mean]\n".write(to: file, atomically: true, encoding: .utf8)
        let track = try ReclabBinary.run(["track", file.path, "--out", dir.path])
        #expect(track.status == 2)
        #expect(track.stderr.contains("no MLflow server named"), "\(track.stderr)")
        let run = try ReclabBinary.run(["run", file.path, "--mlflow-uri", "file:///tmp/mlruns"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("--mlflow-uri file:///tmp/mlruns: the tracking URI must be http or https"), "\(run.stderr)")
    }
}
