import _COpenBLAS

/// Dense factorisations through LAPACKE (row-major storage, single precision).
///
/// Each returns new matrices and throws `LinearAlgebraError` with LAPACK's
/// `info` when the routine reports failure (for example non-convergence).
public enum Decompositions {
    /// Thin QR: the `m × n` matrix with orthonormal columns spanning `a`'s
    /// columns (m ≥ n), by Householder reflections. O(2mn² − 2n³/3) flops
    /// each. Columns of the result are orthonormal to ~1e-6 (Float).
    ///
    /// Row-major `a` is, read column-major, `aᵀ` (n × m); its LQ factorisation
    /// `aᵀ = L·Q` (`sgelqf`, then `sorglq` to form Q) is the transpose of
    /// `a = Qᵀ·Lᵀ`, and Q's orthonormal rows, stored column-major, are the
    /// row-major orthonormal columns wanted. The same reflections as a QR of
    /// `a`, without LAPACKE's two row-/column-major transposes.
    public static func orthonormalBasis(_ a: DenseMatrix) throws -> DenseMatrix {
        let m = a.rows, n = a.cols
        guard try isTallAndNonEmpty(a, "Decompositions.orthonormalBasis") else { return a }
        var q = a
        var tau = [Float](repeating: 0, count: n)
        var info = q.values.withUnsafeMutableBufferPointer { p in
            LAPACKE_sgelqf(LAPACK_COL_MAJOR, Int32(n), Int32(m), p.baseAddress, Int32(n), &tau)
        }
        guard info == 0 else { throw LinearAlgebraError("sgelqf", "LAPACK info = \(info)") }
        info = q.values.withUnsafeMutableBufferPointer { p in
            LAPACKE_sorglq(LAPACK_COL_MAJOR, Int32(n), Int32(m), Int32(n), p.baseAddress, Int32(n), &tau)
        }
        guard info == 0 else { throw LinearAlgebraError("sorglq", "LAPACK info = \(info)") }
        return q
    }

    /// A basis of `a`'s column space that is cheap rather than orthonormal:
    /// `P·L` from the partial-pivoting LU factorisation `a = P·L·U`
    /// (`sgetrf`), where `L` is `m × n` unit lower trapezoidal. When `a` has
    /// full column rank, `U` is invertible and `P·L` spans the same space; a
    /// zero pivot (rank deficiency) leaves a unit column, so the result always
    /// has full column rank. O(mn² − n³/3) flops — about a quarter of
    /// `orthonormalBasis` (which also accumulates Q) — and |entries| ≤ 1,
    /// which is what a power iteration needs between products: the randomized
    /// SVD normalises with this between products, as scikit-learn's
    /// `randomized_range_finder` does with `power_iteration_normalizer="LU"`.
    public static func luBasis(_ a: DenseMatrix) throws -> DenseMatrix {
        let m = a.rows, n = a.cols
        guard try isTallAndNonEmpty(a, "Decompositions.luBasis") else { return a }
        var f = a
        var pivots = [Int32](repeating: 0, count: n)
        let info = f.values.withUnsafeMutableBufferPointer { p in
            LAPACKE_sgetrf(LAPACK_ROW_MAJOR, Int32(m), Int32(n), p.baseAddress, Int32(n), &pivots)
        }
        // info > 0 is an exactly zero pivot: L is still complete (see above).
        guard info >= 0 else { throw LinearAlgebraError("sgetrf", "LAPACK info = \(info)") }
        f.values.withUnsafeMutableBufferPointer { p in
            for i in 0..<m {  // keep L: unit diagonal, zero above it
                let row = i * n
                if i < n {
                    p[row + i] = 1
                    for j in (i + 1)..<n { p[row + j] = 0 }
                }
            }
            // a = P0·P1⋯P(n−1)·L·U: apply the row swaps to L in reverse order.
            for i in stride(from: n - 1, through: 0, by: -1) {
                let r = Int(pivots[i]) - 1
                guard r != i else { continue }
                for j in 0..<n { p.swapAt(i * n + j, r * n + j) }
            }
        }
        return f
    }

    /// Throws unless `a` has at least as many rows as columns; false when it
    /// has no columns (then the basis is `a` itself).
    private static func isTallAndNonEmpty(_ a: DenseMatrix, _ op: String) throws -> Bool {
        guard a.rows >= a.cols else {
            throw LinearAlgebraError(op, "needs rows ≥ columns, got \(a.rows) × \(a.cols)")
        }
        return a.cols > 0
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

    /// The `count` largest eigenpairs of the symmetric-definite pencil
    /// `A e = λ B e` (`A` symmetric, `B` symmetric positive definite; both
    /// `n × n`, row-major, double precision, upper triangles read), by
    /// `dsygvd` (Cholesky of B, then divide and conquer): eigenvalues in
    /// *decreasing* order and the eigenvectors as the columns of an
    /// `n × count` row-major array, normalised so that `Eᵀ B E = I`. O(n³).
    /// Throws when B is not positive definite (LAPACK info > n).
    public static func largestGeneralizedEigenpairs(_ a: [Double], _ b: [Double], n: Int, count: Int) throws
        -> (values: [Double], vectors: [Double]) {
        guard a.count == n * n, b.count == n * n, count >= 1, count <= n else {
            throw LinearAlgebraError("Decompositions.largestGeneralizedEigenpairs",
                                     "expected two \(n) × \(n) matrices and 1 ≤ count ≤ n, got count \(count)")
        }
        var v = a, bb = b
        var w = [Double](repeating: 0, count: n)
        let info = LAPACKE_dsygvd(LAPACK_ROW_MAJOR, 1, Int8(UInt8(ascii: "V")), Int8(UInt8(ascii: "U")), Int32(n),
                                  &v, Int32(n), &bb, Int32(n), &w)
        guard info == 0 else {
            let why = info > Int32(n) ? "B is not positive definite (leading minor \(Int(info) - n))" : "no convergence"
            throw LinearAlgebraError("dsygvd", "LAPACK info = \(info): \(why)")
        }
        return largestLast(w, v, n: n, count: count)
    }

    /// The last `count` of `n` ascending eigenvalues and their eigenvectors
    /// (columns of the row-major `n × n` array `v`), in decreasing order.
    private static func largestLast(_ w: [Double], _ v: [Double], n: Int, count: Int)
        -> (values: [Double], vectors: [Double]) {
        var values = [Double](repeating: 0, count: count)
        var vectors = [Double](repeating: 0, count: n * count)
        for j in 0..<count {
            let c = n - 1 - j
            values[j] = w[c]
            for i in 0..<n { vectors[i * count + j] = v[i * n + c] }
        }
        return (values, vectors)
    }

    /// The `count` largest eigenpairs of a symmetric `n × n` matrix given in
    /// double precision (row-major, upper triangle read), by relatively robust
    /// representations (`dsyevr`, range "I"): eigenvalues in *decreasing*
    /// order and the matching eigenvectors as the columns of an `n × count`
    /// row-major array. O(n³) for the tridiagonal reduction plus O(n² · count).
    /// When `count` is at least half of `n` (the randomized SVD's small
    /// Rayleigh–Ritz problem), all pairs by divide and conquer (`dsyevd`) are
    /// cheaper than `dsyevr`'s bisection for a subset, and the top ones are kept.
    public static func largestSymmetricEigenpairs(_ a: [Double], n: Int, count: Int) throws
        -> (values: [Double], vectors: [Double]) {
        guard a.count == n * n, count >= 1, count <= n else {
            throw LinearAlgebraError("Decompositions.largestSymmetricEigenpairs",
                                     "expected an \(n) × \(n) matrix and 1 ≤ count ≤ n, got count \(count)")
        }
        if 2 * count >= n {
            var v = a
            var w = [Double](repeating: 0, count: n)
            let info = LAPACKE_dsyevd(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "V")), Int8(UInt8(ascii: "U")), Int32(n),
                                      &v, Int32(n), &w)
            guard info == 0 else { throw LinearAlgebraError("dsyevd", "LAPACK info = \(info)") }
            return largestLast(w, v, n: n, count: count)
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
