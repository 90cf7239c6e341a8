import _COpenBLAS

/// OpenBLAS' own thread pool. Inside work that is already parallel, set it to
/// one thread so the two layers do not oversubscribe the cores.
public enum BLASThreads {
    public static func set(_ n: Int) { openblas_set_num_threads(Int32(n)) }
    public static var current: Int { Int(openblas_get_num_threads()) }
}
