import Foundation
import Testing
import _TestSupport
@testable import RecLabExperiment
import RecLabResults
#if canImport(Glibc)
import Glibc
#endif

/// A real `reclab run` with two workers, stopped by SIGINT or SIGTERM about a
/// second in: the signal is seen at once, no trial starts after it, run.json
/// and a PARTIAL report are written, the exit status says which signal, and
/// every stored trial is valid.
@Suite("Signals during a run", .requiresReclab, .requiresRealData, .serialized)
struct SignalTests {
    /// 120 short trials: far more than fit in the first second on two workers.
    static let yaml = """
        reclab: 1
        name: signals
        dataset:
          name: ml-latest-small
        split: {kind: holdout, test_fraction: 0.25}
        models:
          - name: svd
            kind: svd
            params: {n_epochs: 8, n_factors: 16}
        sweep:
          seeds: [0, 1, 2, 3, 4, 5]
          models:
            svd:
              grid:
                lr_all: [0.002, 0.003, 0.004, 0.005, 0.006]
                reg_all: [0.02, 0.03, 0.04, 0.05]
        run: {workers: 2}
        """

    struct Stopped {
        var status: Int32
        var stderr: String
        var out: URL
        var startsAtSignal: Int
        var startsAtExit: Int
        var secondsToExit: Double
    }

    func startLines(_ out: URL) -> Int {
        let log = (try? String(contentsOf: out.appendingPathComponent("results/trials.log"), encoding: .utf8)) ?? ""
        return log.split(separator: "\n").filter { $0.hasPrefix("start ") }.count
    }

    func runAndSignal(_ signo: Int32, twice: Bool = false) throws -> Stopped {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("reclab-signal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let file = root.appendingPathComponent("signals.yaml")
        try Self.yaml.write(to: file, atomically: true, encoding: .utf8)
        let out = root.appendingPathComponent("out")
        var env = ReclabBinary.isolatedEnvironment()
        if let data = RealData.mlLatestSmallURL { env["RECLAB_DATA_DIR"] = data.deletingLastPathComponent().path }
        let errURL = root.appendingPathComponent("stderr")
        let p = try ReclabBinary.launch(["run", file.path, "--out", out.path], environment: env, log: errURL)
        // Signal once a few trials have started (about a second in).
        Subprocess.waitUntil(upTo: 60, every: 0.01, whileRunning: [p]) { startLines(out) >= 4 }
        #expect(p.isRunning, "the run ended before the signal")
        let atSignal = startLines(out)
        kill(p.processIdentifier, signo)
        if twice { usleep(50_000); kill(p.processIdentifier, signo) }
        let t0 = Date()
        p.waitUntilExit()
        let stderr = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        return Stopped(status: p.terminationStatus, stderr: stderr, out: out, startsAtSignal: atSignal,
                       startsAtExit: startLines(out), secondsToExit: Date().timeIntervalSince(t0))
    }

    @Test("First SIGINT or SIGTERM: no new trial, run.json and a PARTIAL report, exit 130 or 143, stored trials valid",
          arguments: [SIGINT, SIGTERM])
    func firstSignal(_ signo: Int32) throws {
        let s = try runAndSignal(signo)
        defer { try? FileManager.default.removeItem(at: s.out.deletingLastPathComponent()) }
        #expect(s.status == 128 + signo)
        #expect(s.stderr.contains(signo == SIGTERM ? "SIGTERM: starting no new trials" : "interrupt: starting no new trials"))
        // Two workers: at most the trial each worker was taking as the signal landed starts after it.
        #expect(s.startsAtExit - s.startsAtSignal <= 2, "\(s.startsAtExit - s.startsAtSignal) trials started after the signal")
        #expect(s.startsAtExit < 60)
        #expect(s.secondsToExit < 10)
        let layout = ResultsLayout(directory: s.out)
        let run = try layout.loadRun(from: layout.runURL)
        #expect(run.partial?.contains("interrupted") == true)
        let stored = try layout.loadTrials()
        #expect(!stored.isEmpty && stored.allSatisfy { $0.status == .ok && $0.metrics["rmse"]?.isFinite == true })
        #expect(run.trials.count == stored.count)
        let report = try String(contentsOf: s.out.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(report.split(separator: "\n").prefix(6).contains { $0.contains("**PARTIAL REPORT**") })
    }

    @Test("A second signal exits at once; the trials stored before it stay valid")
    func secondSignal() throws {
        let s = try runAndSignal(SIGINT, twice: true)
        defer { try? FileManager.default.removeItem(at: s.out.deletingLastPathComponent()) }
        #expect(s.status == 130)
        #expect(s.stderr.contains("second signal, quitting now"))
        #expect(s.secondsToExit < 5)
        let stored = try ResultsLayout(directory: s.out).loadTrials()
        #expect(stored.allSatisfy { $0.status == .ok && $0.metrics["rmse"]?.isFinite == true })
    }
}
