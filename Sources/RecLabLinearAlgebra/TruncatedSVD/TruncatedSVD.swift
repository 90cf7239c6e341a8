import Foundation
import RecLabCore
import _COpenBLAS

/// A rank-k truncated SVD `X ≈ U Σ Vᵀ` of a sparse matrix, as scikit-learn's
/// `TruncatedSVD` computes it (no centring), with the projection
/// `transformed = X·V` (= U·Σ; the "latent" rows) and its explained variance.
///
/// Randomized path (Halko, Martinsson & Tropp 2011, algorithm 4.4 with
/// Rayleigh–Ritz, as subspace iteration on the Gram matrix of the smaller
/// side — see `randomized`): a Gaussian test block Ω from xoshiro256** seeded
/// by `options.seed`, q power iterations (each one product with X and one
/// with Xᵀ, like scikit-learn's `n_iter`), each followed by an LU
/// normalisation of the small-side block, and a Rayleigh–Ritz step that
/// needs no orthonormal basis. Cost O(nnz · (k+p) · (2q + 3)) for the sparse products plus
/// O(min(m, n)(k+p)²) per factorisation and for the Rayleigh–Ritz product,
/// and O(max(m, n)(k+p)k) once for V when the rows are the smaller side. Error: the leading singular values
/// are accurate to roughly (σ_{k+p+1}/σ_j)^{2q+1} relative, provided
/// σ_j/σ₁ ≫ 3e-4 (the Gram squares the spectrum in Float); a small
/// oversampling leaves components near k, in a flat part of the spectrum,
/// inaccurate (as scikit-learn's), which moves cosines by a few 0.01 — the
/// tests quantify it on ml-latest-small.
/// Exact path: eigenpairs of the smaller Gram matrix in double precision (see `exact`).
///
/// Signs are fixed like scikit-learn's `svd_flip(u_based_decision=False)`:
/// the largest-magnitude entry of each right singular vector is positive,
/// so the result is a deterministic function of (X, options).
public struct TruncatedSVD: Sendable {
    public let singularValues: [Float]
    /// Right singular vectors as columns: `cols × k` (scikit-learn's `components_ᵀ`).
    public let rightSingularVectors: DenseMatrix
    /// `X·V = U·Σ`, rows × k (scikit-learn's `fit_transform` output).
    public let transformed: DenseMatrix
    public let explainedVariance: ExplainedVariance
    /// The path actually taken (`.auto` resolved).
    public let method: TruncatedSVDOptions.Method

    /// Fits the decomposition. Throws when `components < 1` or
    /// `components ≥ min(rows, cols)` (no truncation left; pick at most
    /// min(rows, cols) − 1), or when LAPACK fails.
    public static func fit(_ x: CSRMatrix, options: TruncatedSVDOptions) throws -> TruncatedSVD {
        let m = x.rows, n = x.cols, k = options.components
        let limit = min(m, n)
        guard k >= 1 else {
            throw LinearAlgebraError("truncatedSVD", "components must be at least 1, got \(k)")
        }
        guard k < limit else {
            throw LinearAlgebraError("truncatedSVD", """
                components = \(k) must be less than min(rows, cols) = \(limit) of the \(m) × \(n) matrix \
                (a truncated SVD keeps fewer components than the smaller dimension); use at most \(limit - 1)
                """)
        }
        guard options.oversamples >= 0, options.powerIterations >= 0 else {
            throw LinearAlgebraError("truncatedSVD", "oversamples and powerIterations must be ≥ 0")
        }
        let method = options.resolvedMethod(rows: m, cols: n, nonZeros: x.nonZeroCount)
        var (s, v) = method == .exact ? try exact(x, k: k) : try randomized(x, options: options)
        flipSigns(&v)
        // X·V rather than U·Σ: equal in exact arithmetic, but a zero row of X
        // then gets an exactly zero latent row (cosine 0), not rounding noise
        // that row normalisation would blow up to a unit vector.
        let t = try x.multiplied(by: v)
        let ev = ExplainedVariance(transformed: t, totalVariance: x.totalColumnVariance())
        return TruncatedSVD(singularValues: s, rightSingularVectors: v, transformed: t,
                            explainedVariance: ev, method: method)
    }

    /// Exact leading k triplets from the Gram matrix of the smaller side,
    /// accumulated in `Double` straight from the sparse rows
    /// (G = XᵀX when cols ≤ rows, else XXᵀ; O(Σ_rows nnz_row²) to build) and
    /// `dsyevr`: σ_j = √λ_j. Squaring the condition number in double
    /// precision leaves σ_j accurate to ~1e-8 σ₁, far below Float's own
    /// rounding. From XXᵀ's eigenvectors U, V = Xᵀ U Σ⁻¹ (a zero column
    /// where σ_j = 0). Returns (σ, V).
    static func exact(_ x: CSRMatrix, k: Int) throws -> ([Float], DenseMatrix) {
        let columnsSide = x.cols <= x.rows
        let src = columnsSide ? x : x.transposed()
        let d = src.cols
        var gram = [Double](repeating: 0, count: d * d)
        src.rowPointers.withUnsafeBufferPointer { rp in
            src.columnIndices.withUnsafeBufferPointer { ci in
                src.values.withUnsafeBufferPointer { vs in
                    gram.withUnsafeMutableBufferPointer { g in
                        for i in 0..<src.rows {
                            let lo = rp[i], hi = rp[i + 1]
                            for p in lo..<hi {
                                let row = Int(ci[p]) * d, vp = Double(vs[p])
                                for q in p..<hi { g[row + Int(ci[q])] += vp * Double(vs[q]) }
                            }
                        }
                    }
                }
            }
        }
        let (lambda, w) = try Decompositions.largestSymmetricEigenpairs(gram, n: d, count: k)
        let sigma = lambda.map { Float(max(0, $0).squareRoot()) }
        let basis = try DenseMatrix(rows: d, cols: k, values: w.map { Float($0) })
        if columnsSide { return (sigma, basis) }
        var v = try src.multiplied(by: basis)  // Xᵀ U
        for i in 0..<v.rows {
            for j in 0..<k { v.values[i * k + j] = sigma[j] > 0 ? v.values[i * k + j] / sigma[j] : 0 }
        }
        return (sigma, v)
    }

    /// Randomized subspace iteration on the Gram matrix of the smaller side
    /// (d = min(m, n); G = XᵀX when n ≤ m, else XXᵀ), never formed: G·Z is two
    /// sparse products. Returns (σ, V).
    ///
    /// Z = Ω ~ N(0, 1)^{d×l}; q times Z = basis(G Z), the basis being the LU
    /// one (`Decompositions.luBasis`, scikit-learn's
    /// `power_iteration_normalizer="LU"`): well-conditioned, |entries| ≤ 1, at
    /// a quarter of a QR's cost. The final basis is not orthonormalised;
    /// Rayleigh–Ritz takes the non-orthogonality into account instead: with
    /// W = near·Z, H = far·W (= G Z), T = Zᵀ H and M = Zᵀ Z in double
    /// precision, the pencil T e = λ M e (`largestGeneralizedEigenpairs`)
    /// gives λ = σ² and Z E with orthonormal columns — the same Ritz pairs as
    /// an orthonormal basis of span(Z) would, without a Householder QR (the
    /// most expensive step for a small sparse matrix like ml-latest-small's
    /// TF-IDF). V = Z E, or V = W E Σ⁻¹ when the rows are the small side.
    /// Only d × l blocks are factorised, and the product buffers are reused
    /// across iterations. When the columns are the small side, X's repeated
    /// rows are merged first (same XᵀX, fewer non-zeros).
    static func randomized(_ x: CSRMatrix, options: TruncatedSVDOptions) throws -> ([Float], DenseMatrix) {
        let m = x.rows, n = x.cols, k = options.components
        let d = min(m, n), l = min(k + options.oversamples, d)
        let colsSide = n <= m
        // XᵀX is all the columns side needs, and repeated rows add nothing
        // but work to it (see `mergedDuplicateRows`).
        let source = colsSide ? x.mergedDuplicateRows() ?? x : x
        let st = source.transposed()
        let (near, far) = colsSide ? (source, st) : (st, source)  // G·Z = far · (near · Z)
        var rng = Xoshiro256StarStar(seed: options.seed)
        var z = DenseMatrix(rows: d, cols: l)
        z.values.withUnsafeMutableBufferPointer { w in
            if let base = w.baseAddress { ZigguratGaussian().fill(base, count: w.count, rng: &rng) }
        }
        var w = DenseMatrix(rows: near.rows, cols: l)  // big side × l
        var h = DenseMatrix(rows: d, cols: l)
        for _ in 0..<options.powerIterations {
            try near.multiply(z, into: &w)
            try far.multiply(w, into: &h)
            z = try Decompositions.luBasis(h)
        }
        try near.multiply(z, into: &w)
        try far.multiply(w, into: &h)
        let zd = z.values.map(Double.init), hd = h.values.map(Double.init)
        var t = [Double](repeating: 0, count: l * l), gram = [Double](repeating: 0, count: l * l)
        cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(l), Int32(l), Int32(d), 1,
                    zd, Int32(l), hd, Int32(l), 0, &t, Int32(l))
        cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, Int32(l), Int32(d), 1, zd, Int32(l), 0, &gram, Int32(l))
        for i in 0..<l {  // ZᵀGZ is symmetric; rounding makes it only nearly so
            for j in (i + 1)..<l { t[i * l + j] = 0.5 * (t[i * l + j] + t[j * l + i]) }
        }
        let (lambda, e) = try Decompositions.largestGeneralizedEigenpairs(t, gram, n: l, count: k)
        let sigma = lambda.map { Float(max(0, $0).squareRoot()) }
        let ek = try DenseMatrix(rows: l, cols: k, values: e.map { Float($0) })
        if colsSide { return (sigma, try z.multiplied(by: ek)) }
        var v = try w.multiplied(by: ek)  // Xᵀ U Σ with U = Z E
        for i in 0..<v.rows {
            for j in 0..<k { v.values[i * k + j] = sigma[j] > 0 ? v.values[i * k + j] / sigma[j] : 0 }
        }
        return (sigma, v)
    }

    /// Makes the largest-|·| entry of each column of `v` positive (one row-wise pass to find them).
    static func flipSigns(_ v: inout DenseMatrix) {
        let k = v.cols
        var best = [Float](repeating: 0, count: k)
        v.values.withUnsafeMutableBufferPointer { p in
            for i in 0..<v.rows {
                for j in 0..<k where abs(p[i * k + j]) > abs(best[j]) { best[j] = p[i * k + j] }
            }
            let sign = best.map { $0 < 0 ? Float(-1) : 1 }
            guard sign.contains(-1) else { return }
            for i in 0..<v.rows { for j in 0..<k { p[i * k + j] *= sign[j] } }
        }
    }
}
