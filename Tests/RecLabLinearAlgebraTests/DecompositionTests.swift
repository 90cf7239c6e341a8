import Testing
import RecLabLinearAlgebra
import _TestSupport

@Suite struct DecompositionTests {
    @Test func gemmMatchesNaiveProductWithTransposes() throws {
        let a = TestMatrices.dense(rows: 7, cols: 5, seed: 10), b = TestMatrices.dense(rows: 5, cols: 4, seed: 11)
        #expect(isApprox(try a.multiplied(by: b).values.map(Double.init), TestMatrices.naiveProduct(a, b), abs: 1e-5))
        let at = a.transposed(), bt = b.transposed()
        let c = try at.multiplied(by: bt, transposeSelf: true, transposeOther: true)
        #expect(isApprox(c.values.map(Double.init), TestMatrices.naiveProduct(a, b), abs: 1e-5))
        #expect(throws: LinearAlgebraError.self) { try a.multiplied(by: a) }
    }

    /// QᵀQ = I and QQᵀY = Y (Y's columns lie in Q's span), to 1e-5.
    @Test func qrGivesAnOrthonormalBasisOfTheColumns() throws {
        let y = TestMatrices.dense(rows: 40, cols: 6, seed: 12)
        let q = try Decompositions.orthonormalBasis(y)
        let qtq = try q.multiplied(by: q, transposeSelf: true)
        for i in 0..<6 { for j in 0..<6 { #expect(isApprox(qtq[i, j], i == j ? 1 : 0, abs: 1e-5)) } }
        let proj = try q.multiplied(by: try q.multiplied(by: y, transposeSelf: true))
        #expect(isApprox(proj.values, y.values, abs: 1e-5))
    }

    /// U diag(s) Vᵀ reconstructs A to 1e-5, singular values decrease.
    @Test func svdReconstructs() throws {
        let a = TestMatrices.dense(rows: 9, cols: 5, seed: 13)
        let (u, s, vt) = try Decompositions.svd(a)
        var us = u
        for i in 0..<us.rows { for j in 0..<us.cols { us[i, j] *= s[j] } }
        let back = try us.multiplied(by: vt)
        #expect(isApprox(back.values, a.values, abs: 1e-5))
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
            #expect(isApprox(av, col.map { w[j] * $0 }, abs: 1e-4))
        }
    }

    /// The LU basis spans the input's columns (projecting the input onto the
    /// basis' span recovers it, via an independent QR of the basis), has
    /// |entries| ≤ 1, and un-pivoted it is unit lower trapezoidal: some row
    /// order makes the top n × n block unit lower triangular.
    @Test(arguments: [(40, 6, UInt64(15)), (300, 25, 16), (7, 7, 17)])
    func luBasisSpansTheColumnsWithBoundedEntries(shape: (Int, Int, UInt64)) throws {
        let (m, n, seed) = shape
        let y = TestMatrices.dense(rows: m, cols: n, seed: seed)
        let b = try Decompositions.luBasis(y)
        #expect(b.values.allSatisfy { abs($0) <= 1 + 1e-6 })
        let q = try Decompositions.orthonormalBasis(b)
        let proj = try q.multiplied(by: try q.multiplied(by: y, transposeSelf: true))
        #expect(isApprox(proj.values, y.values, abs: 1e-4))
        // Column j has a 1 in a row whose entries right of j are 0 and left of j are arbitrary.
        var used = Set<Int>()
        for j in 0..<n {
            let row = (0..<m).first { i in !used.contains(i) && b[i, j] == 1 && ((j + 1)..<n).allSatisfy { b[i, $0] == 0 } }
            #expect(row != nil, "no pivot row for column \(j)")
            if let row { used.insert(row) }
        }
    }

    /// A zero matrix (every pivot exactly 0) still gets a full-rank basis, not an error.
    @Test func luBasisOfAZeroMatrixHasFullRank() throws {
        let b = try Decompositions.luBasis(DenseMatrix(rows: 5, cols: 3))
        let s = try Decompositions.svd(b).s
        #expect(s.allSatisfy { $0 > 0.5 })
    }

    /// A e = λ B e with Eᵀ B E = I, λ decreasing, checked against the
    /// definition in Double; and the pencil's eigenvalues equal those of the
    /// standard problem L⁻¹ A L⁻ᵀ when B = I (dsyevr path).
    @Test func generalizedEigenpairsSatisfyTheDefinition() throws {
        let n = 6
        let f = TestMatrices.dense(rows: 9, cols: n, seed: 18), g = TestMatrices.dense(rows: 12, cols: n, seed: 19)
        let a = TestMatrices.naiveProduct(f.transposed(), f), b = TestMatrices.naiveProduct(g.transposed(), g)
        let (w, e) = try Decompositions.largestGeneralizedEigenpairs(a, b, n: n, count: 4)
        #expect(zip(w, w.dropFirst()).allSatisfy { $0 >= $1 })
        for j in 0..<4 {
            for i in 0..<n {
                var ae = 0.0, be = 0.0
                for k in 0..<n { ae += a[i * n + k] * e[k * 4 + j]; be += b[i * n + k] * e[k * 4 + j] }
                #expect(isApprox(ae, w[j] * be, abs: 1e-9 * max(1, abs(w[0]))))
            }
            for j2 in 0..<4 {
                var ebe = 0.0
                for i in 0..<n { for k in 0..<n { ebe += e[i * 4 + j] * b[i * n + k] * e[k * 4 + j2] } }
                #expect(isApprox(ebe, j == j2 ? 1 : 0, abs: 1e-9))
            }
        }
        let identity = (0..<(n * n)).map { $0 % (n + 1) == 0 ? 1.0 : 0.0 }
        let gen = try Decompositions.largestGeneralizedEigenpairs(a, identity, n: n, count: 2).values
        let std = try Decompositions.largestSymmetricEigenpairs(a, n: n, count: 2).values
        #expect(isApprox(gen, std, abs: 1e-9 * abs(std[0])))
        let notDefinite = [Double](repeating: 0, count: n * n)
        #expect(throws: LinearAlgebraError.self) { try Decompositions.largestGeneralizedEigenpairs(a, notDefinite, n: n, count: 2) }
    }

    /// Both eigen paths (subset by dsyevr, all by dsyevd when count ≥ n/2)
    /// give the same top pairs, checked against A v = λ v.
    @Test(arguments: [2, 9])
    func largestSymmetricEigenpairsBothPaths(count: Int) throws {
        let n = 12
        let f = TestMatrices.dense(rows: 20, cols: n, seed: 24)
        let a = TestMatrices.naiveProduct(f.transposed(), f)
        let (w, v) = try Decompositions.largestSymmetricEigenpairs(a, n: n, count: count)
        #expect(zip(w, w.dropFirst()).allSatisfy { $0 >= $1 })
        for j in 0..<count {
            for i in 0..<n {
                var av = 0.0
                for k in 0..<n { av += a[i * n + k] * v[k * count + j] }
                #expect(isApprox(av, w[j] * v[i * count + j], abs: 1e-9 * w[0]))
            }
        }
    }
}
