import RecLabLinearAlgebra

/// Steck's EASE^R ("Embarrassingly Shallow Autoencoders for Sparse Data",
/// WWW 2019): an item–item weight matrix learned in closed form from the
/// binarised interaction matrix X (users × movies, 1 where the user rated the
/// movie, any value).
///
///     G = XᵀX + λI,   P = G⁻¹,   B = I − P · diagMat(1 / diag(P))
///
/// that is B_ij = −P_ij / P_jj off the diagonal and B_jj = 0, the minimiser
/// of ‖X − XB‖² + λ‖B‖² subject to diag(B) = 0. The score of (u, j) is
/// (X_u · B)_j = Σ_{i rated by u} B_ij: a ranking score, not a rating
/// (`predictsRatings` false).
///
/// Only the m movies with at least one training interaction take part: a
/// movie without any has a zero column in X, so its row and column of P are
/// those of (1/λ)·I and its B column is zero — its score is exactly 0, as
/// here. G is accumulated exactly (integer counts in Double) from each user's
/// pairs, O(Σ_u n_u²); P by Cholesky (`dpotrf`, `dpotri`, double precision),
/// O(m³); memory 8m² bytes for G/P plus 4m² for B stored in Float.
/// `memoryLimitBytes` refuses larger problems before allocating (with the figure).
///
/// Scoring one pair is O(n_u) (a gather from B's column j, which is stored
/// contiguously). Reference: Steck's published NumPy closed form;
/// `scripts/oracles/numpy_ease.py` reproduces it and the tests compare the
/// scores to 1e-5. No randomness: the seed is unused.
public struct EASE: RatingModel {
    public static let kindName = "ease"
    public var kind: String { Self.kindName }

    /// The L2 penalty λ on B (Steck's default range: hundreds for MovieLens-sized data).
    public var lambda: Double = EASE.table.defaultValue(of: \.lambda)
    /// Largest G/P plus B the fit may allocate; not a YAML parameter.
    public var memoryLimitBytes = 8 << 30

    public static let table = ParameterTable<EASE>([
        .double("lambda", 0, lowerOpen: true, default: 500, "L2 regularisation λ added to the Gram matrix's diagonal", \.lambda),
    ])

    public init(lambda: Double = EASE.table.defaultValue(of: \.lambda)) { self.lambda = lambda }
    public init(parameters: Parameters) throws {
        self.init()
        try Self.table.read(parameters, kind: Self.kindName, into: &self)
    }
    public var parameters: Parameters { Self.table.values(of: self) }

    public func fit(_ train: TrainingSet, seed: UInt64, options: FitOptions) throws -> FittedEASE {
        let x = Interactions(train)
        let columns = ItemColumns(x)
        let items = columns.items, column = columns.column
        let m = items.count
        let bytes = 12 * m * m
        guard bytes <= memoryLimitBytes else {
            throw RatingModelError("EASE over \(m) movies needs \(String(format: "%.1f", Double(bytes) / 1e9)) GB "
                                   + "(limit \(String(format: "%.1f", Double(memoryLimitBytes) / 1e9)) GB); filter rare movies first",
                                   kind: Self.kindName)
        }
        var p = [Double](repeating: 0, count: m * m)
        p.withUnsafeMutableBufferPointer { g in
            var cols: [Int] = []
            for u in 0..<x.userCount {
                cols.removeAll(keepingCapacity: true)
                for mv in x.movies(of: Int32(u)) { cols.append(Int(column[Int(mv)])) }
                // Each user's columns are increasing (movies sorted, compaction monotone): fill G's upper triangle.
                for a in 0..<cols.count {
                    let row = cols[a] * m
                    for b in a..<cols.count { g[row + cols[b]] += 1 }
                }
            }
            for i in 0..<m { g[i * m + i] += lambda }
        }
        do { try Decompositions.invertSymmetricPositiveDefinite(&p, n: m) } catch {
            throw RatingModelError("the Gram matrix plus λI could not be inverted: \(error)", kind: Self.kindName, key: "lambda")
        }
        // Row j of `weights` is column j of B: weights[j·m + i] = B_ij = −P_ij / P_jj (P symmetric: −P_ji / P_jj).
        var weights = [Float](repeating: 0, count: m * m)
        p.withUnsafeBufferPointer { pp in
            weights.withUnsafeMutableBufferPointer { w in
                for j in 0..<m {
                    let scale = -1 / pp[j * m + j]
                    for i in 0..<m where i != j { w[j * m + i] = Float(pp[j * m + i] * scale) }
                }
            }
        }
        options.progress?(1, 1)
        return FittedEASE(summary: TrainingSummary(train), lambda: lambda, items: items, weights: weights, interactions: x)
    }
}

public struct FittedEASE: FittedRatingModel {
    public static var predictsRatings: Bool { false }
    public let summary: TrainingSummary
    public let lambda: Double
    /// The movies with at least one interaction, by compact column.
    let items: [Int32]
    /// m × m, row j = column j of B (weights[j·m + i] = B_ij).
    let weights: [Float]
    /// Each user's training movies (the rows of X).
    let interactions: Interactions
    /// The compact columns of the movies and of each interaction.
    let columns: ItemColumns
    public var learningCurve: LearningCurve { LearningCurve() }

    init(summary: TrainingSummary, lambda: Double, items: [Int32], weights: [Float], interactions: Interactions) {
        self.summary = summary
        self.lambda = lambda
        self.items = items
        self.weights = weights
        self.interactions = interactions
        columns = ItemColumns(items: items, interactions: interactions)
    }

    /// Σ_{i rated by u} B_ij; 0 for a movie without interactions or a user without any.
    public func estimate(user: Int32, movie: Int32) -> Estimate {
        let j: Int, rated: Range<Int>
        switch columns.target(user: user, movie: movie, in: interactions) {
        case .unknownMovie: return .impossible("unknown movie id \(movie)")
        case .zero: return .value(0)
        case .column(let c, let r): (j, rated) = (c, r)
        }
        let m = items.count
        var s = 0.0
        weights.withUnsafeBufferPointer { w in
            columns.userColumns.withUnsafeBufferPointer { cols in
                let row = j * m
                for k in rated {
                    let i = Int(cols[k])
                    if i >= 0 { s += Double(w[row + i]) }
                }
            }
        }
        return .value(s)
    }
}
