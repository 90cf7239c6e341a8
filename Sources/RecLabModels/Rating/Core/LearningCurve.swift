/// Per-epoch figures of an iterative fit.
///
/// `trainRMSE[e]` is the root mean squared error of the predictions made
/// *during* epoch `e + 1` just before each update (the online training error
/// SGD computes anyway, as LibMF reports it), so recording it costs nothing.
/// `validationRMSE[e]` is the clipped-prediction RMSE on the validation ratings
/// after epoch `e + 1`, present only when `FitOptions.validation` was given.
/// A fit whose error became non-finite or exploded stops early with
/// `divergedAtEpoch` set; the curve then holds only the finite epochs before it.
public struct LearningCurve: Sendable, Codable, Equatable {
    public var trainRMSE: [Double]
    public var validationRMSE: [Double]
    public var divergedAtEpoch: Int?

    public init(trainRMSE: [Double] = [], validationRMSE: [Double] = [], divergedAtEpoch: Int? = nil) {
        self.trainRMSE = trainRMSE
        self.validationRMSE = validationRMSE
        self.divergedAtEpoch = divergedAtEpoch
    }

    public var diverged: Bool { divergedAtEpoch != nil }

    /// An epoch's online training RMSE is taken as divergence when it is not
    /// finite or exceeds this bound (ratings live in a scale of width < 10, so
    /// an RMSE above 1e3 means the parameters are exploding).
    public static let divergenceBound = 1e3

    static func isDiverging(_ rmse: Double) -> Bool { !rmse.isFinite || rmse > divergenceBound }

    /// Records epoch `epoch` (1-based) of `epochs` from its online Σ err² over
    /// `count` training ratings: appends the training RMSE and, when
    /// `options.validation` is given, the RMSE of `snapshot(self)` on it, then
    /// reports progress. Returns false — with `divergedAtEpoch` set and
    /// nothing appended — when the error diverged and the fit must stop.
    mutating func record<F: FittedRatingModel>(epoch: Int, of epochs: Int, sse: Double, count: Int,
                                               options: FitOptions, snapshot: (LearningCurve) -> F) -> Bool {
        let rmse = count == 0 ? 0 : (sse / Double(count)).squareRoot()
        guard !Self.isDiverging(rmse) else {
            divergedAtEpoch = epoch
            options.progress?(epoch, epochs)
            return false
        }
        trainRMSE.append(rmse)
        if let v = options.validation { validationRMSE.append(snapshot(self).rmse(on: v)) }
        options.progress?(epoch, epochs)
        return true
    }
}
