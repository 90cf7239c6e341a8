import RecLabCore

/// Ranks movies at random: the score of (u, i) is uniform in [0, 1), drawn
/// independently for each pair. The floor of a ranking study (any model that
/// learned something beats it).
///
/// Seed use: the score of (u, i) is a pure function of (seed, u, i) —
/// SplitMix64 seeded with `derive(seed, "random") ^ (u << 32 | i)`, its
/// first output's top 53 bits as a fraction — so a list is reproducible for
/// a seed, independent of the order pairs are scored in, and nothing is
/// stored but the derived seed. A ranking model (`predictsRatings` false).
/// O(1) per score.
public struct RandomScores: RatingModel {
    public init() {}
    public static let kindName = "random"
    public var kind: String { Self.kindName }
    /// No hyperparameters.
    public static let table = ParameterTable<RandomScores>([])
    public init(parameters: Parameters) throws {
        self.init()
        try Self.table.read(parameters, kind: Self.kindName, into: &self)
    }
    public var parameters: Parameters { Self.table.values(of: self) }

    public func fit(_ train: TrainingSet, seed: UInt64, options: FitOptions) throws -> FittedRandomScores {
        options.progress?(1, 1)
        return FittedRandomScores(summary: TrainingSummary(train), seed: SplitMix64.derive(seed, "random"))
    }
}

public struct FittedRandomScores: FittedRatingModel {
    public static var predictsRatings: Bool { false }
    public let summary: TrainingSummary
    /// The derived seed the scores are drawn from.
    let seed: UInt64
    public var learningCurve: LearningCurve { LearningCurve() }

    public func estimate(user: Int32, movie: Int32) -> Estimate {
        var g = SplitMix64(seed: seed ^ (UInt64(UInt32(bitPattern: user)) << 32 | UInt64(UInt32(bitPattern: movie))))
        return .value(Double(g.next() >> 11) * 0x1.0p-53)
    }
}
