import _AVX2Kernels

extension CSRMatrix {
    /// Rows of the dense operand per cache block in `multiplied(by:)`: about
    /// 2 MiB of it, so that a block stays near the core (each core's L2 plus
    /// its share of L3) while every output row gathers from it. Unblocked
    /// gathers over a 138k-row operand are memory-latency-bound (stack notes:
    /// about three times slower); 2 MiB beats both 8 MiB and 1 MiB on the
    /// 27k × 138k collab SVD (BENCHMARKS.md, Similarity and SVD).
    static func denseBlockRows(columns l: Int) -> Int { max(1024, (2 << 20) / max(1, 4 * l)) }

    /// `self · x` for a dense `x` (`cols × l`): `Y[i, :] = Σ_p values[p] · X[col[p], :]`.
    ///
    /// Parallel over contiguous row chunks of the output when nnz · l ≥ 2²³
    /// (disjoint writes, so the result is bit-identical whatever the thread
    /// count); the columns of
    /// `self` (rows of `x`) are walked in cache-sized blocks with a per-row
    /// cursor (`SparseDenseBlock`, the AVX2 build when the CPU has it). O(nnz · l)
    /// flops, Float accumulation in nnz order within a row.
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
        try multiply(x, into: &y, baselineOnly: false)
    }

    /// `multiply(_:into:)`; `baselineOnly` forces the portable build of the
    /// block step (tests check both builds give the same bits).
    package func multiply(_ x: DenseMatrix, into y: inout DenseMatrix, baselineOnly: Bool) throws {
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
                            let avx2 = AVX2.isAvailable && !baselineOnly
                            ParallelRange.forEachChunk(rowCount, chunks: parallel ? nil : 1, minimumPerChunk: 16) { range in
                                var cursor = [Int](unsafeUninitializedCapacity: range.count) { buf, n in
                                    for i in range { buf[i - range.lowerBound] = rpP.base[i] }
                                    n = range.count
                                }
                                cursor.withUnsafeMutableBufferPointer { cur in
                                    for b in 0..<nBlocks {
                                        let blockEnd = Int32(min(colCount, (b + 1) * block))
                                        if avx2 {
                                            SparseDenseBlockAVX2.accumulate(rpP.base, ciP.base, vsP.base, xP.base, yP.base, l,
                                                                            rows: range, cursor: cur.baseAddress!,
                                                                            blockEnd: blockEnd)
                                        } else {
                                            SparseDenseBlock.accumulate(rpP.base, ciP.base, vsP.base, xP.base, yP.base, l,
                                                                        rows: range, cursor: cur.baseAddress!, blockEnd: blockEnd)
                                        }
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
