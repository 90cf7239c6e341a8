#ifndef RECLAB_CPREFETCH_H
#define RECLAB_CPREFETCH_H
/// Software prefetch for the SGD kernels: Swift has no prefetch intrinsic.
/// Hints the cache to load the line holding `p` for reading and writing soon.
static inline void reclab_prefetch(const void *p) { __builtin_prefetch(p, 1, 3); }
#endif
