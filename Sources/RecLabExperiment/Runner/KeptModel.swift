import Foundation
import RecLabModels

/// The fitted model of one trial, kept from the trial stage for the
/// recommendation stage so that it does not fit the same model again (on
/// ML-20M-sized data the SVD refit cost as much as the trial itself).
///
/// Only a trial whose model is the one `recommend.model` names, when that
/// model has a single configuration, is kept: that is the trial the
/// recommendation stage picks (the first of its configuration), and its fit
/// is the refit's (same training set, parameters and seed; fit options never
/// change learned values). Written once by the worker running that trial.
final class KeptModel: @unchecked Sendable {
    /// Key of the trial to keep, nil when none qualifies.
    let trialKey: String?
    private let lock = NSLock()
    private var fitted: (any FittedRatingModel)?

    init(trialKey: String?) { self.trialKey = trialKey }

    /// The trial the recommendation stage will use, if it is known before the results.
    static func choose(_ spec: ExperimentSpec, trials: [PlannedTrial]) -> KeptModel {
        guard spec.recommendEnabled, let name = spec.recommend.model else { return KeptModel(trialKey: nil) }
        let candidates = trials.filter { $0.model == name }
        guard let first = candidates.first, Set(candidates.map(\.configuration)).count == 1 else {
            return KeptModel(trialKey: nil)
        }
        return KeptModel(trialKey: first.key)
    }

    func offer(_ model: any FittedRatingModel, for key: String) {
        guard key == trialKey else { return }
        lock.lock(); defer { lock.unlock() }
        fitted = model
    }

    func model(for key: String) -> (any FittedRatingModel)? {
        guard key == trialKey else { return nil }
        lock.lock(); defer { lock.unlock() }
        return fitted
    }
}
