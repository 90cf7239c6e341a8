import _COpenBLAS

/// OpenBLAS' own thread pool. Inside work that is already parallel, set it to
/// one thread so the two layers do not oversubscribe the cores.
///
/// OpenBLAS starts its workers when the library loads and, after every
/// threaded call, keeps them spinning (a `sched_yield` loop) for about 2²⁸
/// cycles (a tenth of a second at common clock rates) before they sleep. On a
/// 2-core machine that spinning thread shares the core the next
/// single-threaded stage needs, so the first SGD fit of a process reports
/// about twice its wall time in CPU seconds (BENCHMARKS.md, Rating models).
/// `park()` stops the workers at once.
public enum BLASThreads {
    /// Sets the number of threads BLAS calls use.
    public static func set(_ n: Int) { openblas_set_num_threads(Int32(n)) }

    public static var current: Int { Int(openblas_get_num_threads()) }

    /// Stops OpenBLAS' worker threads now instead of letting them spin; the
    /// next threaded BLAS call starts them again. Only for the start of a
    /// process (`reclab`, `RatingBench`): it must not race a BLAS call
    /// running on another thread.
    public static func park() { _ = blas_thread_shutdown_() }
}
