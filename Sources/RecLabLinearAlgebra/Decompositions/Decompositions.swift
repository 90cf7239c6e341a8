import _COpenBLAS

/// Dense factorisations through LAPACKE (row-major storage, single precision).
///
/// Each returns new matrices and throws `LinearAlgebraError` with LAPACK's
/// `info` when the routine reports failure (for example non-convergence).
public enum Decompositions {
    /// Thin QR: the `m × n` matrix with orthonormal columns spanning `a`'s
    /// columns (m ≥ n), by Householder reflections (`sgeqrf`) then their
    /// accumulation (`sorgqr`). O(2mn² − 2n³/3) flops each. Columns of the
    /// result are orthonormal to ~1e-6 (Float).
    public static func orthonormalBasis(_ a: DenseMatrix) throws -> DenseMatrix {
        let m = a.rows, n = a.cols
        guard m >= n else {
            throw LinearAlgebraError("Decompositions.orthonormalBasis", "needs rows ≥ columns, got \(m) × \(n)")
        }
        guard n > 0 else { return a }
        var q = a
        var tau = [Float](repeating: 0, count: n)
        var info = q.values.withUnsafeMutableBufferPointer { p in
            LAPACKE_sgeqrf(LAPACK_ROW_MAJOR, Int32(m), Int32(n), p.baseAddress, Int32(n), &tau)
        }
        guard info == 0 else { throw LinearAlgebraError("sgeqrf", "LAPACK info = \(info)") }
        info = q.values.withUnsafeMutableBufferPointer { p in
            LAPACKE_sorgqr(LAPACK_ROW_MAJOR, Int32(m), Int32(n), Int32(n), p.baseAddress, Int32(n), &tau)
        }
        guard info == 0 else { throw LinearAlgebraError("sorgqr", "LAPACK info = \(info)") }
        return q
    }

    /// Thin SVD `a = U · diag(s) · Vᵀ` by divide and conquer (`sgesdd`, jobz = "S"):
    /// `U` is m × r, `s` has r values in decreasing order, `Vt` is r × n,
    /// r = min(m, n). O(m n r) flops.
    public static func svd(_ a: DenseMatrix) throws -> (u: DenseMatrix, s: [Float], vt: DenseMatrix) {
        let m = a.rows, n = a.cols, r = min(m, n)
        guard r > 0 else {
            throw LinearAlgebraError("Decompositions.svd", "empty matrix \(m) × \(n)")
        }
        var work = a
        var s = [Float](repeating: 0, count: r)
        var u = DenseMatrix(rows: m, cols: r)
        var vt = DenseMatrix(rows: r, cols: n)
        let info = work.values.withUnsafeMutableBufferPointer { pa in
            u.values.withUnsafeMutableBufferPointer { pu in
                vt.values.withUnsafeMutableBufferPointer { pv in
                    LAPACKE_sgesdd(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "S")), Int32(m), Int32(n),
                                   pa.baseAddress, Int32(n), &s, pu.baseAddress, Int32(r),
                                   pv.baseAddress, Int32(n))
                }
            }
        }
        guard info == 0 else { throw LinearAlgebraError("sgesdd", "LAPACK info = \(info) (no convergence?)") }
        return (u, s, vt)
    }

    /// Eigen-decomposition of a symmetric matrix (upper triangle read) by
    /// divide and conquer (`ssyevd`): eigenvalues ascending, eigenvectors as
    /// the columns of the returned matrix. O(n³) flops.
    public static func symmetricEigen(_ a: DenseMatrix) throws -> (values: [Float], vectors: DenseMatrix) {
        let n = a.rows
        guard n == a.cols else {
            throw LinearAlgebraError("Decompositions.symmetricEigen", "matrix is not square: \(a.rows) × \(a.cols)")
        }
        guard n > 0 else { return ([], a) }
        var v = a
        var w = [Float](repeating: 0, count: n)
        let info = v.values.withUnsafeMutableBufferPointer { p in
            LAPACKE_ssyevd(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "V")), Int8(UInt8(ascii: "U")), Int32(n),
                           p.baseAddress, Int32(n), &w)
        }
        guard info == 0 else { throw LinearAlgebraError("ssyevd", "LAPACK info = \(info)") }
        return (w, v)
    }

    /// The `count` largest eigenpairs of a symmetric `n × n` matrix given in
    /// double precision (row-major, upper triangle read), by relatively robust
    /// representations (`dsyevr`, range "I"): eigenvalues in *decreasing*
    /// order and the matching eigenvectors as the columns of an `n × count`
    /// row-major array. O(n³) for the tridiagonal reduction plus O(n² · count).
    public static func largestSymmetricEigenpairs(_ a: [Double], n: Int, count: Int) throws
        -> (values: [Double], vectors: [Double]) {
        guard a.count == n * n, count >= 1, count <= n else {
            throw LinearAlgebraError("Decompositions.largestSymmetricEigenpairs",
                                     "expected an \(n) × \(n) matrix and 1 ≤ count ≤ n, got count \(count)")
        }
        var work = a
        var found: Int32 = 0
        var w = [Double](repeating: 0, count: n)
        var z = [Double](repeating: 0, count: n * count)
        var support = [Int32](repeating: 0, count: 2 * count)
        let info = LAPACKE_dsyevr(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "V")), Int8(UInt8(ascii: "I")),
                                  Int8(UInt8(ascii: "U")), Int32(n), &work, Int32(n), 0, 0,
                                  Int32(n - count + 1), Int32(n), 0, &found, &w, &z, Int32(count), &support)
        guard info == 0, Int(found) == count else {
            throw LinearAlgebraError("dsyevr", "LAPACK info = \(info), \(found) of \(count) eigenpairs found")
        }
        // dsyevr returns ascending order: reverse values and columns.
        var values = [Double](repeating: 0, count: count)
        var vectors = [Double](repeating: 0, count: n * count)
        for j in 0..<count {
            values[j] = w[count - 1 - j]
            for i in 0..<n { vectors[i * count + j] = z[i * count + (count - 1 - j)] }
        }
        return (values, vectors)
    }
}
