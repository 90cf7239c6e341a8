import Foundation
import Testing
@testable import RecLabExperiment
import RecLabResults

@Suite struct TrialStoreTests {
    func tempDir() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("reclab-store-\(UUID().uuidString)")
    }

    func trial(_ id: String, key: String, rmse: Double, status: TrialStatus = .ok) -> TrialResult {
        TrialResult(id: id, contentHash: key, model: "svd", kind: "svd", parameters: ["n_factors": .int(10)], seed: 1,
                    replicate: ReplicateKey(splitSeed: 0), metrics: ["rmse": rmse], seconds: 0.5, status: status)
    }

    @Test func writesAtomicallyAndFindsByKey() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = TrialStore(layout: ResultsLayout(directory: dir))
        try store.prepare()
        try store.write(trial("svd-a", key: "aaaa", rmse: 0.9))
        try store.write(trial("svd-b", key: "bbbb", rmse: 0.8, status: .failed))
        let names = try FileManager.default.contentsOfDirectory(atPath: store.layout.trialsDirectory.path).sorted()
        #expect(names == ["svd-a.json", "svd-b.json"])  // no temporary file left behind
        let scan = store.finished()
        #expect(scan.byKey.keys.sorted() == ["aaaa"])  // a failed trial is retried, not reused
        #expect(scan.byKey["aaaa"]?.metrics["rmse"] == 0.9)
    }

    /// What a crash can leave: a temporary file, a truncated file. Neither is trusted.
    @Test func ignoresHalfWrittenFiles() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = TrialStore(layout: ResultsLayout(directory: dir))
        try store.prepare()
        try store.write(trial("svd-a", key: "aaaa", rmse: 0.9))
        let full = try Data(contentsOf: store.layout.trialURL(id: "svd-a"))
        // Left by a writer that no longer exists (the pid of an exited child process).
        let exited = Process()
        exited.executableURL = URL(fileURLWithPath: "/bin/true")
        try exited.run()
        exited.waitUntilExit()
        let tmpName = ".tmp-svd-b.json-\(exited.processIdentifier)-1"
        try full.prefix(full.count / 2).write(to: store.layout.trialsDirectory.appendingPathComponent(tmpName))
        try full.prefix(full.count / 2).write(to: store.layout.trialsDirectory.appendingPathComponent("svd-c.json"))
        let scan = store.finished()
        #expect(scan.byKey.keys.sorted() == ["aaaa"])
        #expect(scan.unreadable.count == 1)
        try store.prepare()  // a new run removes temporary files of dead writers
        #expect(!FileManager.default.fileExists(atPath: store.layout.trialsDirectory.appendingPathComponent(tmpName).path))
    }

    @Test func retiresTrialsOutsideThePlanAndTakesThemBack() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = TrialStore(layout: ResultsLayout(directory: dir))
        try store.prepare()
        try store.write(trial("svd-a", key: "aaaa", rmse: 0.9))
        try store.write(trial("svd-b", key: "bbbb", rmse: 0.8))
        store.retire(keeping: ["aaaa"])
        #expect(try ResultsLayout(directory: dir).loadTrials().map(\.id) == ["svd-a"])
        let scan = store.finished()
        #expect(scan.byKey.keys.sorted() == ["aaaa", "bbbb"])  // still a cache
        if let b = scan.byKey["bbbb"], let url = scan.files["bbbb"] { try store.adopt(b, from: url) }
        #expect(try ResultsLayout(directory: dir).loadTrials().map(\.id) == ["svd-a", "svd-b"])
    }

    /// Holds thousands of trials (timings are benchmarks, see BENCHMARKS.md; here only correctness).
    @Test func holdsThousandsOfTrials() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = TrialStore(layout: ResultsLayout(directory: dir))
        try store.prepare()
        // Written without fsync to keep the test fast; the files are the same.
        let encoder = ResultsLayout.encoder()
        for i in 0..<1000 {
            try encoder.encode(trial("svd-\(i)", key: "k\(i)", rmse: Double(i))).write(to: store.layout.trialURL(id: "svd-\(i)"))
        }
        let scan = store.finished()
        #expect(scan.byKey.count == 1000)
        #expect(scan.byKey["k999"]?.metrics["rmse"] == 999)
    }
}
