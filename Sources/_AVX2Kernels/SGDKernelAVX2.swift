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
                           _ bu: UnsafeMutablePointer<Float>, _ bi: UnsafeMutablePointer<Float>,
                           biased: Bool, chunks: Int, mu: Float, lrBU: Float, lrBI: Float, regBU: Float, regBI: Float,
                           lrPU: Float, lrQI: Float, regPU: Float, regQI: Float) -> Double {
        SVDStep.pass(us, ms, vs, lo, hi, P, pStride, Q, qStride, bu, bi, biased: biased, chunks: chunks, mu: mu,
                     lrBU: lrBU, lrBI: lrBI, regBU: regBU, regBI: regBI, lrPU: lrPU, lrQI: lrQI, regPU: regPU,
                     regQI: regQI)
    }
}

/// The body of the `SVD` SGD pass, `@inlinable` and always inlined:
/// `RecLabModels` compiles it for baseline x86-64 (`SVDKernel.runBaseline`)
/// and this module for AVX2 (`SGDKernelAVX2.run`) — one source, two builds.
public enum SVDStep {
    @inlinable @inline(__always)
    public static func pass(_ us: UnsafePointer<Int32>, _ ms: UnsafePointer<Int32>, _ vs: UnsafePointer<Float>,
                           _ lo: Int, _ hi: Int, _ P: UnsafeMutablePointer<Float>, _ pStride: Int,
                           _ Q: UnsafeMutablePointer<Float>, _ qStride: Int,
                           _ bu: UnsafeMutablePointer<Float>, _ bi: UnsafeMutablePointer<Float>,
                           biased: Bool, chunks: Int, mu: Float, lrBU: Float, lrBI: Float, regBU: Float, regBI: Float,
                           lrPU: Float, lrQI: Float, regPU: Float, regQI: Float) -> Double {
        var sse = 0.0
        let keepP = SIMD8<Float>(repeating: 1 - lrPU * regPU), keepQ = SIMD8<Float>(repeating: 1 - lrQI * regQI)
        // Eight ratings ahead: at ML-20M scale the movie rows come from DRAM, and a
        // distance of 2 left 17 % of the epoch waiting for them (ahead 2 / 4 / 8 / 16 measured;
        // 8 was best at 20M ratings and equal at 100k).
        let ahead = 8
        let rowBytes = qStride &* 4
        var k = lo
        while k < hi {
            if k &+ ahead < hi {
                let next = UnsafeRawPointer(Q + Int(ms[k &+ ahead]) &* qStride)
                var off = 0
                while off < rowBytes { reclab_prefetch(next + off); off &+= 64 }
            }
            let u = Int(us[k]), i = Int(ms[k])
            let pu = UnsafeMutableRawPointer(P + u &* pStride)
            let qi = UnsafeMutableRawPointer(Q + i &* qStride)
            let dot = SVDStep.dot(UnsafeRawPointer(pu), UnsafeRawPointer(qi), chunks: chunks)
            let err = vs[k] - (mu + bu[u] + bi[i] + dot)
            sse += Double(err) * Double(err)
            if biased {
                bu[u] += lrBU * (err - regBU * bu[u])
                bi[i] += lrBI * (err - regBI * bi[i])
            }
            let stepP = SIMD8<Float>(repeating: lrPU * err), stepQ = SIMD8<Float>(repeating: lrQI * err)
            var c = 0
            while c < chunks {
                let off = c &* 32
                let pv = pu.loadUnaligned(fromByteOffset: off, as: SIMD8<Float>.self)
                let qv = qi.loadUnaligned(fromByteOffset: off, as: SIMD8<Float>.self)
                pu.storeBytes(of: keepP * pv + stepP * qv, toByteOffset: off, as: SIMD8<Float>.self)
                qi.storeBytes(of: keepQ * qv + stepQ * pv, toByteOffset: off, as: SIMD8<Float>.self)
                c &+= 1
            }
            k &+= 1
        }
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
        let acc = acc0 + acc1
        return ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]))
    }
}
