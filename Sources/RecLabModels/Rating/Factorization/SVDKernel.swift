import Foundation
import _AVX2Kernels
import RecLabLinearAlgebra

/// The training ratings in visiting order, cut into blocks.
///
/// Sequential: one block holding the `TrainingSet` order. Blocked (LibMF
/// style): users and movies each cut into `groups` groups of about equal
/// rating counts (users in training order, movies by id); block (a, b) holds
/// the ratings of user group a on movie group b, in training order.
struct BlockSchedule: Sendable {
    let users: [Int32]
    let movies: [Int32]
    let values: [Float]
    /// Ratings of block (a, b) are `offsets[a * groups + b] ..< offsets[a * groups + b + 1]`.
    let offsets: [Int]
    let groups: Int

    init(sequential t: TrainingSet) {
        (users, movies, values) = t.triples()
        offsets = [0, t.count]
        groups = 1
    }

    init(_ t: TrainingSet, groups g: Int) {
        groups = g
        let n = t.count
        var userGroup = [Int](repeating: 0, count: t.userCount)
        var seen = 0
        for u in t.userOrder {
            userGroup[Int(u)] = min(g - 1, seen * g / max(1, n))
            seen += t.ratingCount(user: u)
        }
        var movieCounts = [Int](repeating: 0, count: t.movieCount)
        for m in t.userMovies { movieCounts[Int(m)] += 1 }
        var movieGroup = [Int](repeating: 0, count: t.movieCount)
        seen = 0
        for m in 0..<t.movieCount {
            movieGroup[m] = min(g - 1, seen * g / max(1, n))
            seen += movieCounts[m]
        }
        let (us, ms, vs) = t.triples()
        var counts = [Int](repeating: 0, count: g * g + 1)
        for k in 0..<n { counts[userGroup[Int(us[k])] * g + movieGroup[Int(ms[k])] + 1] += 1 }
        for b in 0..<(g * g) { counts[b + 1] += counts[b] }
        var cursor = counts
        var ou = [Int32](repeating: 0, count: n), om = [Int32](repeating: 0, count: n)
        var ov = [Float](repeating: 0, count: n)
        for k in 0..<n {
            let b = userGroup[Int(us[k])] * g + movieGroup[Int(ms[k])]
            ou[cursor[b]] = us[k]; om[cursor[b]] = ms[k]; ov[cursor[b]] = vs[k]
            cursor[b] += 1
        }
        users = ou; movies = om; values = ov; offsets = counts
    }
}

/// The SGD epoch of `SVD`.
enum SVDKernel {
    /// One epoch over `schedule` on the factor rows at `P` and `Q` (strides in
    /// floats); returns Σ err² of the online errors (Double).
    ///
    /// Sequential schedules run on the calling thread. Blocked ones run
    /// `groups` phases; in phase s the blocks (a, (a + s) mod groups) run
    /// concurrently on `Workers` threads: they share no user and no movie row. Per-block error sums are added in block order, so the
    /// result is independent of thread timing.
    static func epoch(schedule s: BlockSchedule, P pb: UnsafeMutablePointer<Float>, pStride: Int,
                      Q qb: UnsafeMutablePointer<Float>, qStride: Int,
                      bu: inout [Float], bi: inout [Float], step: SGDStep) -> Double {
        s.users.withUnsafeBufferPointer { us in
            s.movies.withUnsafeBufferPointer { ms in
                s.values.withUnsafeBufferPointer { vs in
                    bu.withUnsafeMutableBufferPointer { bup in
                        bi.withUnsafeMutableBufferPointer { bip in
                            guard let ub = us.baseAddress, let mb = ms.baseAddress, let vb = vs.baseAddress
                            else { return 0 }
                            let bub = bup.baseAddress ?? UnsafeMutablePointer<Float>(bitPattern: 16)!
                            let bib = bip.baseAddress ?? UnsafeMutablePointer<Float>(bitPattern: 16)!
                            if s.groups == 1 {
                                return run(ub, mb, vb, s.offsets[0]..<s.offsets[1], pb, pStride, qb, qStride,
                                           bub, bib, step)
                            }
                            let g = s.groups
                            let shared = (UnsafeSendablePointer(UnsafeMutablePointer(mutating: ub)),
                                          UnsafeSendablePointer(UnsafeMutablePointer(mutating: mb)),
                                          UnsafeSendablePointer(UnsafeMutablePointer(mutating: vb)),
                                          UnsafeSendablePointer(pb), UnsafeSendablePointer(qb), UnsafeSendablePointer(bub),
                                          UnsafeSendablePointer(bib))
                            var sums = [Double](repeating: 0, count: g * g)
                            sums.withUnsafeMutableBufferPointer { sp in
                                let sums = UnsafeSendablePointer(sp.baseAddress!)
                                for phase in 0..<g {
                                    Workers.run(tasks: g) { a in
                                        let b = a * g + (a + phase) % g
                                        let range = s.offsets[b]..<s.offsets[b + 1]
                                        sums.base[b] = run(shared.0.base, shared.1.base, shared.2.base, range,
                                                           shared.3.base, pStride, shared.4.base, qStride,
                                                           shared.5.base, shared.6.base, step)
                                    }
                                }
                            }
                            return sums.reduce(0, +)
                        }
                    }
                }
            }
        }
    }

    /// The SGD step over `range`: the AVX2 build when the CPU has it, else the
    /// baseline one; both compute bit-identical results.
    @inline(__always)
    static func run(_ us: UnsafePointer<Int32>, _ ms: UnsafePointer<Int32>, _ vs: UnsafePointer<Float>,
                    _ range: Range<Int>, _ P: UnsafeMutablePointer<Float>, _ pStride: Int,
                    _ Q: UnsafeMutablePointer<Float>, _ qStride: Int,
                    _ bu: UnsafeMutablePointer<Float>, _ bi: UnsafeMutablePointer<Float>, _ h: SGDStep,
                    baselineOnly: Bool = false) -> Double {
        if AVX2.isAvailable && !baselineOnly {
            return SGDKernelAVX2.run(us, ms, vs, range.lowerBound, range.upperBound, P, pStride, Q, qStride, bu, bi, h)
        }
        return runBaseline(us, ms, vs, range, P, pStride, Q, qStride, bu, bi, h)
    }

    /// Surprise's SGD step over ratings `range`, in order (`SVDStep.pass`,
    /// inlined here for baseline x86-64). Returns Σ err². Per rating
    /// O(factors): one 8-lane dot product, then one pass updating p_u and q_i
    /// with the old values of both; the movie row eight ratings ahead is
    /// prefetched (users are visited grouped, so p_u stays in L1).
    static func runBaseline(_ us: UnsafePointer<Int32>, _ ms: UnsafePointer<Int32>, _ vs: UnsafePointer<Float>,
                            _ range: Range<Int>, _ P: UnsafeMutablePointer<Float>, _ pStride: Int,
                            _ Q: UnsafeMutablePointer<Float>, _ qStride: Int,
                            _ bu: UnsafeMutablePointer<Float>, _ bi: UnsafeMutablePointer<Float>, _ h: SGDStep) -> Double {
        SVDStep.pass(us, ms, vs, range.lowerBound, range.upperBound, P, pStride, Q, qStride, bu, bi, h)
    }
}

/// Runs `tasks` independent tasks on the calling thread plus one extra thread
/// per further core, each taking the next task index from a shared counter.
///
/// Plain threads, not `DispatchQueue.concurrentPerform`: on Linux libdispatch
/// throttles its worker pool when the host looks busy, which can serialise
/// the blocked SGD on a loaded machine. Which thread runs a task does not change
/// any result (tasks write disjoint memory).
enum Workers {
    static let count = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 64))

    /// Runs on `threads` threads at most (default: one per core).
    static func run(tasks: Int, threads: Int = count, _ body: @escaping @Sendable (Int) -> Void) {
        let extra = min(max(1, threads), tasks) - 1
        let next = AtomicCounter()
        let loop: @Sendable () -> Void = {
            while true {
                let t = next.increment()
                if t >= tasks { break }
                body(t)
            }
        }
        guard extra > 0 else { loop(); return }
        let done = DispatchSemaphore(value: 0)
        for _ in 0..<extra {
            let thread = Thread { loop(); done.signal() }
            thread.start()
        }
        loop()
        for _ in 0..<extra { done.wait() }
    }
}
