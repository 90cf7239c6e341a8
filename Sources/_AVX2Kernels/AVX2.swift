import _CPrefetch

/// Whether this module's kernels may run: the CPU reports AVX2 (asked once).
/// Every caller checks this before calling a `…AVX2` entry point and uses the
/// baseline build of the same inlinable body otherwise.
public enum AVX2 {
    public static let isAvailable = reclab_cpu_has_avx2() != 0
}
