import RecLabCore
import RecLabLinearAlgebra
import _AVX2Kernels

/// Hu, Koren & Volinsky's weighted matrix factorisation for implicit feedback
/// ("Collaborative Filtering for Implicit Feedback Datasets", ICDM 2008), fitted
/// by alternating least squares with the conjugate-gradient update of Takács,
/// Pilászy & Tikk (RecSys 2011), as the `implicit` library (0.7.3,
/// `AlternatingLeastSquares` on the CPU with `use_cg`) does. It minimises
///
///     Σ_{u,i} c_ui (p_ui − x_uᵀy_i)² + λ (Σ_u ‖x_u‖² + Σ_i ‖y_i‖²)
///
/// over every (user, movie) cell, with preference p_ui = 1 where u rated i
/// (any value: the binarised `Interactions`) and 0 elsewhere, and confidence
/// c_ui = 1 + alpha·r_ui with r_ui = 1 on an interaction, 0 elsewhere. The score
/// of (u, i) is x_uᵀy_i, a ranking score (`predictsRatings` false).
///
/// Correspondence with `implicit`: it weights an observed cell by alpha·x for
/// the matrix x it is given (its `C − I` term is `confidence − 1`), so
/// `implicit.als.AlternatingLeastSquares(alpha = 1 + a)` on the binary matrix is
/// this model with `alpha = a`; the oracle script
/// (`scripts/oracles/implicit_models.py`) fits it that way. The defaults of
/// `factors`, `regularization`, `iterations` and the CG steps are `implicit`'s.
///
/// Each iteration solves every user given the movies, then every movie given
/// the users. One half-step: G = YᵀY + λI once (`cblas_ssyrk`, Float), then per
/// row `cg_steps` conjugate-gradient steps on the row's normal equations,
/// warm-started from its current value (`ImplicitCG`); a row without
/// interactions becomes zero. Rows are solved in parallel (disjoint rows, so the
/// result does not depend on the thread count). Complexity per iteration
/// O((users + movies) · f² + cg_steps · (users + movies) · f² + cg_steps · n · f),
/// memory O((users + movies) · f).
///
/// Seed use: the factors start uniform in [0, 0.01) as `implicit`'s (users
/// from `SplitMix64.derive(seed, "als_implicit.users")`, movies from
/// `"als_implicit.items"`); nothing else is random. Float arithmetic, so for a
/// seed the model is bit-identical at any thread count (given the same
/// OpenBLAS build for the Gram matrix).
public struct ALSImplicit: RatingModel {
    public static let kindName = "als_implicit"
    public var kind: String { Self.kindName }

    public var factors: Int = ALSImplicit.table.defaultValue(of: \.factors)
    public var regularization: Double = ALSImplicit.table.defaultValue(of: \.regularization)
    public var alpha: Double = ALSImplicit.table.defaultValue(of: \.alpha)
    public var iterations: Int = ALSImplicit.table.defaultValue(of: \.iterations)
    public var cgSteps: Int = ALSImplicit.table.defaultValue(of: \.cgSteps)
    /// Threads solving rows (default: one per core); not a YAML parameter, and it changes no result.
    public var threads: Int = Workers.count

    public static let table = ParameterTable<ALSImplicit>([
        .int("factors", 1...4096, default: 100, "number of latent factors", \.factors),
        .double("regularization", 0, lowerOpen: true, default: 0.01, "L2 penalty λ on user and movie factors",
                \.regularization),
        .double("alpha", 0, default: 1.0, "confidence of an interaction is 1 + alpha (implicit's alpha minus 1)", \.alpha),
        .int("iterations", 0...100_000, default: 15, "alternating passes (users, then movies)", \.iterations),
        .int("cg_steps", 1...1_000, default: 3, "conjugate-gradient steps per row and half-step (implicit's cg_steps)",
             \.cgSteps),
    ])

    public init(factors: Int = ALSImplicit.table.defaultValue(of: \.factors),
                regularization: Double = ALSImplicit.table.defaultValue(of: \.regularization),
                alpha: Double = ALSImplicit.table.defaultValue(of: \.alpha),
                iterations: Int = ALSImplicit.table.defaultValue(of: \.iterations),
                cgSteps: Int = ALSImplicit.table.defaultValue(of: \.cgSteps)) {
        self.factors = factors
        self.regularization = regularization
        self.alpha = alpha
        self.iterations = iterations
        self.cgSteps = cgSteps
    }
    public init(parameters: Parameters) throws {
        self.init()
        try Self.table.read(parameters, kind: Self.kindName, into: &self)
    }
    public var parameters: Parameters { Self.table.values(of: self) }

    public func fit(_ train: TrainingSet, seed: UInt64, options: FitOptions) throws -> FittedImplicitMF {
        let x = Interactions(train)
        let byMovie = x.transposed()
        let xs = FactorMatrix.uniform(rows: train.userCount, factors: factors, low: 0, high: 0.01,
                                      seed: SplitMix64.derive(seed, "als_implicit.users"))
        let ys = FactorMatrix.uniform(rows: train.movieCount, factors: factors, low: 0, high: 0.01,
                                      seed: SplitMix64.derive(seed, "als_implicit.items"))
        let users = AlignedRows(xs), items = AlignedRows(ys)
        let shape = ImplicitCG.Shape(factors: factors, stride: xs.stride, confidence: Float(1 + alpha), cgSteps: cgSteps)
        for it in 0..<iterations {
            Self.halfStep(solving: users, rows: train.userCount, given: items, givenRows: train.movieCount,
                          offsets: x.offsets, indices: x.movies, regularization: Float(regularization), shape: shape,
                          threads: threads)
            Self.halfStep(solving: items, rows: train.movieCount, given: users, givenRows: train.userCount,
                          offsets: byMovie.offsets, indices: byMovie.movies, regularization: Float(regularization),
                          shape: shape, threads: threads)
            options.progress?(it + 1, iterations)
        }
        var p = xs, q = ys
        users.copy(into: &p)
        items.copy(into: &q)
        guard p.storage.allSatisfy(\.isFinite), q.storage.allSatisfy(\.isFinite) else {
            throw RatingModelError("the factors are not finite after \(iterations) iterations; raise regularization",
                                   kind: Self.kindName, key: "regularization")
        }
        return FittedImplicitMF(summary: TrainingSummary(train), users: p, items: q)
    }

    /// Rows per task of a half-step: small enough to balance threads, large enough to amortise a task.
    static let rowsPerTask = 64

    /// Solves every row of `solving` (its interactions: `indices[offsets[r]..<offsets[r+1]]`, rows of `given`)
    /// by `ImplicitCG`, in parallel over tasks of `rowsPerTask` rows.
    static func halfStep(solving: AlignedRows, rows: Int, given: AlignedRows, givenRows: Int, offsets: [Int],
                         indices: [Int32], regularization: Float, shape: ImplicitCG.Shape, threads: Int) {
        let stride = shape.stride, f = shape.factors
        var gram = [Float](repeating: 0, count: f * stride)
        gram.withUnsafeMutableBufferPointer { g in
            Gram.upperMirrored(given.base, rows: givenRows, cols: f, aStride: stride, into: g.baseAddress!, cStride: stride)
            for j in 0..<f { g[j * stride + j] += regularization }
        }
        gram.withUnsafeBufferPointer { g in
            offsets.withUnsafeBufferPointer { o in
                indices.withUnsafeBufferPointer { ix in
                    let gp = UnsafeSendableConstPointer(g.baseAddress!), op = UnsafeSendableConstPointer(o.baseAddress!)
                    let ip = UnsafeSendableConstPointer(ix.baseAddress ?? UnsafePointer(bitPattern: 8)!)
                    let xp = UnsafeSendablePointer(solving.base), yp = UnsafeSendableConstPointer(UnsafePointer(given.base))
                    let tasks = (rows + rowsPerTask - 1) / rowsPerTask
                    Workers.run(tasks: tasks, threads: threads) { t in
                        let lo = t * rowsPerTask, hi = min(rows, lo + rowsPerTask)
                        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: 3 * stride)
                        defer { scratch.deallocate() }
                        if AVX2.isAvailable {
                            ImplicitKernelsAVX2.solve(lo, hi, op.base, ip.base, xp.base, yp.base, gp.base, shape, scratch)
                        } else {
                            ImplicitCG.solve(lo, hi, op.base, ip.base, xp.base, yp.base, gp.base, shape, scratch)
                        }
                    }
                }
            }
        }
    }
}

/// A fitted implicit-feedback factorisation (`als_implicit`, `bpr`): the score of
/// (u, i) is the dot product of their factor rows. `bpr`'s rows carry `implicit`'s
/// bias column (users' entry 1, movies' entry the movie bias), so the bias is part
/// of the dot product. A ranking score (`predictsRatings` false); a user or movie
/// without training interactions has a zero row (a `bpr` user keeps the bias 1,
/// so its scores are the movie biases).
public struct FittedImplicitMF: FittedRatingModel {
    public static var predictsRatings: Bool { false }
    public let summary: TrainingSummary
    /// User factors (rows = users).
    public let users: FactorMatrix
    /// Movie factors (rows = movies).
    public let items: FactorMatrix
    public var learningCurve: LearningCurve { LearningCurve() }

    public func estimate(user: Int32, movie: Int32) -> Estimate {
        guard movie >= 0, Int(movie) < items.rows else { return .impossible("unknown movie id \(movie)") }
        guard user >= 0, Int(user) < users.rows else { return .impossible("unknown user id \(user)") }
        return .value(Double(users.dot(row: Int(user), with: items, row: Int(movie))))
    }
}

extension Interactions {
    /// The same interactions by movie: the users of movie i, increasing, at
    /// `movies[offsets[i]..<offsets[i+1]]` of the result (rows and columns swapped). O(n).
    func transposed() -> Interactions {
        var offsets = [Int](repeating: 0, count: movieCount + 1)
        for m in movies { offsets[Int(m) + 1] += 1 }
        for i in 0..<movieCount { offsets[i + 1] += offsets[i] }
        var cursor = offsets
        var users = [Int32](repeating: 0, count: count)
        for u in 0..<userCount {
            for k in self.offsets[u]..<self.offsets[u + 1] {
                let m = Int(movies[k])
                users[cursor[m]] = Int32(u)
                cursor[m] += 1
            }
        }
        return Interactions(userCount: movieCount, movieCount: userCount, offsets: offsets, movies: users)
    }
}
