import _CPrefetch

/// The `SVD` SGD step compiled for Haswell-class CPUs (`-target-cpu haswell`,
/// 256-bit AVX2 registers), selected at run time by `RecLabModels` only when the
/// CPU reports AVX2. Both builds compile `SVDStep.pass`, the same sequence of
/// lane-wise IEEE multiplies and adds (no fused multiply-add: `*` and `+` are
/// never contracted), so they give bit-identical results; a test checks it.
/// Not `@inlinable`: it must stay compiled here.
public enum SGDKernelAVX2 {
    /// One pass over ratings `lo..<hi` in order; returns Σ err² (online errors).
    public static func run(_ us: UnsafePointer<Int32>, _ ms: UnsafePointer<Int32>, _ vs: UnsafePointer<Float>,
                           _ lo: Int, _ hi: Int, _ P: UnsafeMutablePointer<Float>, _ pStride: Int,
                           _ Q: UnsafeMutablePointer<Float>, _ qStride: Int,
                           _ bu: UnsafeMutablePointer<Float>, _ bi: UnsafeMutablePointer<Float>, _ h: SGDStep) -> Double {
        SVDStep.pass(us, ms, vs, lo, hi, P, pStride, Q, qStride, bu, bi, h)
    }
}

/// Hyperparameters of one SGD step of `SVD` (Float, as the kernel computes).
public struct SGDStep: Sendable {
    public var mu: Float
    public var biased: Bool
    public var lrBU, lrBI, lrPU, lrQI: Float
    public var regBU, regBI, regPU, regQI: Float
    /// Number of 8-float chunks per factor row.
    public var chunks: Int

    public init(mu: Float, biased: Bool, lrBU: Float, lrBI: Float, lrPU: Float, lrQI: Float,
                regBU: Float, regBI: Float, regPU: Float, regQI: Float, chunks: Int) {
        self.mu = mu; self.biased = biased
        self.lrBU = lrBU; self.lrBI = lrBI; self.lrPU = lrPU; self.lrQI = lrQI
        self.regBU = regBU; self.regBI = regBI; self.regPU = regPU; self.regQI = regQI
        self.chunks = chunks
    }
}

/// The body of the `SVD` SGD pass: one source, two builds.
///
/// **What it computes:** for each rating in `lo..<hi`, in order, Surprise's
/// SGD step: err = r − (μ + b_u + b_i + q_i·p_u), the bias updates when
/// `biased`, then p_u and q_i updated from the old values of both. Returns
/// Σ err² of these online errors. O(factors) per rating.
///
/// **Numerical properties:** Float throughout; dot products in 8-lane chunks
/// with two accumulators reduced in a fixed order; multiplies and adds are
/// never fused, so both builds give bit-identical factors (tested).
///
/// **Why this implementation:** `@inlinable` and always inlined, so
/// `RecLabModels` compiles it for baseline x86-64 (`SVDKernel.runBaseline`)
/// and this module for AVX2 (`SGDKernelAVX2.run`). At 100k ratings the step
/// is bound by a per-rating dependency chain, at ML-20M scale by fetching
/// movie rows from DRAM (BENCHMARKS.md, Rating models).
public enum SVDStep {
    @inlinable @inline(__always)
    public static func pass(_ us: UnsafePointer<Int32>, _ ms: UnsafePointer<Int32>, _ vs: UnsafePointer<Float>,
                           _ lo: Int, _ hi: Int, _ P: UnsafeMutablePointer<Float>, _ pStride: Int,
                           _ Q: UnsafeMutablePointer<Float>, _ qStride: Int,
                           _ bu: UnsafeMutablePointer<Float>, _ bi: UnsafeMutablePointer<Float>,
                           _ h: SGDStep) -> Double {
        guard lo < hi else { return 0 }
        let chunks = h.chunks, mu = h.mu, biased = h.biased
        let lrBU = h.lrBU, lrBI = h.lrBI, lrPU = h.lrPU, lrQI = h.lrQI
        let regBU = h.regBU, regBI = h.regBI, regPU = h.regPU, regQI = h.regQI
        var sse = 0.0
        let keepP = SIMD8<Float>(repeating: 1 - lrPU * regPU), keepQ = SIMD8<Float>(repeating: 1 - lrQI * regQI)
        // Eight ratings ahead: at ML-20M scale the movie rows come from DRAM, and a
        // shorter distance leaves the step waiting for them; 8 is the best distance at 20M
        // ratings and no worse at 100k (BENCHMARKS.md, Rating models).
        let ahead = 8
        let rowBytes = qStride &* 4
        // The step is bound by one dependency chain: rating k's error, p_u's
        // update, and rating k + 1's dot product read back through memory from
        // those stores. Two things shorten it, each without changing a value:
        // the next rating's q_n · p_u' is summed while p_u' is produced (same
        // chunks, same accumulators and order as `dot`), and the user's bias
        // stays in a register while their ratings run (written back when the
        // user changes). The gain per update is in BENCHMARKS.md (Rating models).
        var u = Int(us[lo])
        var bu_u = bu[u]
        var dot = SVDStep.dot(UnsafeRawPointer(P + u &* pStride), UnsafeRawPointer(Q + Int(ms[lo]) &* qStride),
                              chunks: chunks)
        var k = lo
        while k < hi {
            if k &+ ahead < hi {
                let next = UnsafeRawPointer(Q + Int(ms[k &+ ahead]) &* qStride)
                var off = 0
                while off < rowBytes { reclab_prefetch(next + off); off &+= 64 }
            }
            let i = Int(ms[k])
            let pu = UnsafeMutableRawPointer(P + u &* pStride)
            let qi = UnsafeMutableRawPointer(Q + i &* qStride)
            let err = vs[k] - (mu + bu_u + bi[i] + dot)
            sse += Double(err) * Double(err)
            if biased {
                bu_u += lrBU * (err - regBU * bu_u)
                bi[i] += lrBI * (err - regBI * bi[i])
            }
            let stepP = SIMD8<Float>(repeating: lrPU * err), stepQ = SIMD8<Float>(repeating: lrQI * err)
            let n = k &+ 1
            if n < hi && Int(us[n]) == u && ms[n] != ms[k] {
                // The same user's next rating (the common case: ratings are visited
                // grouped by user) on another movie: sum its q_n · p_u' here.
                let qn = UnsafeRawPointer(Q + Int(ms[n]) &* qStride)
                // Updates chunk c of p_u and q_i; returns its share of q_n · p_u'.
                @inline(__always) func update(_ c: Int) -> SIMD8<Float> {
                    let off = c &* 32
                    let pv = pu.loadUnaligned(fromByteOffset: off, as: SIMD8<Float>.self)
                    let qv = qi.loadUnaligned(fromByteOffset: off, as: SIMD8<Float>.self)
                    let np = keepP * pv + stepP * qv
                    pu.storeBytes(of: np, toByteOffset: off, as: SIMD8<Float>.self)
                    qi.storeBytes(of: keepQ * qv + stepQ * pv, toByteOffset: off, as: SIMD8<Float>.self)
                    return np * qn.loadUnaligned(fromByteOffset: off, as: SIMD8<Float>.self)
                }
                var acc0 = SIMD8<Float>(), acc1 = SIMD8<Float>()
                var c = 0
                while c &+ 1 < chunks {
                    acc0 = acc0 + update(c)
                    acc1 = acc1 + update(c &+ 1)
                    c &+= 2
                }
                if c < chunks { acc0 = acc0 + update(c) }
                dot = SVDStep.sum(acc0 + acc1)
            } else {
                var c = 0
                while c < chunks {
                    let off = c &* 32
                    let pv = pu.loadUnaligned(fromByteOffset: off, as: SIMD8<Float>.self)
                    let qv = qi.loadUnaligned(fromByteOffset: off, as: SIMD8<Float>.self)
                    pu.storeBytes(of: keepP * pv + stepP * qv, toByteOffset: off, as: SIMD8<Float>.self)
                    qi.storeBytes(of: keepQ * qv + stepQ * pv, toByteOffset: off, as: SIMD8<Float>.self)
                    c &+= 1
                }
                if n < hi {
                    let v = Int(us[n])
                    if v != u {
                        bu[u] = bu_u
                        u = v
                        bu_u = bu[u]
                    }
                    dot = SVDStep.dot(UnsafeRawPointer(P + u &* pStride),
                                      UnsafeRawPointer(Q + Int(ms[n]) &* qStride), chunks: chunks)
                }
            }
            k &+= 1
        }
        bu[u] = bu_u
        return sse
    }

    /// Σ a[f]·b[f] over `chunks`·8 floats: two 8-lane accumulators (even and
    /// odd chunks, halving the dependency chain between a user's consecutive
    /// ratings), added, then reduced in a fixed order.
    @inlinable @inline(__always)
    public static func dot(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, chunks: Int) -> Float {
        var acc0 = SIMD8<Float>(), acc1 = SIMD8<Float>()
        var c = 0
        while c &+ 1 < chunks {
            let off = c &* 32
            acc0 = acc0 + a.loadUnaligned(fromByteOffset: off, as: SIMD8<Float>.self)
                * b.loadUnaligned(fromByteOffset: off, as: SIMD8<Float>.self)
            acc1 = acc1 + a.loadUnaligned(fromByteOffset: off &+ 32, as: SIMD8<Float>.self)
                * b.loadUnaligned(fromByteOffset: off &+ 32, as: SIMD8<Float>.self)
            c &+= 2
        }
        if c < chunks {
            let off = c &* 32
            acc0 = acc0 + a.loadUnaligned(fromByteOffset: off, as: SIMD8<Float>.self)
                * b.loadUnaligned(fromByteOffset: off, as: SIMD8<Float>.self)
        }
        return sum(acc0 + acc1)
    }

    /// The eight lanes of `acc` added in a fixed order.
    @inlinable @inline(__always)
    public static func sum(_ acc: SIMD8<Float>) -> Float {
        ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]))
    }
}
