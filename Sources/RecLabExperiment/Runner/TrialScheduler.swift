import Foundation

/// Runs independent jobs on `workers` threads, each worker taking the next
/// job in plan order. Jobs must not depend on which worker or in which order
/// they run (every trial seeds itself from its own derived seed), so the
/// results equal a serial run's. Past `deadline`, or once `stop` is
/// requested, no new job starts; running ones finish, or are abandoned when
/// they outlast the stop request's grace period (their slots stay nil).
///
/// The workers are dedicated threads rather than Dispatch's pool, so the
/// process's other work (the signal watcher, a server) never waits for a
/// busy trial to free a pool thread.
enum TrialScheduler {
    /// Stack of each worker thread: model fits keep their data on the heap, this only leaves room for deep call chains.
    static let stackSize = 8 << 20

    static func run<R: Sendable>(count: Int, workers: Int, deadline: Date? = nil, stop: StopRequest? = nil,
                                 _ job: @escaping @Sendable (_ index: Int, _ worker: Int) -> R) -> [R?] {
        let state = SchedulerState<R>(count: count)
        let w = max(1, min(workers, count))
        guard count > 0 else { return [] }
        let exited = DispatchSemaphore(value: 0)
        for worker in 0..<w {
            let thread = Thread {
                while let i = state.take(deadline: deadline, stop: stop) {
                    let r = job(i, worker)
                    state.store(r, at: i)
                }
                exited.signal()
            }
            thread.stackSize = stackSize
            thread.name = "reclab-trial-\(worker)"
            thread.start()
        }
        var running = w
        while running > 0 {
            if exited.wait(timeout: .now() + .milliseconds(100)) == .success {
                running -= 1
            } else if stop?.graceExpired == true {
                state.close()
                break
            }
        }
        return state.results
    }
}

/// The shared cursor and result slots of one scheduler run.
private final class SchedulerState<R: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private let count: Int
    private var slots: [R?]
    /// Set when the scheduler stops waiting: late results are dropped.
    private var closed = false

    init(count: Int) {
        self.count = count
        slots = Array(repeating: nil, count: count)
    }

    func take(deadline: Date?, stop: StopRequest?) -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard !closed, next < count, stop?.isRequested != true else { return nil }
        if let deadline, Date() >= deadline { return nil }
        next += 1
        return next - 1
    }

    func store(_ r: R, at i: Int) {
        lock.lock(); defer { lock.unlock() }
        if !closed { slots[i] = r }
    }

    func close() {
        lock.lock(); defer { lock.unlock() }
        closed = true
    }

    var results: [R?] {
        lock.lock(); defer { lock.unlock() }
        return slots
    }
}
