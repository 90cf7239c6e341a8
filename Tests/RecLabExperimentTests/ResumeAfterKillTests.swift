#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import _TestSupport
import RecLabResults

/// Kills a real `reclab run` child process with SIGKILL in the middle of a
/// sweep, then resumes it: every trial finished before the kill is kept and
/// never recomputed, and the final table equals an uninterrupted run's.
/// The data is a small MovieLens-layout fixture (`MovieLensFixture`).
@Suite(.requiresReclab, .serialized)
struct ResumeAfterKillTests {

    static let yaml = """
        reclab: 1
        name: resume
        dataset: {path: FIXTURE}
        split: {kind: holdout, test_fraction: 0.25}
        models:
          - kind: svd
            # Enough epochs on the small fixture that a trial outlasts the tests' polling interval many times over.
            params: {n_epochs: 120, n_factors: 20}
        sweep:
          seeds: [0, 1, 2]
          models:
            svd:
              grid:
                lr_all: [0.003, 0.006]
                reg_all: [0.02, 0.05]
        run: {workers: 1}
        """

    func launch(_ file: URL, out: URL, stderr: URL? = nil) throws -> Process {
        var env = ProcessInfo.processInfo.environment
        // No trial cache: these tests count what a resumed run recomputes from its own results folder.
        env["RECLAB_CACHE_DIR"] = out.deletingLastPathComponent().appendingPathComponent("cache-\(UUID().uuidString)").path
        return try ReclabBinary.launch(["run", file.path, "--out", out.path], environment: env, log: stderr)
    }

    /// A fresh temporary folder holding the 12-trial sweep on the fixture as `resume.yaml`.
    func sweepFile(_ label: String) throws -> (root: URL, file: URL) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("reclab-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let file = root.appendingPathComponent("resume.yaml")
        try Self.yaml.replacingOccurrences(of: "FIXTURE", with: try MovieLensFixture.small().path)
            .write(to: file, atomically: true, encoding: .utf8)
        return (root, file)
    }

    func trialFiles(_ out: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("results/trials").path)) ?? [])
            .filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }
    }

    @Test func killedRunResumesWithoutRepeatingFinishedTrials() throws {
        let (root, file) = try sweepFile("kill")
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("killed"), reference = root.appendingPathComponent("reference")

        // Start, wait until at least 3 of the 12 trials are stored, SIGKILL.
        let child = try launch(file, out: out)
        Subprocess.waitUntil(upTo: 300, every: 0.02, whileRunning: [child]) { trialFiles(out).count >= 3 }
        let wasRunning = child.isRunning
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        #expect(wasRunning, "the run finished before it could be killed; make the trials slower")
        let before = Set(trialFiles(out))
        #expect(before.count >= 3 && before.count < 12)
        let stored = try ResultsLayout(directory: out).loadTrials()  // every file there decodes: nothing half-written
        #expect(stored.count == before.count)

        // Resume to the end.
        let logURL = out.appendingPathComponent("results/trials.log")
        func logLines() throws -> [Substring] {
            try String(contentsOf: logURL, encoding: .utf8).split(separator: "\n")
        }
        let linesBeforeResume = try logLines().count
        let storedKeys = Set(stored.map(\.contentHash))
        let resumed = try launch(file, out: out)
        resumed.waitUntilExit()
        #expect(resumed.terminationStatus == 0)
        #expect(trialFiles(out).count == 12)
        #expect(before.isSubset(of: Set(trialFiles(out))))

        // No trial ran twice: the resumed run started exactly the trials that
        // had no stored result, once each. (The killed run may have stored a
        // result and died before logging its `finish` line, so the stored
        // files, not the log, say what was finished.)
        let resumedStarts = try logLines().dropFirst(linesBeforeResume)
            .filter { $0.hasPrefix("start ") }.map { String($0.split(separator: " ")[1]) }
        #expect(resumedStarts.count == 12 - storedKeys.count)
        #expect(Set(resumedStarts).count == resumedStarts.count)
        #expect(Set(resumedStarts).isDisjoint(with: storedKeys))

        // Same final table as an uninterrupted run.
        let fullErr = reference.deletingLastPathComponent().appendingPathComponent("full-\(UUID().uuidString).stderr")
        defer { try? FileManager.default.removeItem(at: fullErr) }
        let full = try launch(file, out: reference, stderr: fullErr)
        full.waitUntilExit()
        #expect(full.terminationStatus == 0)
        // The run says where the time went, stage by stage.
        let timeLine = try String(contentsOf: fullErr, encoding: .utf8).split(separator: "\n").first { $0.hasPrefix("time: ") }
        #expect(timeLine.map { $0.hasPrefix("time: data ") && $0.contains(" · splits ") && $0.contains(" · trials ") } == true,
                "\(timeLine ?? "no time line")")
        func table(_ dir: URL) throws -> [String: [String: Double]] {
            Dictionary(uniqueKeysWithValues: try ResultsLayout(directory: dir).load().trials.map { ($0.contentHash, $0.metrics) })
        }
        let a = try table(out), b = try table(reference)
        #expect(a.count == 12)
        #expect(a == b)
    }
}

extension ResumeAfterKillTests {
    /// Ctrl-C (SIGINT) in the middle of a sweep: the run starts no new trial,
    /// exits with status 130 saying how many trials were not started, keeps
    /// every finished trial (all decodable), writes run.json with the partial
    /// table, and the same command then finishes the rest without redoing any.
    @Test func interruptedRunStopsCleanlyAndResumes() throws {
        let (root, file) = try sweepFile("interrupt")
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("interrupted"), log = root.appendingPathComponent("stderr.txt")

        let child = try launch(file, out: out, stderr: log)
        Subprocess.waitUntil(upTo: 300, every: 0.02, whileRunning: [child]) { trialFiles(out).count >= 2 }
        let wasRunning = child.isRunning
        kill(child.processIdentifier, SIGINT)
        child.waitUntilExit()
        #expect(wasRunning, "the run finished before it could be interrupted; make the trials slower")
        #expect(child.terminationStatus == 130)
        let messages = try String(contentsOf: log, encoding: .utf8)
        #expect(messages.contains("interrupt: starting no new trials"))
        #expect(messages.contains("note: interrupted:"))
        let kept = trialFiles(out).count
        #expect(kept >= 2 && kept < 12)
        let partial = try ResultsLayout(directory: out).load()  // run.json of the partial run
        #expect(partial.trials.count == kept)
        #expect(try ResultsLayout(directory: out).loadTrials().count == kept)

        let resumed = try launch(file, out: out, stderr: log)
        resumed.waitUntilExit()
        #expect(resumed.terminationStatus == 0)
        #expect(trialFiles(out).count == 12)
        #expect(try String(contentsOf: log, encoding: .utf8).contains("\(12 - kept) trials run, \(kept) reused"))
    }
}
