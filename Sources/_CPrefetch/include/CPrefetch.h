#ifndef RECLAB_CPREFETCH_H
#define RECLAB_CPREFETCH_H
/// Software prefetch for the SGD kernels: Swift has no prefetch intrinsic.
/// Hints the cache to load the line holding `p` for reading and writing soon.
static inline void reclab_prefetch(const void *p) { __builtin_prefetch(p, 1, 3); }

/// 1 when the running CPU has AVX2 (x86-64), else 0: selects the SGD kernel
/// compiled for Haswell-class CPUs at run time.
static inline int reclab_cpu_has_avx2(void) {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") ? 1 : 0;
#else
    return 0;
#endif
}
#endif
