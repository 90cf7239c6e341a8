import _COpenBLAS

extension Decompositions {
    /// Replaces the symmetric positive-definite `n × n` matrix `a` (double
    /// precision, row-major; only its upper triangle is read) by its inverse,
    /// both triangles filled:
    /// Cholesky factorisation `a = Uᵀ·U` (`dpotrf`), then `a⁻¹` from the
    /// factor (`dpotri`), then the computed triangle mirrored.
    ///
    /// A row-major upper triangle is a column-major lower one, so LAPACK is
    /// called column-major on the lower triangle and works in place, without
    /// the copies LAPACKE makes for row-major input. O(n³) flops (n³/3 for the
    /// factorisation, 2n³/3 for the inverse), no memory beyond `a`.
    ///
    /// Error bounds: the inverse's relative error is about
    /// cond(a) · 1e-16 (backward-stable Cholesky). Throws `LinearAlgebraError`
    /// when `a` is not positive definite (LAPACK info > 0: the order of the
    /// first non-positive leading minor) or the shape is wrong.
    public static func invertSymmetricPositiveDefinite(_ a: inout [Double], n: Int) throws {
        guard n >= 0, a.count == n * n else {
            throw LinearAlgebraError("Decompositions.invertSymmetricPositiveDefinite",
                                     "expected \(n) × \(n) = \(n * n) values, got \(a.count)")
        }
        guard n > 0 else { return }
        let lower = Int8(UInt8(ascii: "L"))
        var info = LAPACKE_dpotrf(LAPACK_COL_MAJOR, lower, Int32(n), &a, Int32(n))
        guard info == 0 else {
            let why = info > 0 ? "not positive definite (leading minor \(info))" : "bad argument \(-info)"
            throw LinearAlgebraError("dpotrf", "LAPACK info = \(info): \(why)")
        }
        info = LAPACKE_dpotri(LAPACK_COL_MAJOR, lower, Int32(n), &a, Int32(n))
        guard info == 0 else { throw LinearAlgebraError("dpotri", "LAPACK info = \(info): singular factor") }
        // Column-major lower = row-major upper: element (i, j), i < j, is at i·n + j. Mirror it below.
        a.withUnsafeMutableBufferPointer { p in
            for i in 0..<n { for j in (i + 1)..<n { p[j * n + i] = p[i * n + j] } }
        }
    }
}
