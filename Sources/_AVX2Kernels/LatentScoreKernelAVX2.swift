/// The latent k-NN scoring block compiled for Haswell-class CPUs
/// (`-target-cpu haswell`, 256-bit AVX2 registers), selected at run time by
/// `RecLabModels.LatentScoreKernel` only when the CPU reports AVX2.
///
/// Same contract and the same arithmetic as the baseline
/// `LatentScoreKernel.scoresBaseline`: for each of four query rows q and each
/// panel column j, out[q · outStride + j] = Σ_{c = 0..<d} query_q[c] · panel[j][c],
/// summed in order c = 0, 1, … with one IEEE multiply and one IEEE add per
/// term (never fused), i.e. exactly the scalar loop `s += a[c] * b[c]`. The
/// eight lanes of a register are eight different panel columns, not eight
/// terms of one sum, so the order of every sum is the scalar one and the
/// result is bit-identical to it. Not `@inlinable`: it must stay compiled here.
public enum LatentScoreKernelAVX2 {
    /// `panel` holds `groups` blocks of d × 8 floats (block g, term c, lane l at
    /// (g · d + c) · 8 + l = column 8g + l); q0…q3 point at d floats each; out
    /// receives 4 rows of `groups · 8` scores, row q at `out + q · outStride`.
    /// Complexity O(groups · 8 · d · 4) multiply-adds.
    public static func scores4(_ q0: UnsafePointer<Float>, _ q1: UnsafePointer<Float>,
                               _ q2: UnsafePointer<Float>, _ q3: UnsafePointer<Float>, _ d: Int,
                               _ panel: UnsafePointer<Float>, _ groups: Int,
                               _ out: UnsafeMutablePointer<Float>, _ outStride: Int) {
        LatentScoreBlock.scores4(q0, q1, q2, q3, d, panel, groups, out, outStride)
    }
}

/// The body of `LatentScoreKernelAVX2.scores4`, `@inlinable` and always
/// inlined: `RecLabModels` compiles it for baseline x86-64 and this module
/// for AVX2 (one source, two builds, the same IEEE operations in the same order).
public enum LatentScoreBlock {
    @inlinable @inline(__always)
    public static func scores4(_ q0: UnsafePointer<Float>, _ q1: UnsafePointer<Float>,
                               _ q2: UnsafePointer<Float>, _ q3: UnsafePointer<Float>, _ d: Int,
                               _ panel: UnsafePointer<Float>, _ groups: Int,
                               _ out: UnsafeMutablePointer<Float>, _ outStride: Int) {
        var g = 0
        while g < groups {
            let p = UnsafeRawPointer(panel + g &* d &* 8)
            var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
            var c = 0
            while c < d {
                let v = p.loadUnaligned(fromByteOffset: c &* 32, as: SIMD8<Float>.self)
                a0 = a0 + SIMD8<Float>(repeating: q0[c]) * v
                a1 = a1 + SIMD8<Float>(repeating: q1[c]) * v
                a2 = a2 + SIMD8<Float>(repeating: q2[c]) * v
                a3 = a3 + SIMD8<Float>(repeating: q3[c]) * v
                c &+= 1
            }
            let o = UnsafeMutableRawPointer(out + g &* 8)
            o.storeBytes(of: a0, as: SIMD8<Float>.self)
            (o + outStride &* 4).storeBytes(of: a1, as: SIMD8<Float>.self)
            (o + outStride &* 8).storeBytes(of: a2, as: SIMD8<Float>.self)
            (o + outStride &* 12).storeBytes(of: a3, as: SIMD8<Float>.self)
            g &+= 1
        }
    }
}
