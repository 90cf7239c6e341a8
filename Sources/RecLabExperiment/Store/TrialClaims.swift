#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Foundation

/// Claim files that let several `reclab run` processes share one results
/// folder — on one machine, or on several over a shared file system — so that
/// each trial runs once.
///
/// Before a trial starts, its runner creates `results/claims/<key>.claim`
/// with `O_CREAT | O_EXCL` (atomic on POSIX file systems, NFS v3+ included),
/// holding `host pid unix-time`; the trial's result is stored, then the claim
/// is removed. A heartbeat thread touches every claim the process holds each
/// `heartbeat` seconds. A claim is stale — and may be taken over — when its
/// owner is a process on this host that no longer exists, or when it has not
/// been touched for `lease` seconds (an owner on another host that died or
/// lost the file system).
public final class TrialClaims: @unchecked Sendable {
    public let directory: URL
    public let lease: TimeInterval
    public let heartbeat: TimeInterval
    private let lock = NSLock()
    private var held = Set<String>()
    private var beating = false
    private static let host = ProcessInfo.processInfo.hostName

    public init(directory: URL, lease: TimeInterval = 120, heartbeat: TimeInterval = 15) {
        self.directory = directory
        self.lease = lease
        self.heartbeat = heartbeat
    }

    func url(_ key: String) -> URL { directory.appendingPathComponent("\(key).claim") }

    /// True when this process now holds the claim on `key`; false when a live owner holds it.
    public func claim(_ key: String) -> Bool {
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for _ in 0..<2 {
            let fd = open(url(key).path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
            if fd >= 0 {
                let line = "\(Self.host) \(getpid()) \(Int(Date().timeIntervalSince1970))\n"
                _ = line.withCString { write(fd, $0, strlen($0)) }
                close(fd)
                lock.lock(); held.insert(key); let start = !beating; beating = true; lock.unlock()
                if start { startHeartbeat() }
                return true
            }
            guard errno == EEXIST, isStale(key) else { return false }
            // A dead owner's claim: remove it and try once more (another process may win the race).
            unlink(url(key).path)
        }
        return false
    }

    /// Drops the claim on `key` (after its result is stored, or when the trial is abandoned).
    public func release(_ key: String) {
        lock.lock(); let mine = held.remove(key) != nil; lock.unlock()
        if mine { unlink(url(key).path) }
    }

    /// True when the claim on `key` exists and its owner is gone (see the type's comment).
    public func isStale(_ key: String) -> Bool {
        let path = url(key).path
        var st = stat()
        guard stat(path, &st) == 0 else { return false }
        let touched = Double(st.st_mtim.tv_sec) + Double(st.st_mtim.tv_nsec) / 1e9
        if Date().timeIntervalSince1970 - touched > lease { return true }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return false }
        let parts = text.split(separator: " ")
        guard parts.count >= 2, String(parts[0]) == Self.host, let pid = Int32(parts[1]) else { return false }
        return pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH
    }

    /// True when some live owner holds `key`.
    public func isClaimed(_ key: String) -> Bool {
        FileManager.default.fileExists(atPath: url(key).path) && !isStale(key)
    }

    private func startHeartbeat() {
        let t = Thread { [self] in
            while true {
                Thread.sleep(forTimeInterval: heartbeat)
                lock.lock(); let keys = held; lock.unlock()
                for k in keys { utimes(url(k).path, nil) }
            }
        }
        t.name = "reclab-claims"
        t.start()
    }
}
