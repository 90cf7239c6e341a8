import Foundation
import Testing
import _TestSupport
@testable import RecLabExperiment
import RecLabResults
#if canImport(Glibc)
import Glibc
#endif

/// Several `reclab run` processes on one experiment and results folder share
/// the sweep through claim files: each trial starts once, both finish with
/// the whole table, and a dead owner's claim is taken over.
@Suite("Concurrent runs on one results folder", .requiresReclab, .serialized)
struct ConcurrentRunsTests {
    static let yaml = """
        reclab: 1
        name: shared
        dataset: {path: FIXTURE}
        split: {kind: holdout, test_fraction: 0.25}
        models:
          - {name: svd, kind: svd, params: {n_epochs: 40, n_factors: 8}}
        sweep:
          seeds: [0, 1, 2, 3]
          models:
            svd:
              grid:
                lr_all: [0.002, 0.004, 0.006, 0.008]
                reg_all: [0.02, 0.05]
        run: {workers: 1}
        """

    func launch(_ file: URL, out: URL, log: URL) throws -> Process {
        // Separate trial caches (`launch` gives each its own): each process must get its trials
        // from the shared folder or compute them.
        try ReclabBinary.launch(["run", file.path, "--out", out.path], log: log)
    }

    func starts(_ out: URL) throws -> [String] {
        try String(contentsOf: out.appendingPathComponent("results/trials.log"), encoding: .utf8)
            .split(separator: "\n").filter { $0.hasPrefix("start ") }.map { String($0.split(separator: " ")[1]) }
    }

    @Test("Two processes at once: every trial starts exactly once, both exit 0 with all 32 trials, and both did some of the work")
    func twoProcesses() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("reclab-shared-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("shared.yaml")
        try Self.yaml.replacingOccurrences(of: "FIXTURE", with: try MovieLensFixture.small().path)
            .write(to: file, atomically: true, encoding: .utf8)
        let out = root.appendingPathComponent("out")
        let a = try launch(file, out: out, log: root.appendingPathComponent("a.log"))
        let b = try launch(file, out: out, log: root.appendingPathComponent("b.log"))
        a.waitUntilExit()
        b.waitUntilExit()
        #expect(a.terminationStatus == 0 && b.terminationStatus == 0)
        let started = try starts(out)
        #expect(started.count == 32, "\(started.count) starts")
        #expect(Set(started).count == started.count, "a trial started twice")
        let logA = try String(contentsOf: root.appendingPathComponent("a.log"), encoding: .utf8)
        let logB = try String(contentsOf: root.appendingPathComponent("b.log"), encoding: .utf8)
        func computed(_ log: String) -> Int? {
            log.split(separator: "\n").first { $0.hasSuffix("reused") || $0.contains(" reused,") }
                .flatMap { Int($0.split(separator: " ")[0]) }
        }
        let ca = try #require(computed(logA)), cb = try #require(computed(logB))
        #expect(ca + cb == 32 && ca > 0 && cb > 0, "a computed \(ca), b computed \(cb)")
        let stored = try ResultsLayout(directory: out).loadTrials()
        #expect(stored.count == 32)
        let left = (try? FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("results/claims").path)) ?? []
        #expect(left.isEmpty, "claims left behind: \(left)")
    }

    @Test("A claim left by a process that no longer exists is stale and taken over; a live one is not")
    func staleClaims() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reclab-claims-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let claims = TrialClaims(directory: dir)
        #expect(claims.claim("k1"))
        let other = TrialClaims(directory: dir)
        #expect(other.isClaimed("k1"))
        // A claim written by a dead process on this host (pid of an exited child).
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/true")
        try p.run()
        p.waitUntilExit()
        try "\(ProcessInfo.processInfo.hostName) \(p.processIdentifier) 0\n".write(to: dir.appendingPathComponent("k2.claim"),
                                                                                 atomically: true, encoding: .utf8)
        #expect(other.isStale("k2"))
        #expect(other.claim("k2"))
        // A claim from another host not touched within the lease is stale too.
        let short = TrialClaims(directory: dir, lease: 0.2)
        try "elsewhere 1 0\n".write(to: dir.appendingPathComponent("k3.claim"), atomically: true, encoding: .utf8)
        #expect(!short.claim("k3"))
        Thread.sleep(forTimeInterval: 1.2)
        #expect(short.claim("k3"))
        claims.release("k1"); other.release("k2"); short.release("k3")
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(left.isEmpty)
    }

    @Test("A starting run removes temporary trial files of dead writers only, never those a concurrent run is writing")
    func temporaryFilesOfLiveWritersStay() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reclab-tmp-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = TrialStore(layout: ResultsLayout(directory: dir))
        try store.prepare()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/true")
        try p.run()
        p.waitUntilExit()
        let sleeper = Process()
        sleeper.executableURL = URL(fileURLWithPath: "/bin/sleep")
        sleeper.arguments = ["30"]
        try sleeper.run()
        defer { sleeper.terminate() }
        let trials = store.layout.trialsDirectory
        let dead = trials.appendingPathComponent(".tmp-svd-1.json-\(p.processIdentifier)-1")
        let live = trials.appendingPathComponent(".tmp-svd-2.json-\(sleeper.processIdentifier)-1")
        for url in [dead, live] { FileManager.default.createFile(atPath: url.path, contents: Data("{".utf8)) }
        try TrialStore(layout: ResultsLayout(directory: dir)).prepare()
        #expect(!FileManager.default.fileExists(atPath: dead.path))
        #expect(FileManager.default.fileExists(atPath: live.path))
    }
}
