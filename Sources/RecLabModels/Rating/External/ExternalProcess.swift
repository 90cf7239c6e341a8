#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Runs one external command (a Spark job) to completion, in a process group
/// of its own, with its output in a log file, and stops the whole group when
/// it runs out of time or the caller gives up.
///
/// A process group because `spark-submit` is a shell script that starts a
/// JVM, which starts the Python driver and Python workers: stopping only the
/// first process would leave the others running. Standard input is
/// `/dev/null`; standard output and error both go to `log` (a file, not a
/// pipe, so a chatty job can never block on a full pipe).
struct ExternalProcess {
    enum Termination: Equatable {
        /// Exited with this status.
        case exited(Int32)
        /// Killed by this signal (not by us).
        case signalled(Int32)
        /// Stopped by us after `timeout` seconds.
        case timedOut(Double)
        /// Stopped by us because `shouldStop` said so.
        case cancelled
    }

    var executable: String
    var arguments: [String]
    var environment: [String: String]
    var log: URL
    var timeout: Double?
    /// Polled while the process runs; true stops it.
    var shouldStop: (@Sendable () -> Bool)?
    /// Seconds between SIGTERM and SIGKILL when stopping.
    var grace: Double = 10

    func run() throws -> Termination {
        let fd = open(log.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw RatingModelError("cannot create the log file \(log.path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }

        #if canImport(Glibc)
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        #else
        var actions: posix_spawn_file_actions_t? = nil
        var attributes: posix_spawnattr_t? = nil
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, fd, 1)
        posix_spawn_file_actions_adddup2(&actions, fd, 2)
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A new process group whose id is the child's pid.
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for p in argv { free(p) }
            for p in envp { free(p) }
        }
        var pid = pid_t()
        let rc = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard rc == 0 else {
            throw RatingModelError("cannot start \(executable): \(String(cString: strerror(rc)))")
        }

        let started = Date()
        var status: Int32 = 0
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { break }
            if r < 0 && errno != EINTR { throw RatingModelError("waiting for \(executable): \(String(cString: strerror(errno)))") }
            if let timeout, Date().timeIntervalSince(started) > timeout {
                stop(group: pid)
                return .timedOut(timeout)
            }
            if shouldStop?() == true {
                stop(group: pid)
                return .cancelled
            }
            usleep(50_000)
        }
        // Anything the job left behind in its group (a worker that outlived the driver) goes too.
        if kill(-pid, 0) == 0 { kill(-pid, SIGKILL) }
        if Self.exited(status) { return .exited(Self.exitStatus(status)) }
        return .signalled(status & 0x7f)
    }

    /// SIGTERM to the group, SIGKILL after `grace` seconds if the leader has not exited, then reaps it.
    private func stop(group pid: pid_t) {
        kill(-pid, SIGTERM)
        let asked = Date()
        var status: Int32 = 0
        while waitpid(pid, &status, WNOHANG) == 0 {
            if Date().timeIntervalSince(asked) > grace {
                kill(-pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                break
            }
            usleep(50_000)
        }
        kill(-pid, SIGKILL)
    }

    private static func exited(_ status: Int32) -> Bool { status & 0x7f == 0 }
    private static func exitStatus(_ status: Int32) -> Int32 { (status >> 8) & 0xff }

    /// The last `count` lines of the log worth showing: Spark's own INFO lines are
    /// left out, so the tail is the error, the Python traceback, the WARN lines.
    static func tail(of log: URL, lines count: Int = 20) -> String {
        guard let data = try? Data(contentsOf: log) else { return "(no log at \(log.path))" }
        let text = String(decoding: data.suffix(1 << 20), as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
            .filter { !$0.contains(" INFO ") }
        return lines.suffix(count).joined(separator: "\n")
    }
}
