import Testing
import RecLabLinearAlgebra
import _TestSupport

@Suite struct CSRMatrixTests {
    @Test func tripletsSortColumnsAndKeepTheLastDuplicate() throws {
        let m = try CSRMatrix(rows: 2, cols: 3, triplets: [1, 0, 0, 1], [2, 2, 0, 2], [5, 1, 2, 7])
        #expect(m.rowPointers == [0, 2, 3])
        #expect(m.columnIndices == [0, 2, 2])
        #expect(m.values == [2, 1, 7])
    }

    @Test func invalidArraysAreRejectedWithTheReason() {
        #expect(throws: LinearAlgebraError.self) {
            try CSRMatrix(rows: 1, cols: 2, rowPointers: [0, 2], columnIndices: [1, 0], values: [1, 1])
        }
        #expect(throws: LinearAlgebraError.self) {
            try CSRMatrix(rows: 1, cols: 2, triplets: [0], [2], [1])
        }
    }

    @Test func transposeIsTheDenseTranspose() throws {
        let a = try TestMatrices.sparse(rows: 37, cols: 23, density: 0.2, seed: 1)
        #expect(a.transposed().toDense() == a.toDense().transposed())
        #expect(a.transposed().transposed() == a)
    }

    /// Sparse × dense against a naive Double triple loop; tolerance 1e-4
    /// (Float sums of ≤ 100 terms of magnitude ≤ 1).
    @Test(arguments: [(60, 40, 7), (5, 3000, 2048), (1, 50, 3), (200, 1, 9)])
    func productsMatchNaiveLoops(shape: (Int, Int, Int)) throws {
        let (m, n, l) = shape
        let a = try TestMatrices.sparse(rows: m, cols: n, density: 0.05, seed: 2)
        let x = TestMatrices.dense(rows: n, cols: l, seed: 3)
        let y = try a.multiplied(by: x)
        #expect(isApprox(y.values.map(Double.init), TestMatrices.naiveProduct(a.toDense(), x), abs: 1e-4))
        let z = TestMatrices.dense(rows: m, cols: l, seed: 4)
        let w = try a.transposeMultiplied(by: z)
        #expect(isApprox(w.values.map(Double.init), TestMatrices.naiveProduct(a.toDense().transposed(), z), abs: 1e-4))
    }

    @Test func shapeMismatchThrows() throws {
        let a = try TestMatrices.sparse(rows: 4, cols: 5, density: 0.5, seed: 5)
        #expect(throws: LinearAlgebraError.self) { try a.multiplied(by: DenseMatrix(rows: 4, cols: 2)) }
        #expect(throws: LinearAlgebraError.self) { try a.transposeMultiplied(by: DenseMatrix(rows: 5, cols: 2)) }
    }

    /// Σ_j var(column j) against the dense two-pass formula (1e-9 relative).
    @Test func totalColumnVarianceNeverDensifiesButAgrees() throws {
        let a = try TestMatrices.sparse(rows: 50, cols: 30, density: 0.1, seed: 6)
        let dense = a.toDense().columnVariances().reduce(0, +)
        #expect(isApprox(a.totalColumnVariance(), dense, abs: 1e-9, rel: 1e-9))
    }

    /// `multiply(_:into:)` overwrites (does not accumulate into) a reused buffer.
    @Test func multiplyIntoOverwritesTheBuffer() throws {
        let a = try TestMatrices.sparse(rows: 30, cols: 20, density: 0.2, seed: 25)
        let x = TestMatrices.dense(rows: 20, cols: 9, seed: 26)
        var y = DenseMatrix(rows: 30, cols: 9, repeating: 7)
        try a.multiply(x, into: &y)
        try a.multiply(x, into: &y)
        #expect(isApprox(y.values.map(Double.init), TestMatrices.naiveProduct(a.toDense(), x), abs: 1e-5))
        var wrong = DenseMatrix(rows: 29, cols: 9)
        #expect(throws: LinearAlgebraError.self) { try a.multiply(x, into: &wrong) }
    }

    /// Merged rows: duplicates (same columns and values) collapse into one row
    /// scaled by √count, first-occurrence order, and the Gram matrix MᵀM equals
    /// XᵀX (naive Double products); too few duplicates → nil.
    @Test func mergedDuplicateRowsKeepTheGramMatrix() throws {
        let base = try TestMatrices.sparse(rows: 4, cols: 6, density: 0.5, seed: 27).toDense()
        let order = [0, 1, 0, 2, 0, 1, 3, 3, 0, 2]  // counts 4, 2, 2, 2
        var rowsIdx: [Int32] = [], colsIdx: [Int32] = [], vals: [Float] = []
        for (i, src) in order.enumerated() {
            for j in 0..<6 where base[src, j] != 0 { rowsIdx.append(Int32(i)); colsIdx.append(Int32(j)); vals.append(base[src, j]) }
        }
        let x = try CSRMatrix(rows: order.count, cols: 6, triplets: rowsIdx, colsIdx, vals)
        let merged = try #require(x.mergedDuplicateRows())
        #expect(merged.rows == 4)
        let md = merged.toDense(), xd = x.toDense()
        for (u, count) in [(0, 4.0), (1, 2.0), (2, 2.0), (3, 2.0)] {
            for j in 0..<6 { #expect(isApprox(Double(md[u, j]), count.squareRoot() * Double(base[u, j]), abs: 1e-6)) }
        }
        let g1 = TestMatrices.naiveProduct(md.transposed(), md), g2 = TestMatrices.naiveProduct(xd.transposed(), xd)
        #expect(isApprox(g1, g2, abs: 1e-5))
        let distinct = try TestMatrices.sparse(rows: 50, cols: 40, density: 0.3, seed: 28)
        #expect(distinct.mergedDuplicateRows() == nil)
    }

    /// The AVX2 build of the block step (chosen at run time) and the baseline
    /// build give the same bits, including several column blocks (3,000 rows
    /// of a 2,048-column operand are three blocks) and widths that are not a
    /// multiple of 8; both agree with a naive Double loop.
    @Test(arguments: [(60, 40, 7), (5, 3000, 2048), (300, 500, 210), (40, 1500, 13)])
    func avx2AndBaselineBuildsGiveTheSameBits(shape: (Int, Int, Int)) throws {
        let (m, n, l) = shape
        let a = try TestMatrices.sparse(rows: m, cols: n, density: 0.08, seed: 29)
        let x = TestMatrices.dense(rows: n, cols: l, seed: 30)
        var fast = DenseMatrix(rows: m, cols: l), portable = DenseMatrix(rows: m, cols: l)
        try a.multiply(x, into: &fast, baselineOnly: false)
        try a.multiply(x, into: &portable, baselineOnly: true)
        #expect(fast.values == portable.values)
        #expect(isApprox(fast.values.map(Double.init), TestMatrices.naiveProduct(a.toDense(), x), abs: 1e-3))
    }
}
