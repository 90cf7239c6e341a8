/// The inner step of a sparse × dense product `Y = A·X` (A in CSR, X and Y
/// dense row-major with `l` columns), one cache block of X's rows at a time:
/// for each row i in `rows`, `Y[i, :] += A[i, p] · X[col[p], :]` for the
/// non-zeros p from `cursor[i]` while `col[p] < blockEnd`, two non-zeros per
/// pass over Y[i, :] (8-lane multiplies then adds, never fused), and the
/// cursor moves past them.
///
/// `@inlinable` and always inlined: `RecLabLinearAlgebra` compiles it for
/// baseline x86-64 (two SSE halves per 8-lane vector) and
/// `SparseDenseBlockAVX2.accumulate` (this module, `-target-cpu haswell`)
/// for AVX2; both do the same IEEE operations in the same order, so the
/// products are bit-identical. The gathers of X's rows dominate; AVX2 halves
/// the instructions between them (BENCHMARKS.md, Similarity and SVD).
public enum SparseDenseBlock {
    @inlinable @inline(__always)
    public static func accumulate(_ rp: UnsafePointer<Int>, _ ci: UnsafePointer<Int32>, _ vs: UnsafePointer<Float>,
                                  _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ l: Int,
                                  rows: Range<Int>, cursor: UnsafeMutablePointer<Int>, blockEnd: Int32) {
        for i in rows {
            var p = cursor[i &- rows.lowerBound]
            let end = rp[i &+ 1]
            let yi = y + i &* l
            while p &+ 1 < end, ci[p &+ 1] < blockEnd {
                axpy2(yi, vs[p], x + Int(ci[p]) &* l, vs[p &+ 1], x + Int(ci[p &+ 1]) &* l, l)
                p &+= 2
            }
            if p < end, ci[p] < blockEnd {
                axpy1(yi, vs[p], x + Int(ci[p]) &* l, l)
                p &+= 1
            }
            cursor[i &- rows.lowerBound] = p
        }
    }

    /// `y[0..<l] += a · x[0..<l]`, 8 lanes at a time.
    @inlinable @inline(__always)
    public static func axpy1(_ y: UnsafeMutablePointer<Float>, _ a: Float, _ x: UnsafePointer<Float>, _ l: Int) {
        var t = 0
        let av = SIMD8<Float>(repeating: a)
        let yr = UnsafeMutableRawPointer(y), xr = UnsafeRawPointer(x)
        while t &+ 8 <= l {
            let off = t &* 4
            let r = yr.loadUnaligned(fromByteOffset: off, as: SIMD8<Float>.self)
                + av * xr.loadUnaligned(fromByteOffset: off, as: SIMD8<Float>.self)
            yr.storeBytes(of: r, toByteOffset: off, as: SIMD8<Float>.self)
            t &+= 8
        }
        while t < l { y[t] += a * x[t]; t &+= 1 }
    }

    /// `y += a · x + b · z` (two non-zeros of a row at once: one pass over `y`).
    @inlinable @inline(__always)
    public static func axpy2(_ y: UnsafeMutablePointer<Float>, _ a: Float, _ x: UnsafePointer<Float>,
                             _ b: Float, _ z: UnsafePointer<Float>, _ l: Int) {
        var t = 0
        let av = SIMD8<Float>(repeating: a), bv = SIMD8<Float>(repeating: b)
        let yr = UnsafeMutableRawPointer(y), xr = UnsafeRawPointer(x), zr = UnsafeRawPointer(z)
        while t &+ 8 <= l {
            let off = t &* 4
            let r = yr.loadUnaligned(fromByteOffset: off, as: SIMD8<Float>.self)
                + av * xr.loadUnaligned(fromByteOffset: off, as: SIMD8<Float>.self)
                + bv * zr.loadUnaligned(fromByteOffset: off, as: SIMD8<Float>.self)
            yr.storeBytes(of: r, toByteOffset: off, as: SIMD8<Float>.self)
            t &+= 8
        }
        while t < l { y[t] += a * x[t] + b * z[t]; t &+= 1 }
    }
}

/// `SparseDenseBlock.accumulate` compiled for AVX2 (this module's
/// `-target-cpu haswell`); `RecLabLinearAlgebra` calls it only when the CPU
/// reports AVX2. Not `@inlinable`: it must stay compiled here.
public enum SparseDenseBlockAVX2 {
    public static func accumulate(_ rp: UnsafePointer<Int>, _ ci: UnsafePointer<Int32>, _ vs: UnsafePointer<Float>,
                                  _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ l: Int,
                                  rows: Range<Int>, cursor: UnsafeMutablePointer<Int>, blockEnd: Int32) {
        SparseDenseBlock.accumulate(rp, ci, vs, x, y, l, rows: rows, cursor: cursor, blockEnd: blockEnd)
    }
}
