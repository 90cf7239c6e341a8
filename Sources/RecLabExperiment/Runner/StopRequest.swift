import Foundation

/// A request to stop a run early (the command line sets it on SIGINT or SIGTERM).
///
/// The scheduler starts no new trial once it is set; trials already running
/// finish and are stored as usual, unless they are still running `grace`
/// seconds after the request, in which case the scheduler stops waiting for
/// them (they are abandoned: not in this run's results, though one that
/// completes before the process exits is still written whole). A later run
/// with the same file resumes from what was stored. Thread-safe: set from the
/// signal watcher's thread, read by the workers and the scheduler.
public final class StopRequest: @unchecked Sendable {
    private let lock = NSLock()
    private var requestedAt: Date?
    /// Seconds the scheduler waits for running trials after a request.
    public let grace: TimeInterval

    public init(grace: TimeInterval = 30) { self.grace = grace }

    public func request() {
        lock.lock(); defer { lock.unlock() }
        if requestedAt == nil { requestedAt = Date() }
    }

    public var isRequested: Bool {
        lock.lock(); defer { lock.unlock() }
        return requestedAt != nil
    }

    /// True once the grace period after the request has run out.
    var graceExpired: Bool {
        lock.lock(); defer { lock.unlock() }
        guard let t = requestedAt else { return false }
        return Date().timeIntervalSince(t) > grace
    }
}
