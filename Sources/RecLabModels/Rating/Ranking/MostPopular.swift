/// Ranks movies by popularity: the score of (u, i) is the number of distinct
/// training users who interacted with movie i (rated it, any value), the same
/// for every user. The baseline every ranking study includes (LensKit's
/// `PopScorer` with counts); top-N then lists the most popular movies the
/// user has not rated, ties by smaller movie id.
///
/// A ranking model (`predictsRatings` false): the score is a count, not a
/// rating, so RMSE, MAE and FCP are not reported for it.
/// Complexity O(n log n) to fit (the binarised matrix), O(1) per score.
/// No randomness: the seed is unused.
public struct MostPopular: RatingModel {
    public init() {}
    public static let kindName = "most_popular"
    public var kind: String { Self.kindName }
    /// No hyperparameters.
    public static let table = ParameterTable<MostPopular>([])
    public init(parameters: Parameters) throws {
        self.init()
        try Self.table.read(parameters, kind: Self.kindName, into: &self)
    }
    public var parameters: Parameters { Self.table.values(of: self) }

    public func fit(_ train: TrainingSet, seed: UInt64, options: FitOptions) throws -> FittedMostPopular {
        let counts = Interactions(train).movieCounts()
        options.progress?(1, 1)
        return FittedMostPopular(summary: TrainingSummary(train), counts: counts)
    }
}

public struct FittedMostPopular: FittedRatingModel {
    public static var predictsRatings: Bool { false }
    public let summary: TrainingSummary
    /// Distinct training users per movie, by inner id.
    public let counts: [Int]
    public var learningCurve: LearningCurve { LearningCurve() }

    public func estimate(user: Int32, movie: Int32) -> Estimate {
        guard movie >= 0, Int(movie) < counts.count else { return .impossible("unknown movie id \(movie)") }
        return .value(Double(counts[Int(movie)]))
    }
}
