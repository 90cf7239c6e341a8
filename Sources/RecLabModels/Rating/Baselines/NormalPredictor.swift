import RecLabCore
import Foundation

/// Surprise's `NormalPredictor`: a random rating drawn from N(μ, σ̂) where μ is
/// the training mean and σ̂ = √(Σ(r − μ)²/n) (maximum likelihood), then clipped.
///
/// Seed use: Surprise draws from NumPy's global generator at prediction time;
/// here the draw for (u, i) is a pure function of (seed, u, i) — SplitMix64 of
/// `derive(seed, "normal_predictor") ^ (u << 32 | i)` feeding Box–Muller — so
/// predictions are reproducible and independent of the order they are asked in.
public struct NormalPredictor: RatingModel {
    public init() {}
    public static let kindName = "normal_predictor"
    public var kind: String { Self.kindName }
    /// No hyperparameters.
    public static let table = ParameterTable<NormalPredictor>([])
    public init(parameters: Parameters) throws {
        self.init()
        try Self.table.read(parameters, kind: Self.kindName, into: &self)
    }
    public var parameters: Parameters { Self.table.values(of: self) }

    public func fit(_ train: TrainingSet, seed: UInt64, options: FitOptions) throws -> FittedNormalPredictor {
        let mu = train.globalMean
        var s = 0.0
        for v in train.userValues { let d = Double(v) - mu; s += d * d }
        let sigma = train.isEmpty ? 0 : (s / Double(train.count)).squareRoot()
        options.progress?(1, 1)
        return FittedNormalPredictor(summary: TrainingSummary(train), sigma: sigma,
                                     seed: SplitMix64.derive(seed, "normal_predictor"))
    }
}

public struct FittedNormalPredictor: FittedRatingModel {
    public let summary: TrainingSummary
    public let sigma: Double
    let seed: UInt64
    public var learningCurve: LearningCurve { LearningCurve() }

    public func estimate(user: Int32, movie: Int32) -> Estimate {
        var g = SplitMix64(seed: seed ^ (UInt64(UInt32(bitPattern: user)) << 32 | UInt64(UInt32(bitPattern: movie))))
        var u1 = Double(g.next() >> 11) * 0x1.0p-53
        while u1 <= 0 { u1 = Double(g.next() >> 11) * 0x1.0p-53 }
        let u2 = Double(g.next() >> 11) * 0x1.0p-53
        let z = (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
        return .value(summary.globalMean + sigma * z)
    }
}
