import Testing
import RecLabLinearAlgebra

@Suite struct DecompositionTests {
    @Test func gemmMatchesNaiveProductWithTransposes() throws {
        let a = TestMatrices.dense(rows: 7, cols: 5, seed: 10), b = TestMatrices.dense(rows: 5, cols: 4, seed: 11)
        #expect(TestMatrices.maxAbsDiff(try a.multiplied(by: b).values, TestMatrices.naiveProduct(a, b)) < 1e-5)
        let at = a.transposed(), bt = b.transposed()
        let c = try at.multiplied(by: bt, transposeSelf: true, transposeOther: true)
        #expect(TestMatrices.maxAbsDiff(c.values, TestMatrices.naiveProduct(a, b)) < 1e-5)
        #expect(throws: LinearAlgebraError.self) { try a.multiplied(by: a) }
    }

    /// QᵀQ = I and QQᵀY = Y (Y's columns lie in Q's span), to 1e-5.
    @Test func qrGivesAnOrthonormalBasisOfTheColumns() throws {
        let y = TestMatrices.dense(rows: 40, cols: 6, seed: 12)
        let q = try Decompositions.orthonormalBasis(y)
        let qtq = try q.multiplied(by: q, transposeSelf: true)
        for i in 0..<6 { for j in 0..<6 { #expect(abs(qtq[i, j] - (i == j ? 1 : 0)) < 1e-5) } }
        let proj = try q.multiplied(by: try q.multiplied(by: y, transposeSelf: true))
        #expect(zip(proj.values, y.values).allSatisfy { abs($0 - $1) < 1e-5 })
    }

    /// U diag(s) Vᵀ reconstructs A to 1e-5, singular values decrease.
    @Test func svdReconstructs() throws {
        let a = TestMatrices.dense(rows: 9, cols: 5, seed: 13)
        let (u, s, vt) = try Decompositions.svd(a)
        var us = u
        for i in 0..<us.rows { for j in 0..<us.cols { us[i, j] *= s[j] } }
        let back = try us.multiplied(by: vt)
        #expect(zip(back.values, a.values).allSatisfy { abs($0 - $1) < 1e-5 })
        #expect(zip(s, s.dropFirst()).allSatisfy { $0 >= $1 })
    }

    /// A v = λ v for each eigenpair of a symmetric AᵀA, to 1e-4.
    @Test func symmetricEigenPairsSatisfyTheDefinition() throws {
        let b = TestMatrices.dense(rows: 8, cols: 5, seed: 14)
        let a = try b.multiplied(by: b, transposeSelf: true)
        let (w, v) = try Decompositions.symmetricEigen(a)
        #expect(zip(w, w.dropFirst()).allSatisfy { $0 <= $1 })
        for j in 0..<5 {
            let col = (0..<5).map { v[$0, j] }
            let av = try a.multiplied(byVector: col)
            #expect(zip(av, col).allSatisfy { abs($0 - w[j] * $1) < 1e-4 })
        }
    }
}
