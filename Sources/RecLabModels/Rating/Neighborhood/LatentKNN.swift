/// The tutorial's memory-based predictor: the similarity-weighted mean of the
/// user's ratings on the k movies they rated that are nearest to the target
/// movie by cosine in a latent space (for example the collab latent matrix):
/// r̂(u, i) = Σ_{j∈N_k(u,i)} s_ij r_uj / Σ_{j∈N_k(u,i)} s_ij over neighbours with s_ij > 0,
/// s_ij = cos(L_i, L_j). Impossible (global mean) for an unknown user, a movie
/// without a latent row or no positive neighbour.
///
/// Complexity per estimate O(|I_u| · d). Deterministic, no seed.
public struct LatentKNN: RatingModel {
    public var k = 40
    public var minK = 1
    public var latent: LatentMatrix?

    public init(k: Int = 40, minK: Int = 1, latent: LatentMatrix?) {
        self.k = k
        self.minK = minK
        self.latent = latent
    }

    public static let kindName = "latent_knn"
    public var kind: String { Self.kindName }

    public static let specs: [ParameterSpec] = [
        ParameterSpec("k", .int(1...100_000), default: .int(40), help: "neighbours among the user's rated movies"),
        ParameterSpec("min_k", .int(1...100_000), default: .int(1), help: "minimum positive-similarity neighbours"),
    ]

    public init(parameters: Parameters, latent: LatentMatrix?) throws {
        let r = try ParameterReader(kind: Self.kindName, specs: Self.specs, parameters: parameters)
        self.init(k: r.int("k"), minK: r.int("min_k"), latent: latent)
    }

    public var parameters: Parameters { ["k": .int(k), "min_k": .int(minK)] }

    public func fit(_ train: TrainingSet, seed: UInt64, options: FitOptions) throws -> FittedLatentKNN {
        guard let latent else {
            throw RatingModelError("needs a movie latent matrix (ModelContext.movieLatent), e.g. the collab latent",
                                   kind: Self.kindName)
        }
        // Unit rows, indexed by movie inner id (rows without a latent row stay zero).
        let d = latent.columns
        var unit = [Float](repeating: 0, count: train.movieCount * d)
        for m in 0..<train.movieCount {
            guard let row = latent.row(ofMovie: m) else { continue }
            var s = 0.0
            for c in 0..<d { s += Double(latent.values[row * d + c]) * Double(latent.values[row * d + c]) }
            guard s > 0 else { continue }
            let inv = 1 / s.squareRoot()
            for c in 0..<d { unit[m * d + c] = Float(Double(latent.values[row * d + c]) * inv) }
        }
        options.progress?(1, 1)
        return FittedLatentKNN(summary: TrainingSummary(train), k: k, minK: minK, d: d, unit: unit,
                               userOffsets: train.userOffsets, userMovies: train.userMovies, userValues: train.userValues)
    }
}

public struct FittedLatentKNN: FittedRatingModel {
    public let summary: TrainingSummary
    public var learningCurve: LearningCurve { LearningCurve() }
    let k: Int, minK: Int, d: Int
    let unit: [Float]
    let userOffsets: [Int]
    let userMovies: [Int32]
    let userValues: [Float]

    public func estimate(user u: Int32, movie i: Int32) -> Estimate {
        guard summary.knows(user: u), i >= 0, Int(i) < summary.movieCount else {
            return .impossible("User is unknown.")
        }
        let lo = userOffsets[Int(u)], hi = userOffsets[Int(u) + 1]
        var best = TopK(capacity: k)
        unit.withUnsafeBufferPointer { U in
            let qi = U.baseAddress! + Int(i) * d
            for pos in lo..<hi {
                let qj = U.baseAddress! + Int(userMovies[pos]) * d
                var s: Float = 0
                for c in 0..<d { s += qi[c] * qj[c] }
                if s > 0 { best.offer(id: Int32(pos - lo), score: s) }
            }
        }
        let top = best.sorted()
        guard top.count >= minK, !top.isEmpty else { return .impossible("Not enough neighbors.") }
        var num = 0.0, den = 0.0
        for e in top { num += Double(e.score) * Double(userValues[lo + Int(e.id)]); den += Double(e.score) }
        return .value(num / den)
    }
}
