import _COpenBLAS

/// The Gram matrix AᵀA of a row-major block of Float rows, through BLAS.
package enum Gram {
    /// Writes AᵀA into `c` (`cols × cols`, row stride `cStride`, both
    /// triangles), where A is `rows × cols` with row stride `aStride`
    /// (`aStride ≥ cols`; columns past `cols` are not read). `cblas_ssyrk`
    /// computes the upper triangle (OpenBLAS threads, single-precision
    /// accumulation as NumPy's `Y.T @ Y` on float32), then it is mirrored.
    /// Entries of `c` past column `cols` of each row are left untouched.
    /// O(rows · cols²) flops.
    package static func upperMirrored(_ a: UnsafePointer<Float>, rows: Int, cols: Int, aStride: Int,
                                      into c: UnsafeMutablePointer<Float>, cStride: Int) {
        precondition(aStride >= cols && cStride >= cols && rows >= 0, "Gram: strides must cover the columns")
        guard cols > 0 else { return }
        guard rows > 0 else {
            for i in 0..<cols { for j in 0..<cols { c[i * cStride + j] = 0 } }
            return
        }
        cblas_ssyrk(CblasRowMajor, CblasUpper, CblasTrans, Int32(cols), Int32(rows), 1, a, Int32(aStride), 0,
                    c, Int32(cStride))
        for i in 0..<cols { for j in (i + 1)..<cols { c[j * cStride + i] = c[i * cStride + j] } }
    }
}
