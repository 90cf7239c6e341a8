import _AVX2Kernels

/// Cosine scores of a batch of target movies against one user's rated movies,
/// for the latent k-NN predictor evaluated many pairs at a time.
///
/// The user's rated rows are packed once into a *panel* (groups of eight
/// columns, term-major: block g, term c, lane l at (g · d + c) · 8 + l), then
/// each block of four target rows is scored against the whole panel with
/// eight-lane registers whose lanes are eight different rated movies. Every
/// score is therefore the plain in-order sum Σ_c a[c] · b[c] with one rounded
/// multiply and one rounded add per term — bit-identical to the scalar loop
/// `FittedLatentKNN.estimate` runs for one pair (a test checks it), so the
/// batched and the pair-by-pair predictions are the same numbers.
///
/// Complexity per user O(n · d) to pack plus O(t · n · d) multiply-adds for t
/// targets and n rated movies; memory O(n · d + 4 n). No seed.
enum LatentScoreKernel {

    /// Number of eight-column groups for `n` columns.
    @inline(__always) static func groups(_ n: Int) -> Int { (n + 7) / 8 }

    /// Packs rows `rows[0..<n]` of the row-major `unit` (d columns) into `panel`
    /// (at least groups(n) · d · 8 floats); lanes past n are zero.
    static func pack(_ unit: UnsafePointer<Float>, d: Int, rows: UnsafeBufferPointer<Int32>,
                     into panel: UnsafeMutablePointer<Float>) {
        let n = rows.count, g = groups(n)
        let full = n / 8
        // Full groups: eight row streams read in step, one contiguous 8-lane store per term.
        for b in 0..<full {
            let r = rows.baseAddress! + b * 8
            let s0 = unit + Int(r[0]) * d, s1 = unit + Int(r[1]) * d, s2 = unit + Int(r[2]) * d
            let s3 = unit + Int(r[3]) * d, s4 = unit + Int(r[4]) * d, s5 = unit + Int(r[5]) * d
            let s6 = unit + Int(r[6]) * d, s7 = unit + Int(r[7]) * d
            let dst = UnsafeMutableRawPointer(panel + b * d * 8)
            for c in 0..<d {
                dst.storeBytes(of: SIMD8<Float>(s0[c], s1[c], s2[c], s3[c], s4[c], s5[c], s6[c], s7[c]),
                               toByteOffset: c * 32, as: SIMD8<Float>.self)
            }
        }
        if full < g {
            (panel + full * d * 8).initialize(repeating: 0, count: d * 8)
            for j in (full * 8)..<n {
                let src = unit + Int(rows[j]) * d
                let dst = panel + full * d * 8 + j % 8
                for c in 0..<d { dst[c * 8] = src[c] }
            }
        }
    }

    /// Scores four query rows against the packed panel (see the type comment);
    /// row q of the result at `out + q · outStride`, groups · 8 values each.
    @inline(__always)
    static func scores4(_ q0: UnsafePointer<Float>, _ q1: UnsafePointer<Float>, _ q2: UnsafePointer<Float>,
                        _ q3: UnsafePointer<Float>, d: Int, panel: UnsafePointer<Float>, groups: Int,
                        out: UnsafeMutablePointer<Float>, outStride: Int, baselineOnly: Bool = false) {
        if AVX2.isAvailable && !baselineOnly {
            LatentScoreKernelAVX2.scores4(q0, q1, q2, q3, d, panel, groups, out, outStride)
        } else {
            scoresBaseline(q0, q1, q2, q3, d, panel, groups, out, outStride)
        }
    }

    /// The portable build of `LatentScoreKernelAVX2.scores4` (same arithmetic).
    static func scoresBaseline(_ q0: UnsafePointer<Float>, _ q1: UnsafePointer<Float>,
                               _ q2: UnsafePointer<Float>, _ q3: UnsafePointer<Float>, _ d: Int,
                               _ panel: UnsafePointer<Float>, _ groups: Int,
                               _ out: UnsafeMutablePointer<Float>, _ outStride: Int) {
        LatentScoreBlock.scores4(q0, q1, q2, q3, d, panel, groups, out, outStride)
    }
}
