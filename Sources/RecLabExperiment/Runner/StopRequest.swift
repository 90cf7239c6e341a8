import Foundation

/// A request to stop a run early (the command line sets it on Ctrl-C).
///
/// The scheduler starts no new trial once it is set; trials already running
/// finish and are stored as usual, so a later run with the same file resumes
/// from there. Thread-safe: set from a signal handler's queue, read by the
/// workers.
public final class StopRequest: @unchecked Sendable {
    private let lock = NSLock()
    private var requested = false

    public init() {}

    public func request() {
        lock.lock(); defer { lock.unlock() }
        requested = true
    }

    public var isRequested: Bool {
        lock.lock(); defer { lock.unlock() }
        return requested
    }
}
