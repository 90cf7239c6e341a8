import _COpenBLAS

extension DenseMatrix {
    /// `op(self) · op(other)` through `cblas_sgemm` (single-precision GEMM,
    /// OpenBLAS threads). `op` is the transpose when the flag is set.
    /// O(m · n · k) flops. Throws on incompatible inner dimensions.
    public func multiplied(by other: DenseMatrix, transposeSelf: Bool = false,
                           transposeOther: Bool = false) throws -> DenseMatrix {
        let m = transposeSelf ? cols : rows
        let k = transposeSelf ? rows : cols
        let k2 = transposeOther ? other.cols : other.rows
        let n = transposeOther ? other.rows : other.cols
        guard k == k2 else {
            throw LinearAlgebraError("DenseMatrix.multiplied",
                                     "inner dimensions differ: \(m) × \(k) times \(k2) × \(n)")
        }
        var out = DenseMatrix(rows: m, cols: n)
        guard m > 0, n > 0, k > 0 else { return out }
        values.withUnsafeBufferPointer { a in
            other.values.withUnsafeBufferPointer { b in
                out.values.withUnsafeMutableBufferPointer { c in
                    cblas_sgemm(CblasRowMajor,
                                transposeSelf ? CblasTrans : CblasNoTrans,
                                transposeOther ? CblasTrans : CblasNoTrans,
                                Int32(m), Int32(n), Int32(k), 1,
                                a.baseAddress, Int32(max(1, cols)),
                                b.baseAddress, Int32(max(1, other.cols)), 0,
                                c.baseAddress, Int32(max(1, n)))
                }
            }
        }
        return out
    }

    /// `self · x` for a vector `x` of length `cols`, through `cblas_sgemv`. O(rows · cols).
    public func multiplied(byVector x: [Float]) throws -> [Float] {
        guard x.count == cols else {
            throw LinearAlgebraError("DenseMatrix.multiplied(byVector:)", "matrix \(rows) × \(cols) times vector of \(x.count)")
        }
        var y = [Float](repeating: 0, count: rows)
        guard rows > 0, cols > 0 else { return y }
        values.withUnsafeBufferPointer { a in
            cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(rows), Int32(cols), 1, a.baseAddress, Int32(cols),
                        x, 1, 0, &y, 1)
        }
        return y
    }
}
