extension CSRMatrix {
    /// Rows of the dense operand per cache block in `multiplied(by:)`: about
    /// 8 MiB of it, so that a block stays in the shared L3 while every output
    /// row gathers from it (stack-notes: unblocked gathers over a 138k-row
    /// operand are memory-latency-bound, ~3× slower).
    static func denseBlockRows(columns l: Int) -> Int { max(1024, (8 << 20) / max(1, 4 * l)) }

    /// `self · x` for a dense `x` (`cols × l`): `Y[i, :] = Σ_p values[p] · X[col[p], :]`.
    ///
    /// Parallel over contiguous row chunks of the output when nnz · l ≥ 2²³
    /// (disjoint writes, so the result is bit-identical whatever the thread
    /// count); the columns of
    /// `self` (rows of `x`) are walked in cache-sized blocks with a per-row
    /// cursor. O(nnz · l) flops, Float accumulation in nnz order within a row.
    public func multiplied(by x: DenseMatrix) throws -> DenseMatrix {
        var y = DenseMatrix(rows: rows, cols: x.cols)
        try multiply(x, into: &y)
        return y
    }

    /// `y = self · x`, overwriting `y` (which must be `rows × x.cols`): the
    /// same product as `multiplied(by:)` without allocating, for loops that
    /// multiply repeatedly (the randomized SVD's power iterations), where a
    /// fresh multi-megabyte result each time costs more in page faults than
    /// the product itself on small sparse matrices.
    public func multiply(_ x: DenseMatrix, into y: inout DenseMatrix) throws {
        guard x.rows == cols, y.rows == rows, y.cols == x.cols else {
            throw LinearAlgebraError("CSRMatrix.multiply",
                                     "sparse \(rows) × \(cols) times dense \(x.rows) × \(x.cols) into \(y.rows) × \(y.cols)")
        }
        let l = x.cols
        y.values.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        guard rows > 0, l > 0, nonZeroCount > 0 else { return }
        let block = Self.denseBlockRows(columns: l)
        let nBlocks = (cols + block - 1) / block
        let rowCount = rows, colCount = cols
        // Below ~8 M multiply-adds (a few ms) waking a second thread costs more
        // than it saves, and on a loaded host the wake-up can take longer than the work.
        let parallel = nonZeroCount * l >= 1 << 23
        rowPointers.withUnsafeBufferPointer { rp in
            columnIndices.withUnsafeBufferPointer { ci in
                values.withUnsafeBufferPointer { vs in
                    x.values.withUnsafeBufferPointer { xs in
                        y.values.withUnsafeMutableBufferPointer { ys in
                            let rpP = UnsafeSendableConstPointer(rp.baseAddress!)
                            let ciP = UnsafeSendableConstPointer(ci.baseAddress!)
                            let vsP = UnsafeSendableConstPointer(vs.baseAddress!)
                            let xP = UnsafeSendableConstPointer(xs.baseAddress!)
                            let yP = UnsafeSendablePointer(ys.baseAddress!)
                            ParallelRange.forEachChunk(rowCount, chunks: parallel ? nil : 1, minimumPerChunk: 16) { range in
                                var cursor = [Int](unsafeUninitializedCapacity: range.count) { buf, n in
                                    for i in range { buf[i - range.lowerBound] = rpP.base[i] }
                                    n = range.count
                                }
                                for b in 0..<nBlocks {
                                    let blockEnd = Int32(min(colCount, (b + 1) * block))
                                    for i in range {
                                        var p = cursor[i - range.lowerBound]
                                        let end = rpP.base[i + 1]
                                        let yi = yP.base + i * l
                                        while p + 1 < end, ciP.base[p + 1] < blockEnd {
                                            axpy2(yi, vsP.base[p], xP.base + Int(ciP.base[p]) * l,
                                                  vsP.base[p + 1], xP.base + Int(ciP.base[p + 1]) * l, l)
                                            p += 2
                                        }
                                        if p < end, ciP.base[p] < blockEnd {
                                            axpy1(yi, vsP.base[p], xP.base + Int(ciP.base[p]) * l, l)
                                            p += 1
                                        }
                                        cursor[i - range.lowerBound] = p
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// `selfᵀ · x` for a dense `x` (`rows × l`). Builds the transpose (the CSC
    /// view, O(nnz)) and multiplies it; callers that multiply repeatedly (the
    /// randomized SVD) keep `transposed()` once instead.
    public func transposeMultiplied(by x: DenseMatrix) throws -> DenseMatrix {
        guard x.rows == rows else {
            throw LinearAlgebraError("CSRMatrix.transposeMultiplied",
                                     "sparse transpose \(cols) × \(rows) times dense \(x.rows) × \(x.cols)")
        }
        return try transposed().multiplied(by: x)
    }
}

/// `y[0..<l] += a · x[0..<l]` with 8-wide vectors (multiply then add, no FMA:
/// fused SIMD ops become library calls on baseline x86-64).
@inline(__always)
private func axpy1(_ y: UnsafeMutablePointer<Float>, _ a: Float, _ x: UnsafePointer<Float>, _ l: Int) {
    var t = 0
    let av = SIMD8<Float>(repeating: a)
    let yr = UnsafeMutableRawPointer(y), xr = UnsafeRawPointer(x)
    while t + 8 <= l {
        let off = t * 4
        let r = yr.loadUnaligned(fromByteOffset: off, as: SIMD8<Float>.self)
            + av * xr.loadUnaligned(fromByteOffset: off, as: SIMD8<Float>.self)
        yr.storeBytes(of: r, toByteOffset: off, as: SIMD8<Float>.self)
        t += 8
    }
    while t < l { y[t] += a * x[t]; t += 1 }
}

/// `y += a · x + b · z` (two non-zeros of a row at once: one pass over `y`).
@inline(__always)
private func axpy2(_ y: UnsafeMutablePointer<Float>, _ a: Float, _ x: UnsafePointer<Float>,
                   _ b: Float, _ z: UnsafePointer<Float>, _ l: Int) {
    var t = 0
    let av = SIMD8<Float>(repeating: a), bv = SIMD8<Float>(repeating: b)
    let yr = UnsafeMutableRawPointer(y), xr = UnsafeRawPointer(x), zr = UnsafeRawPointer(z)
    while t + 8 <= l {
        let off = t * 4
        let r = yr.loadUnaligned(fromByteOffset: off, as: SIMD8<Float>.self)
            + av * xr.loadUnaligned(fromByteOffset: off, as: SIMD8<Float>.self)
            + bv * zr.loadUnaligned(fromByteOffset: off, as: SIMD8<Float>.self)
        yr.storeBytes(of: r, toByteOffset: off, as: SIMD8<Float>.self)
        t += 8
    }
    while t < l { y[t] += a * x[t] + b * z[t]; t += 1 }
}
