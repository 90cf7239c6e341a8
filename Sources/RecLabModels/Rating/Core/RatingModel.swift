import RecLabData

/// An unfitted rating model: hyperparameters only (scikit-learn's estimator
/// contract). `fit` learns from a training set and returns a new `Fitted`
/// value, so a model that has not been fitted cannot predict.
///
/// Seed use: `fit` turns `seed` into its own generators (derived with
/// `SplitMix64.derive(seed, label)`); the same training set, parameters and
/// seed give bit-identical fitted models single-threaded.
public protocol RatingModel: Sendable {
    associatedtype Fitted: FittedRatingModel
    /// The YAML kind name (`"svd"`, `"knn_basic"`…).
    var kind: String { get }
    /// The hyperparameters this model was built with, by name (for reports).
    var parameters: Parameters { get }
    func fit(_ train: TrainingSet, seed: UInt64, options: FitOptions) throws -> Fitted
}

extension RatingModel {
    /// Fits with no progress callback and no validation set.
    public func fit(_ train: TrainingSet, seed: UInt64) throws -> Fitted {
        try fit(train, seed: seed, options: FitOptions())
    }
}

/// Callback after each epoch of an iterative fit: `(epoch, total)`, epoch counted from 1.
public typealias EpochProgress = @Sendable (_ epoch: Int, _ total: Int) -> Void

/// How a fit reports, what it may monitor and where an external backend runs;
/// none of it changes the learned values.
public struct FitOptions: Sendable {
    /// Called after each epoch (iterative models) or once (closed-form ones).
    public var progress: EpochProgress?
    /// Ratings to score after each epoch for the learning curve (test RMSE per epoch).
    public var validation: Ratings?
    /// Where a Spark-backed model (`spark_als`) runs its job; nil: the defaults
    /// and the environment (`SparkSettings().resolved()`).
    public var spark: SparkSettings?
    /// Polled by a fit that waits on another process (a Spark job): true stops
    /// that process and fails the fit.
    public var shouldStop: (@Sendable () -> Bool)?

    public init(progress: EpochProgress? = nil, validation: Ratings? = nil, spark: SparkSettings? = nil,
                shouldStop: (@Sendable () -> Bool)? = nil) {
        self.progress = progress
        self.validation = validation
        self.spark = spark
        self.shouldStop = shouldStop
    }
}

/// A raw estimate before clipping, or the reason none is possible (Surprise's
/// `PredictionImpossible`); the shared `predict` then falls back to the global mean.
public enum Estimate: Sendable, Equatable {
    case value(Double)
    case impossible(String)
}

/// A fitted rating model. Conformers implement `estimate`; the protocol
/// extension supplies Surprise's `predict` (fallback, clipping), batch
/// prediction and top-N recommendation.
public protocol FittedRatingModel: Sendable {
    /// What the model learned from: counts, scale, global mean, known ids.
    var summary: TrainingSummary { get }
    /// The learning curve of an iterative fit (empty for closed-form models).
    var learningCurve: LearningCurve { get }
    /// The unclipped estimate for inner ids, or why it is impossible.
    func estimate(user: Int32, movie: Int32) -> Estimate
    /// Clipped predictions for the pairs (users[k], movies[k]), k < min(counts):
    /// each exactly what `predict(user:movie:)` gives for that pair. The default
    /// goes pair by pair; a model may batch the work (latent k-NN groups by user).
    func predict(users: [Int32], movies: [Int32]) -> [Prediction]
    /// Whether `estimate` is a rating on the training scale (true, the
    /// default) or only a ranking score (`most_popular`, `ease`…: larger
    /// means recommended first, the scale means nothing). For a ranking
    /// model the rating metrics (RMSE, MAE, FCP) do not apply and are left
    /// out, and `predict`'s clipped value is not a rating; `recommend` ranks
    /// by the score as for every model.
    static var predictsRatings: Bool { get }
}

extension FittedRatingModel {
    public static var predictsRatings: Bool { true }
    /// `Self.predictsRatings`, for a model held as `any FittedRatingModel`.
    public var predictsRatings: Bool { Self.predictsRatings }
}

/// A clipped prediction and whether the fallback was used.
public struct Prediction: Sendable, Equatable {
    public var value: Float
    /// True when the model could not estimate and the global mean was used.
    public var wasImpossible: Bool
    public init(value: Float, wasImpossible: Bool) {
        self.value = value
        self.wasImpossible = wasImpossible
    }
}
