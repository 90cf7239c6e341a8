/// Predicts the mean of all training ratings for every pair (the floor any
/// model must beat). Not a Surprise algorithm; it is Surprise's fallback.
public struct GlobalMean: RatingModel {
    public init() {}
    public static let kindName = "global_mean"
    public var kind: String { Self.kindName }
    /// No hyperparameters.
    public static let table = ParameterTable<GlobalMean>([])
    public init(parameters: Parameters) throws {
        self.init()
        try Self.table.read(parameters, kind: Self.kindName, into: &self)
    }
    public var parameters: Parameters { Self.table.values(of: self) }

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
