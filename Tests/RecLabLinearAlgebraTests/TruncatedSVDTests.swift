import Testing
import RecLabLinearAlgebra
import _TestSupport

@Suite struct TruncatedSVDTests {
    /// A rank-8 signal plus small noise, 300 × 120, half the entries dropped.
    static func lowRankPlusNoise() throws -> CSRMatrix {
        let left = TestMatrices.dense(rows: 300, cols: 8, seed: 20)
        let right = TestMatrices.dense(rows: 8, cols: 120, seed: 21)
        let noise = TestMatrices.dense(rows: 300, cols: 120, seed: 22)
        let mask = TestMatrices.dense(rows: 300, cols: 120, seed: 23)
        let signal = try left.multiplied(by: right)
        var r: [Int32] = [], c: [Int32] = [], v: [Float] = []
        for i in 0..<300 { for j in 0..<120 where mask[i, j] > 0 {
            r.append(Int32(i)); c.append(Int32(j)); v.append(signal[i, j] + 0.01 * noise[i, j])
        } }
        return try CSRMatrix(rows: 300, cols: 120, triplets: r, c, v)
    }

    /// Randomized singular values of the rank-8 signal agree with LAPACK's exact
    /// ones to 1e-3 relative (components 9–10 are flat noise, which a range finder
    /// only approximates; they enter the cumulative variance check, to 1e-3).
    @Test func randomizedMatchesExactSingularValues() throws {
        let x = try Self.lowRankPlusNoise()
        let exact = try TruncatedSVD.fit(x, options: .init(components: 10, method: .exact))
        let rand = try TruncatedSVD.fit(x, options: .init(components: 10, method: .randomized, seed: 7))
        #expect(exact.method == .exact && rand.method == .randomized)
        for (a, b) in zip(exact.singularValues, rand.singularValues).prefix(8) { #expect(isApprox(b, a, abs: 1e-3 * exact.singularValues[0])) }
        for (a, b) in zip(exact.explainedVariance.cumulative, rand.explainedVariance.cumulative) { #expect(isApprox(b, a, abs: 1e-3)) }
    }

    /// `transformed` is X·V (checked by an independent product) and the
    /// explained-variance ratio follows scikit-learn's definition computed densely here.
    @Test func transformedIsXVAndVarianceFollowsTheDefinition() throws {
        let x = try Self.lowRankPlusNoise()
        let svd = try TruncatedSVD.fit(x, options: .init(components: 6, method: .randomized, seed: 1))
        let xv = TestMatrices.naiveProduct(x.toDense(), svd.rightSingularVectors)
        #expect(isApprox(svd.transformed.values.map(Double.init), xv, abs: 1e-3))
        let dense = x.toDense()
        let total = dense.columnVariances().reduce(0, +)
        let proj = try DenseMatrix(rows: 300, cols: 6, values: xv.map(Float.init)).columnVariances()
        for j in 0..<6 { #expect(isApprox(svd.explainedVariance.ratios[j], proj[j] / total, abs: 1e-4)) }
        #expect(isApprox(svd.explainedVariance.cumulative[5], svd.explainedVariance.ratios.reduce(0, +), abs: 1e-12))
    }

    /// Most rows repeated (like movies that carry only their genres): the
    /// randomized path merges them internally, and must still agree with the
    /// exact path (which does not) on σ and the explained variance, and give
    /// every copy of a row the same latent row.
    @Test func repeatedRowsGiveTheSameDecomposition() throws {
        let distinct = try Self.lowRankPlusNoise().toDense()
        var r: [Int32] = [], c: [Int32] = [], v: [Float] = []
        var source: [Int] = []
        for i in 0..<900 {
            let src = i < 300 ? i : (i * 7) % 40  // 600 extra copies of 40 rows
            source.append(src)
            for j in 0..<120 where distinct[src, j] != 0 { r.append(Int32(i)); c.append(Int32(j)); v.append(distinct[src, j]) }
        }
        let x = try CSRMatrix(rows: 900, cols: 120, triplets: r, c, v)
        #expect(x.mergedDuplicateRows()?.rows == 300)
        let exact = try TruncatedSVD.fit(x, options: .init(components: 8, method: .exact))
        let rand = try TruncatedSVD.fit(x, options: .init(components: 8, oversamples: 20, method: .randomized, seed: 5))
        for (a, b) in zip(exact.singularValues, rand.singularValues) { #expect(isApprox(b, a, abs: 1e-3 * exact.singularValues[0])) }
        for (a, b) in zip(exact.explainedVariance.cumulative, rand.explainedVariance.cumulative) { #expect(isApprox(b, a, abs: 1e-3)) }
        for i in 300..<900 {
            #expect(rand.transformed.row(i) == rand.transformed.row(source[i]))
        }
    }

    @Test func sameSeedSameNumbers() throws {
        let x = try Self.lowRankPlusNoise()
        let a = try TruncatedSVD.fit(x, options: .init(components: 5, method: .randomized, seed: 3))
        let b = try TruncatedSVD.fit(x, options: .init(components: 5, method: .randomized, seed: 3))
        #expect(a.transformed == b.transformed)
    }

    @Test(arguments: [0, 120, 500])
    func componentsOutsideOneToMinDimensionAreAClearError(k: Int) throws {
        let x = try Self.lowRankPlusNoise()
        #expect(throws: LinearAlgebraError.self) { try TruncatedSVD.fit(x, options: .init(components: k)) }
    }

    @Test func oneRowMatrixHasNoTruncatedSVD() throws {
        let x = try CSRMatrix(rows: 1, cols: 5, triplets: [0, 0], [1, 3], [2, 4])
        let error = #expect(throws: LinearAlgebraError.self) { try TruncatedSVD.fit(x, options: .init(components: 1)) }
        #expect(error?.message.contains("less than min(rows, cols) = 1") == true)
    }

    /// An all-zero column contributes no variance and no NaN; an all-zero matrix gives ratios of 0.
    @Test func zeroColumnsAndZeroMatricesStayFinite() throws {
        var x = try TestMatrices.sparse(rows: 40, cols: 10, density: 0.3, seed: 30)
        x = x.mapValues { _, j, v in j == 4 ? 0 : v }
        for method in [TruncatedSVDOptions.Method.exact, .randomized] {
            let svd = try TruncatedSVD.fit(x, options: .init(components: 3, method: method))
            #expect(svd.rightSingularVectors.values.allSatisfy { $0.isFinite })
            #expect(svd.explainedVariance.ratios.allSatisfy { $0.isFinite && $0 >= 0 })
            for j in 0..<3 { #expect(isApprox(svd.rightSingularVectors[4, j], 0, abs: 1e-6)) }
        }
        let zero = try CSRMatrix(rows: 6, cols: 4, triplets: [], [], [])
        let svd = try TruncatedSVD.fit(zero, options: .init(components: 2, method: .randomized))
        #expect(svd.explainedVariance.ratios == [0, 0])
        #expect(svd.transformed.values.allSatisfy { $0 == 0 })
    }
}
