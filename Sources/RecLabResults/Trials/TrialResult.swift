/// One trained and evaluated model configuration on one split: the unit the
/// runner stores, resumes and never recomputes.
public struct TrialResult: Sendable, Hashable, Codable {
    /// Short stable id, e.g. `svd-0007` (the runner's choice; unique in a run).
    public var id: String
    /// Content hash of everything that determines the result (model kind and
    /// parameters, split spec and seed, data checksum and filters, version).
    public var contentHash: String
    /// The model's name in `models:` (several names may share a kind).
    public var model: String
    /// The registered kind (`svd`, `svdpp`, `item-knn`, `baseline`…).
    public var kind: String
    /// Every hyperparameter, defaults included.
    public var parameters: [String: ResultValue]
    /// The model's own seed (initialisation, shuffles).
    public var seed: UInt64
    /// The split this trial trained and tested on; trials with equal keys are paired.
    public var replicate: ReplicateKey
    /// Metrics on the test set by name (`rmse`, `mae`, `precision@10`…).
    public var metrics: [String: Double]
    /// Per-epoch errors for iterative models; empty otherwise.
    public var learningCurve: [EpochPoint]
    /// First epoch whose training error was not finite or exploded, if any.
    public var divergedAtEpoch: Int?
    /// Wall time of fit + evaluation, seconds.
    public var seconds: Double
    /// Of `seconds`: the fit (with its per-epoch validation), nil in results stored before it was recorded.
    public var fitSeconds: Double?
    /// Of `seconds`: predicting the test ratings (the rest is metrics and storage), nil when not recorded.
    public var predictSeconds: Double?
    public var status: TrialStatus
    /// The failure's message when `status` is `.failed`.
    public var message: String?
    /// The ranking protocol of its top-N metrics; nil without them, or in results stored before it was recorded (the standard protocol).
    public var ranking: RankingSetup?
    /// Per-user values of its user-averaged ranking metrics, for per-user paired tests; nil without them.
    public var perUser: PerUserValues?

    public init(
        id: String, contentHash: String, model: String, kind: String, parameters: [String: ResultValue],
        seed: UInt64, replicate: ReplicateKey, metrics: [String: Double], learningCurve: [EpochPoint] = [],
        divergedAtEpoch: Int? = nil, seconds: Double, status: TrialStatus = .ok, message: String? = nil
    ) {
        self.id = id
        self.contentHash = contentHash
        self.model = model
        self.kind = kind
        self.parameters = parameters
        self.seed = seed
        self.replicate = replicate
        self.metrics = metrics
        self.learningCurve = learningCurve
        self.divergedAtEpoch = divergedAtEpoch
        self.seconds = seconds
        self.status = status
        self.message = message
    }

    /// The parameters as one stable string, sorted by name (`factors=100, lr=0.005`): a configuration's identity within a model.
    public var configurationLabel: String {
        parameters.keys.sorted().map { "\($0)=\(parameters[$0]?.description ?? "")" }.joined(separator: ", ")
    }
}

/// How a trial ended.
public enum TrialStatus: String, Sendable, Hashable, Codable {
    /// Finished; metrics are valid.
    case ok
    /// Training diverged (non-finite loss); metrics may be missing or meaningless.
    case diverged
    /// An error stopped it; see `TrialResult.message`.
    case failed
}

/// Which split a trial used: the split seed and, for k-fold, the fold.
/// Trials of different models with the same key saw exactly the same train / test ratings.
public struct ReplicateKey: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var splitSeed: UInt64
    public var fold: Int?

    public init(splitSeed: UInt64, fold: Int? = nil) {
        self.splitSeed = splitSeed
        self.fold = fold
    }

    public var description: String { fold.map { "\(splitSeed)/\($0)" } ?? "\(splitSeed)" }

    public static func < (a: ReplicateKey, b: ReplicateKey) -> Bool {
        (a.splitSeed, a.fold ?? -1) < (b.splitSeed, b.fold ?? -1)
    }
}

/// Errors after one epoch of an iterative model.
public struct EpochPoint: Sendable, Hashable, Codable {
    /// 1-based epoch.
    public var epoch: Int
    public var trainRMSE: Double
    /// Test RMSE when the runner evaluated it per epoch.
    public var testRMSE: Double?

    public init(epoch: Int, trainRMSE: Double, testRMSE: Double? = nil) {
        self.epoch = epoch
        self.trainRMSE = trainRMSE
        self.testRMSE = testRMSE
    }
}
