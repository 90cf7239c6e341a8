import ArgumentParser
import Foundation
import RecLabExperiment
import RecLabPostgres

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Progress of a sweep in a PostgreSQL trial store: trials done, running, pending, failed; one row per worker; an ETA.",
        discussion: """
            Reads the store only, from any machine that reaches it. The ETA divides the trials left by the \
            live workers' rate, measured as each worker's trials done over its running time (data loading \
            included), so it is rough until every worker has finished a few trials.
            """)

    @Argument(help: "The experiment's name (its `name:`), or its experiment file.")
    var experiment: String

    @Option(help: "The trial store: postgresql://USER@HOST:PORT/DB (default: RECLAB_STORE). The password comes from PGPASSWORD or ~/.pgpass.")
    var store: String?

    @Flag(help: "Print the status as JSON (one object per line with --watch).")
    var json = false

    @Option(help: "Show the status again every SECONDS seconds until no trial is pending or running (redrawn in place on a terminal).")
    var watch: Double?

    func validate() throws {
        if let watch, !(watch >= 0.2 && watch.isFinite) {
            throw ValidationError("--watch: expected a number of seconds of at least 0.2, got \(watch)")
        }
    }

    func run() async throws {
        let name = StoreOptions.experimentName(experiment)
        let url = try storeURL()
        let trialStore = await StoreOptions.open(url)
        defer { trialStore.close() }
        let terminal = isatty(1) != 0
        while true {
            let status: StoreStatus
            do { status = try trialStore.status(experiment: name) } catch { StoreOptions.fail(error) }
            let view = StatusView(status, store: trialStore.location)
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = watch == nil ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
                encoder.dateEncodingStrategy = .iso8601
                print(String(decoding: try encoder.encode(view), as: UTF8.self))
            } else {
                // On a terminal the screen is cleared and redrawn; into a file or pipe each snapshot follows the last.
                if watch != nil && terminal { print("\u{1B}[H\u{1B}[2J", terminator: "") }
                print(view.text)
                if watch != nil && !terminal { print("") }
            }
            fflush(nil)  // every C stream: print goes through stdout's buffer
            guard let watch, view.pending + view.running + view.expired > 0 else { return }
            try await Task.sleep(nanoseconds: UInt64(watch * 1e9))
        }
    }

    /// `--store`, else RECLAB_STORE, else the experiment file's `run.store`; only a PostgreSQL store has workers to show.
    private func storeURL() throws -> String {
        var isDir: ObjCBool = false
        let spec = FileManager.default.fileExists(atPath: experiment, isDirectory: &isDir) && !isDir.boolValue
            ? try? ExperimentSpec.load(experiment) : nil
        guard let url = StoreOptions.choice(store, spec: spec) else {
            throw ValidationError("no store: pass --store postgresql://USER@HOST:PORT/DB, set RECLAB_STORE, or name a file with run.store")
        }
        guard PostgresURL.isPostgres(url) else {
            throw ValidationError(
                "--store: expected a postgresql:// URL, got '\(PostgresURL.redact(url))' "
                    + "(a results folder has no workers; `reclab results DIR` lists its trials)")
        }
        return url
    }
}

/// What `reclab status` shows of a `StoreStatus`, with the ETA and the heartbeat ages worked out (the JSON form too).
struct StatusView: Encodable {
    struct Worker: Encodable {
        var id: String
        var host: String
        var pid: Int
        /// running, finished, or lost (no heartbeat within its lease).
        var state: String
        var lastHeartbeatSecondsAgo: Double
        var trialsDone: Int
        var currentTrials: [String]
    }

    var experiment: String
    var store: String
    var total: Int
    var done: Int
    var running: Int
    var pending: Int
    var failed: Int
    var expired: Int
    var workers: [Worker]
    /// Worker running time per computed trial, over every worker that finished at least one.
    var meanTrialSeconds: Double?
    var liveWorkers: Int
    /// Trials left (pending, running, expired) times the mean trial time over the live workers.
    var etaSeconds: Double?
    var serverTime: Date

    init(_ s: StoreStatus, store: String) {
        experiment = s.experiment
        self.store = store
        total = s.total
        done = s.done
        running = s.running
        pending = s.pending
        failed = s.failed
        expired = s.expired
        serverTime = s.serverTime
        workers = s.workers.map { w in
            let state = w.finishedAt != nil ? "finished" : w.isAlive(at: s.serverTime) ? "running" : "lost"
            return Worker(id: w.id, host: w.host, pid: w.pid, state: state,
                          lastHeartbeatSecondsAgo: max(0, s.serverTime.timeIntervalSince(w.lastHeartbeat)),
                          trialsDone: w.trialsDone, currentTrials: w.currentTrials)
        }
        var busy = 0.0, computed = 0
        for w in s.workers where w.trialsDone > 0 {
            let end = w.finishedAt ?? (w.isAlive(at: s.serverTime) ? s.serverTime : w.lastHeartbeat)
            busy += max(0, end.timeIntervalSince(w.startedAt))
            computed += w.trialsDone
        }
        meanTrialSeconds = computed > 0 ? busy / Double(computed) : nil
        liveWorkers = workers.filter { $0.state == "running" }.count
        let left = s.pending + s.running + s.expired
        if left == 0 {
            etaSeconds = 0
        } else if let mean = meanTrialSeconds, liveWorkers > 0 {
            etaSeconds = Double(left) * mean / Double(liveWorkers)
        } else {
            etaSeconds = nil
        }
    }

    var text: String {
        let percent = total > 0 ? Int((Double(done) / Double(total) * 100).rounded(.down)) : 0
        var lines = [
            "experiment \(experiment) in \(store)",
            "trials: \(done) done, \(running) running, \(pending) pending, \(failed) failed"
                + (expired > 0 ? ", \(expired) expired (their worker was lost; the next claim takes them)" : "")
                + " — \(done)/\(total) (\(percent)%)",
        ]
        let mean = meanTrialSeconds.map { "mean trial time \(CLIErrors.duration($0)) per worker" } ?? "no trial computed yet"
        let eta: String
        if let etaSeconds {
            eta = etaSeconds == 0 ? "nothing left to run" : "ETA \(CLIErrors.duration(etaSeconds))"
        } else {
            eta = liveWorkers == 0 ? "ETA unknown: no live worker" : "ETA unknown until a trial finishes"
        }
        lines.append("\(mean); \(liveWorkers) live worker\(liveWorkers == 1 ? "" : "s"); \(eta)")
        if workers.isEmpty {
            lines.append("no worker has registered")
        } else {
            lines.append("")
            let rows = workers.map { w in
                [w.host, String(w.pid), w.state, CLIErrors.duration(w.lastHeartbeatSecondsAgo) + " ago", String(w.trialsDone),
                 w.currentTrials.isEmpty ? "-" : w.currentTrials.joined(separator: ", ")]
            }
            lines.append(TextTable.render(header: ["host", "pid", "state", "heartbeat", "done", "current trial"], rows: rows))
        }
        return lines.joined(separator: "\n")
    }
}
