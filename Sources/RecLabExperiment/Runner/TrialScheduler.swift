import Foundation

/// Runs independent jobs on `workers` threads, each worker taking the next
/// job in plan order. Jobs must not depend on which worker or in which order
/// they run (every trial seeds itself from its own derived seed), so the
/// results equal a serial run's. Past `deadline`, or once `stop` is
/// requested, no new job starts (running ones finish).
enum TrialScheduler {
    static func run<R: Sendable>(count: Int, workers: Int, deadline: Date? = nil, stop: StopRequest? = nil,
                                 _ job: @Sendable (_ index: Int, _ worker: Int) -> R) -> [R?] {
        let state = SchedulerState<R>(count: count)
        let w = max(1, min(workers, count))
        DispatchQueue.concurrentPerform(iterations: w) { worker in
            while let i = state.take(deadline: deadline, stop: stop) {
                let r = job(i, worker)
                state.store(r, at: i)
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

    init(count: Int) {
        self.count = count
        slots = Array(repeating: nil, count: count)
    }

    func take(deadline: Date?, stop: StopRequest?) -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard next < count, stop?.isRequested != true else { return nil }
        if let deadline, Date() >= deadline { return nil }
        next += 1
        return next - 1
    }

    func store(_ r: R, at i: Int) {
        lock.lock(); defer { lock.unlock() }
        slots[i] = r
    }

    var results: [R?] {
        lock.lock(); defer { lock.unlock() }
        return slots
    }
}
