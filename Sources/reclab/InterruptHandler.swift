import Foundation
import RecLabExperiment
#if canImport(Glibc)
import Glibc
#endif

/// SIGINT (Ctrl-C) and SIGTERM (what Slurm, Kubernetes and systemd send)
/// during `reclab run`.
///
/// The first signal asks the runner to start no new trial: running trials
/// finish and are stored (or, past the stop request's grace period, are
/// abandoned), `run.json` and a report marked PARTIAL are written, and the
/// exit status is 130 for SIGINT or 143 for SIGTERM. A second signal exits at
/// once with the same status. Either way every finished trial is already on
/// disk (each is written atomically when it ends), so running the same
/// command again resumes.
///
/// The signal handler itself only counts (async-signal-safe); a dedicated
/// watcher thread turns the count into the stop request and the message, so
/// the request is seen within a fraction of a second however busy the
/// trial workers are.
final class InterruptHandler: @unchecked Sendable {
    let stop: StopRequest
    private let lock = NSLock()
    private var first: Int32 = 0

    init(grace: TimeInterval = InterruptHandler.defaultGrace) { stop = StopRequest(grace: grace) }

    /// Seconds running trials get after the first signal: `RECLAB_STOP_GRACE`, else 30.
    static var defaultGrace: TimeInterval {
        ProcessInfo.processInfo.environment["RECLAB_STOP_GRACE"].flatMap(TimeInterval.init).map { max(0, $0) } ?? 30
    }

    /// 130 after SIGINT, 143 after SIGTERM (128 + the signal number), nil when no signal came.
    var exitStatus: Int32? {
        lock.lock(); defer { lock.unlock() }
        return first == 0 ? nil : 128 + first
    }

    func install() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { signo in
            signalCount &+= 1
            if signalFirst == 0 { signalFirst = signo }
            if signalCount >= 2 {
                let message: StaticString = "\nreclab: second signal, quitting now; finished trials are kept (run the same command to resume)\n"
                _ = write(2, message.utf8Start, message.utf8CodeUnitCount)
                _exit(128 + signalFirst)
            }
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
        sigaction(SIGTERM, &action, nil)
        let watcher = Thread { [self] in watch() }
        watcher.name = "reclab-signals"
        watcher.start()
    }

    private func watch() {
        while signalCount == 0 { usleep(20_000) }
        let signo = signalFirst
        lock.lock(); first = signo; lock.unlock()
        stop.request()
        let name = signo == SIGTERM ? "SIGTERM" : "interrupt"
        FileHandle.standardError.write(Data("""

            \(name): starting no new trials; running ones finish and are stored (abandoned after \
            \(Int(stop.grace)) s), then run.json and the partial report are written. Send it again to quit \
            now (finished trials are kept either way).

            """.utf8))
        while signalCount < 2 { usleep(20_000) }
    }
}

/// Signals received (written by the handler, read by the watcher thread).
nonisolated(unsafe) private var signalCount: Int32 = 0
/// The first signal's number.
nonisolated(unsafe) private var signalFirst: Int32 = 0
