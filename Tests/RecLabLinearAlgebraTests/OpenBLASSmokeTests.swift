import Testing
import _COpenBLAS
import _TestSupport

/// The C boundary links and computes: CBLAS sgemm and LAPACKE sgesdd on tiny
/// matrices whose answers are known in closed form.
@Suite struct OpenBLASSmokeTests {
    @Test func sgemmMultipliesRowMajorMatrices() {
        // [1 2; 3 4] × [5 6; 7 8] = [19 22; 43 50]
        let a: [Float] = [1, 2, 3, 4], b: [Float] = [5, 6, 7, 8]
        var c = [Float](repeating: 0, count: 4)
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, 2, 2, 2, 1, a, 2, b, 2, 0, &c, 2)
        #expect(c == [19, 22, 43, 50])
    }

    @Test func sgesddFindsSingularValues() {
        // A = [[3, 0], [4, 5]]: AᵀA = [[25, 20], [20, 25]] has eigenvalues 45 and 5,
        // so σ = (√45, √5), in decreasing order. Tolerance 1e-5 (Float).
        var a: [Float] = [3, 0, 4, 5]
        var s = [Float](repeating: 0, count: 2)
        var u = [Float](repeating: 0, count: 4), vt = [Float](repeating: 0, count: 4)
        let info = LAPACKE_sgesdd(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "A")), 2, 2, &a, 2, &s, &u, 2, &vt, 2)
        #expect(info == 0)
        #expect(isApprox(s[0], 45.0.squareRoot().float, abs: 1e-5))
        #expect(isApprox(s[1], 5.0.squareRoot().float, abs: 1e-5))
    }
}

private extension Double { var float: Float { Float(self) } }
