/// Predicts the mean of all training ratings for every pair (the floor any
/// model must beat). Not a Surprise algorithm; it is Surprise's fallback.
public struct GlobalMean: RatingModel {
    public init() {}
    public static let kindName = "global_mean"
    public var kind: String { Self.kindName }
    public static let specs: [ParameterSpec] = []
    public init(parameters: Parameters) throws {
        _ = try ParameterReader(kind: Self.kindName, specs: Self.specs, parameters: parameters)
    }
    public var parameters: Parameters { [:] }

    public func fit(_ train: TrainingSet, seed: UInt64, options: FitOptions) throws -> FittedGlobalMean {
        options.progress?(1, 1)
        return FittedGlobalMean(summary: TrainingSummary(train))
    }
}

public struct FittedGlobalMean: FittedRatingModel {
    public let summary: TrainingSummary
    public var learningCurve: LearningCurve { LearningCurve() }
    public func estimate(user: Int32, movie: Int32) -> Estimate { .value(summary.globalMean) }
}
