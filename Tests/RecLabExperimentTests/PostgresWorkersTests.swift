#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import _TestSupport
import RecLabResults

/// `reclab run` processes as workers of one sweep in a PostgreSQL trial store
/// (the throw-away server of `scripts/postgres-test-server`, one fresh database
/// per test): they split the sweep with each trial computed once, a SIGKILLed
/// worker's trial is taken over when its lease expires, a second experiment
/// reuses trials by content hash, and refused or unreachable servers give a
/// clear message and a non-zero exit. The oracle for the metrics is a
/// single-process run on the file store of the same experiment file.
@Suite("Workers on a PostgreSQL trial store", .requiresReclab, .requiresPostgres, .serialized)
struct PostgresWorkersTests {
    /// 12 trials of about a third of a second each on the small fixture (debug build, 150 epochs).
    static let sweep = """
        reclab: 1
        name: NAME
        dataset: {path: FIXTURE}
        split: {kind: holdout, test_fraction: 0.25}
        models:
          - {name: svd, kind: svd, params: {n_epochs: EPOCHS, n_factors: 8}}
        sweep:
          seeds: [0, 1, 2]
          models:
            svd:
              grid:
                lr_all: [LR]
        run: {workers: 1}
        """

    /// A fresh folder with the sweep written as `<name>.yaml`.
    static func experiment(_ name: String, lr: [String] = ["0.002", "0.004", "0.006", "0.008"], epochs: Int = 150,
                           in root: URL) throws -> URL {
        let file = root.appendingPathComponent("\(name).yaml")
        try sweep.replacingOccurrences(of: "NAME", with: name)
            .replacingOccurrences(of: "FIXTURE", with: try MovieLensFixture.small().path)
            .replacingOccurrences(of: "EPOCHS", with: String(epochs))
            .replacingOccurrences(of: "LR", with: lr.joined(separator: ", "))
            .write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    static func temporaryRoot(_ label: String) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("reclab-pg-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        return root
    }

    /// A worker: `reclab run FILE --store URL --out <own folder>`, stderr into `log`, its own empty trial cache.
    static func launch(_ file: URL, store: URL, log: URL, lease: Int? = nil) throws -> Process {
        var env = ReclabBinary.isolatedEnvironment()
        if let lease { env["RECLAB_LEASE_SECONDS"] = String(lease) }
        return try ReclabBinary.launch(["run", file.path, "--store", store.absoluteString,
                                        "--out", log.deletingPathExtension().path + "-out"], environment: env, log: log)
    }

    /// The `N trials run, M reused` line of a run's stderr.
    static func summary(_ log: URL) throws -> (run: Int, reused: Int)? {
        let text = try String(contentsOf: log, encoding: .utf8)
        for line in text.split(separator: "\n") {
            let words = line.split(separator: " ")
            guard let i = words.firstIndex(of: "run,"), i >= 2, i + 2 < words.count, words[i + 2].hasPrefix("reused"),
                  let run = Int(words[i - 2]), let reused = Int(words[i + 1]) else { continue }
            return (run, reused)
        }
        return nil
    }

    /// `reclab status --json` of `name`, decoded loosely (the test reads only what it asserts).
    static func status(_ store: URL, _ name: String) throws -> [String: Any] {
        let r = try ReclabBinary.run(["status", "--store", store.absoluteString, name, "--json"])
        guard r.status == 0, let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any] else {
            throw TestPostgres.Failure(description: "reclab status failed (\(r.status)): \(r.stderr)\(r.stdout)")
        }
        return object
    }

    /// Every stored trial of `name` in `store`, through `reclab results --store … --format json`.
    static func storedTrials(_ store: URL, _ name: String) throws -> [TrialResult] {
        let r = try ReclabBinary.run(["results", "--store", store.absoluteString, name, "--format", "json"])
        guard r.status == 0 else { throw TestPostgres.Failure(description: "reclab results --store failed: \(r.stderr)") }
        return try ResultsLayout.decoder().decode([TrialResult].self, from: Data(r.stdout.utf8))
    }

    static func metricsByID(_ trials: [TrialResult]) -> [String: [String: Double]] {
        Dictionary(uniqueKeysWithValues: trials.map { ($0.id, $0.metrics) })
    }

    @Test("Three workers finish one 12-trial sweep: each trial computed once (the summaries sum to 12), status shows all done, metrics equal a file-store run's")
    func threeWorkers() throws {
        let store = try TestPostgres.createDatabase()
        defer { TestPostgres.dropDatabase(store) }
        let root = try Self.temporaryRoot("three")
        defer { try? FileManager.default.removeItem(at: root) }
        let file = try Self.experiment("three", in: root)
        let logs = (0..<3).map { root.appendingPathComponent("worker\($0).log") }
        let workers = try logs.map { try Self.launch(file, store: store, log: $0) }
        // `status --watch` started once the experiment is registered prints snapshots until nothing is left, then exits 0.
        Subprocess.waitUntil(upTo: nil, every: 0.05, whileRunning: workers) { (try? Self.status(store, "three")) != nil }
        let watcher = Process(), watched = Pipe()
        watcher.executableURL = ReclabBinary.url
        watcher.arguments = ["status", "--store", store.absoluteString, "three", "--json", "--watch", "0.3"]
        watcher.standardOutput = watched
        try watcher.run()
        for w in workers { w.waitUntilExit() }
        Subprocess.waitUntil(upTo: 15, every: 0.05) { !watcher.isRunning }
        #expect(!watcher.isRunning, "status --watch did not stop when the sweep was done")
        if watcher.isRunning { watcher.terminate() }
        watcher.waitUntilExit()
        let snapshots = String(decoding: watched.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(watcher.terminationStatus == 0)
        #expect(snapshots.last?["done"] as? Int == 12 && (snapshots.last?["etaSeconds"] as? NSNumber)?.doubleValue == 0,
                "\(snapshots.last ?? [:])")
        #expect(snapshots.dropLast().allSatisfy { ($0["done"] as? Int ?? 99) < 12 }, "--watch went on after the sweep was done")
        for (w, log) in zip(workers, logs) {
            #expect(w.terminationStatus == 0, "worker exited \(w.terminationStatus): \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
        }
        let summaries = try logs.map { try #require(try Self.summary($0), "no summary line in \($0.lastPathComponent)") }
        #expect(summaries.map(\.run).reduce(0, +) == 12, "trials run per worker: \(summaries)")
        #expect(summaries.filter { $0.run > 0 }.count >= 2, "one worker did the whole sweep: \(summaries)")

        let status = try Self.status(store, "three")
        #expect(status["total"] as? Int == 12 && status["done"] as? Int == 12)
        #expect(status["pending"] as? Int == 0 && status["running"] as? Int == 0 && status["failed"] as? Int == 0)
        let rows = try #require(status["workers"] as? [[String: Any]])
        #expect(rows.count == 3)
        #expect(Set(rows.compactMap { $0["pid"] as? Int }) == Set(workers.map { Int($0.processIdentifier) }))
        #expect(rows.allSatisfy { $0["state"] as? String == "finished" })
        #expect(rows.compactMap { $0["trialsDone"] as? Int }.sorted() == summaries.map(\.run).sorted())

        // The oracle: the same file run by one process on the file store.
        let fileOut = root.appendingPathComponent("file-store")
        let single = try ReclabBinary.run(["run", file.path, "--out", fileOut.path])
        #expect(single.status == 0, "\(single.stderr)")
        let expected = Self.metricsByID(try ResultsLayout(directory: fileOut).loadTrials())
        let stored = try Self.storedTrials(store, "three")
        #expect(stored.count == 12)
        #expect(expected.count == 12)
        #expect(Self.metricsByID(stored) == expected)
        #expect(stored.allSatisfy { !($0.metrics["rmse"] ?? .nan).isNaN })
    }

    @Test("A worker SIGKILLed mid-trial loses its lease (2 s) and a second worker finishes that trial and the rest")
    func killedWorker() throws {
        let store = try TestPostgres.createDatabase()
        defer { TestPostgres.dropDatabase(store) }
        let root = try Self.temporaryRoot("kill")
        defer { try? FileManager.default.removeItem(at: root) }
        // Slower trials (about a second each) so the first worker is caught holding one
        // with trials left after it.
        let file = try Self.experiment("killed", lr: ["0.003", "0.006"], epochs: 1500, in: root)
        let victim = try Self.launch(file, store: store, log: root.appendingPathComponent("victim.log"), lease: 2)
        var held: [String] = []
        Subprocess.waitUntil(upTo: 60, every: 0.1, whileRunning: [victim]) {
            if let rows = try? Self.status(store, "killed")["workers"] as? [[String: Any]],
               let row = rows.first(where: { $0["pid"] as? Int == Int(victim.processIdentifier) }) {
                held = row["currentTrials"] as? [String] ?? []
            }
            return !held.isEmpty
        }
        try #require(!held.isEmpty, "the first worker never held a trial")
        kill(victim.processIdentifier, SIGKILL)
        victim.waitUntilExit()
        #expect(victim.terminationReason == .uncaughtSignal)
        let before = try Self.status(store, "killed")
        let doneBefore = try #require(before["done"] as? Int)
        #expect(doneBefore < 6, "the sweep was already finished when the worker was killed")

        let rescuer = try Self.launch(file, store: store, log: root.appendingPathComponent("rescuer.log"), lease: 2)
        rescuer.waitUntilExit()
        #expect(rescuer.terminationStatus == 0)
        let summary = try #require(try Self.summary(root.appendingPathComponent("rescuer.log")))
        #expect(summary.run == 6 - doneBefore, "rescuer ran \(summary.run), \(doneBefore) were done before")

        let after = try Self.status(store, "killed")
        #expect(after["done"] as? Int == 6 && after["pending"] as? Int == 0 && after["running"] as? Int == 0)
        #expect(after["expired"] as? Int == 0)
        let rows = try #require(after["workers"] as? [[String: Any]])
        let victimRow = try #require(rows.first { $0["pid"] as? Int == Int(victim.processIdentifier) })
        #expect(victimRow["state"] as? String == "lost")
        let stored = try Self.storedTrials(store, "killed")
        #expect(Set(stored.map(\.id)).isSuperset(of: held), "the killed worker's trial \(held) is not stored")
        #expect(stored.count == 6)
    }

    @Test("A second experiment reuses the trials it shares with the first by content hash, with identical metrics")
    func sharedTrials() throws {
        let store = try TestPostgres.createDatabase()
        defer { TestPostgres.dropDatabase(store) }
        let root = try Self.temporaryRoot("share")
        defer { try? FileManager.default.removeItem(at: root) }
        let first = try Self.experiment("first", lr: ["0.002", "0.004"], in: root)
        let second = try Self.experiment("second", lr: ["0.002", "0.004", "0.008"], in: root)
        let logA = root.appendingPathComponent("first.log"), logB = root.appendingPathComponent("second.log")
        let a = try Self.launch(first, store: store, log: logA)
        a.waitUntilExit()
        #expect(a.terminationStatus == 0)
        #expect(try Self.summary(logA).map { [$0.run, $0.reused] } == [6, 0])
        let b = try Self.launch(second, store: store, log: logB)
        b.waitUntilExit()
        #expect(b.terminationStatus == 0)
        // The 3 seeds × lr 0.008 are new; the 6 trials of lr 0.002 and 0.004 come from the first experiment.
        #expect(try Self.summary(logB).map { [$0.run, $0.reused] } == [3, 6])

        let fromFirst = Dictionary(uniqueKeysWithValues: try Self.storedTrials(store, "first").map { ($0.contentHash, $0.metrics) })
        let fromSecond = try Self.storedTrials(store, "second")
        #expect(fromSecond.count == 9)
        let shared = fromSecond.filter { fromFirst[$0.contentHash] != nil }
        #expect(shared.count == 6)
        #expect(shared.allSatisfy { fromFirst[$0.contentHash] == $0.metrics })
        #expect(try Self.status(store, "second")["done"] as? Int == 9)
    }

    @Test("A wrong password: non-zero exit and a message about the credentials that never shows the password")
    func wrongPassword() throws {
        let root = try Self.temporaryRoot("password")
        defer { try? FileManager.default.removeItem(at: root) }
        let file = try Self.experiment("refused", in: root)
        let url = try #require(TestPostgres.url)
        let secret = "Wr0ng-\(UUID().uuidString.prefix(8))"
        var inURL = try #require(URLComponents(url: url, resolvingAgainstBaseURL: false))
        inURL.password = secret
        var env = ProcessInfo.processInfo.environment
        env["PGPASSWORD"] = secret
        env["PGPASSFILE"] = root.appendingPathComponent("no-pgpass").path
        for (store, environment) in [(inURL.string!, nil), (url.absoluteString, env)] {
            for args in [["run", file.path, "--store", store, "--out", root.appendingPathComponent("out").path],
                         ["status", "--store", store, "refused"]] {
                let r = try ReclabBinary.run(args, environment: environment)
                #expect(r.status != 0, "\(args[0]) exited 0")
                #expect(r.stderr.contains("password") || r.stderr.contains("credentials"), "\(args[0]): \(r.stderr)")
                #expect(r.stderr.contains(url.host ?? "") && r.stderr.contains(String(url.port ?? 0)), "no server named: \(r.stderr)")
                #expect(!r.stderr.contains(secret) && !r.stdout.contains(secret), "the password was printed")
                #expect(!r.stderr.contains("Fatal error"), "crashed: \(r.stderr)")
            }
        }
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("out/report.md").path))
    }

    @Test("An unreachable server (a closed port): non-zero exit and a message naming host and port")
    func unreachable() throws {
        let root = try Self.temporaryRoot("unreachable")
        defer { try? FileManager.default.removeItem(at: root) }
        let file = try Self.experiment("unreachable", in: root)
        let port = try LoopbackPort.closed()
        let store = "postgresql://reclab@127.0.0.1:\(port)/reclab"
        for args in [["run", file.path, "--store", store, "--out", root.appendingPathComponent("out").path],
                     ["status", "--store", store, "unreachable"]] {
            let started = Date()
            let r = try ReclabBinary.run(args)
            #expect(r.status != 0)
            #expect(r.stderr.contains("127.0.0.1:\(port)") || r.stderr.contains("127.0.0.1 port \(port)"), "\(r.stderr)")
            #expect(r.stderr.lowercased().contains("reach") || r.stderr.lowercased().contains("connect"), "\(r.stderr)")
            #expect(!r.stderr.contains("Fatal error"))
            #expect(Date().timeIntervalSince(started) < 30, "gave up only after \(Date().timeIntervalSince(started)) s")
        }
    }

    @Test("status names the experiments a store holds when asked for one it does not")
    func unknownExperiment() throws {
        let store = try TestPostgres.createDatabase()
        defer { TestPostgres.dropDatabase(store) }
        let root = try Self.temporaryRoot("unknown")
        defer { try? FileManager.default.removeItem(at: root) }
        let file = try Self.experiment("alpha", lr: ["0.004"], in: root)
        let run = try Self.launch(file, store: store, log: root.appendingPathComponent("alpha.log"))
        run.waitUntilExit()
        #expect(run.terminationStatus == 0)
        let r = try ReclabBinary.run(["status", "--store", store.absoluteString, "beta"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("beta") && r.stderr.contains("alpha"), "\(r.stderr)")
        let text = try ReclabBinary.run(["status", "--store", store.absoluteString, file.path])
        #expect(text.status == 0)
        #expect(text.stdout.contains("3 done, 0 running, 0 pending, 0 failed"), "\(text.stdout)")
        #expect(text.stdout.contains("nothing left to run"), "\(text.stdout)")
    }

    /// `RECLAB_TEST_POSTGRES_NETNS_HOSTS` of `scripts/postgres-test-server` started with
    /// `RECLAB_TEST_POSTGRES_NETNS=2` (root): network namespaces and the server's address from each.
    static var namespaces: [(name: String, address: String)] {
        (ProcessInfo.processInfo.environment["RECLAB_TEST_POSTGRES_NETNS_HOSTS"] ?? "").split(separator: " ").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1)
            return parts.count == 2 ? (String(parts[0]), String(parts[1])) : nil
        }
    }

    /// `reclab ARGS` inside network namespace `ns` with its own host name (a UTS namespace), as on another machine.
    static func launchInNamespace(_ ns: String, hostname: String, _ args: [String], log: URL) throws -> Process {
        try Subprocess.launch(URL(fileURLWithPath: "/usr/bin/env"),
                              ["ip", "netns", "exec", ns, "unshare", "--uts", "sh", "-c", "hostname \"$0\" && exec \"$@\"", hostname,
                               ReclabBinary.url!.path] + args,
                              environment: ReclabBinary.isolatedEnvironment(), log: log)
    }

    @Test("Two workers in separate network namespaces reach the server over veth interfaces and split the sweep; the namespace's loopback has no server",
          .requires("needs RECLAB_TEST_POSTGRES_NETNS_HOSTS: start the server as root with RECLAB_TEST_POSTGRES_NETNS=2 (.ci/run does)") {
              namespaces.count >= 2
          })
    func workersInNetworkNamespaces() throws {
        let store = try TestPostgres.createDatabase()
        defer { TestPostgres.dropDatabase(store) }
        let root = try Self.temporaryRoot("netns")
        defer { try? FileManager.default.removeItem(at: root) }
        let file = try Self.experiment("netns", in: root)
        let hosts = Array(Self.namespaces.prefix(2))
        var workers: [Process] = [], logs: [URL] = []
        for (k, ns) in hosts.enumerated() {
            var remote = try #require(URLComponents(url: store, resolvingAgainstBaseURL: false))
            remote.host = ns.address
            let log = root.appendingPathComponent("worker\(k).log")
            logs.append(log)
            workers.append(try Self.launchInNamespace(ns.name, hostname: "worker-\(k + 1)",
                                                      ["run", file.path, "--store", remote.string!, "--out", root.appendingPathComponent("out\(k)").path],
                                                      log: log))
        }
        for w in workers { w.waitUntilExit() }
        for (w, log) in zip(workers, logs) {
            #expect(w.terminationStatus == 0, "\((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
        }
        let summaries = try logs.map { try #require(try Self.summary($0)) }
        #expect(summaries.map(\.run).reduce(0, +) == 12, "\(summaries)")
        let status = try Self.status(store, "netns")
        #expect(status["done"] as? Int == 12)
        let rows = try #require(status["workers"] as? [[String: Any]])
        #expect(Set(rows.compactMap { $0["host"] as? String }) == ["worker-1", "worker-2"])

        // Inside a namespace the store's loopback URL reaches nothing: the workers above used the veth link.
        let local = root.appendingPathComponent("loopback.log")
        let isolated = try Self.launchInNamespace(hosts[0].name, hostname: "worker-1", ["status", "--store", store.absoluteString, "netns"],
                                                  log: local)
        isolated.waitUntilExit()
        #expect(isolated.terminationStatus != 0)
        let message = try String(contentsOf: local, encoding: .utf8).lowercased()
        #expect(message.contains("reach") || message.contains("connect"), "\(message)")
    }
}
