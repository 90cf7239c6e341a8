/// One train / test split (one seed of a hold-out, or one fold).
public struct SplitSummary: Sendable, Hashable, Codable {
    /// `holdout`, `kfold`, `temporal`, `leave-one-out`…
    public var kind: String
    /// The split's own seed (derived from the experiment seed).
    public var seed: UInt64
    /// Fold index (0-based) for k-fold, nil otherwise.
    public var fold: Int?
    public var trainCount: Int
    public var testCount: Int
    /// Test ratings whose user / movie never occurs in train.
    public var testRatingsWithUnseenUser: Int
    public var testRatingsWithUnseenMovie: Int
    /// Distinct users / movies of the test set absent from train.
    public var unseenUsers: Int
    public var unseenMovies: Int

    public init(
        kind: String, seed: UInt64, fold: Int? = nil, trainCount: Int, testCount: Int,
        testRatingsWithUnseenUser: Int = 0, testRatingsWithUnseenMovie: Int = 0, unseenUsers: Int = 0,
        unseenMovies: Int = 0
    ) {
        self.kind = kind
        self.seed = seed
        self.fold = fold
        self.trainCount = trainCount
        self.testCount = testCount
        self.testRatingsWithUnseenUser = testRatingsWithUnseenUser
        self.testRatingsWithUnseenMovie = testRatingsWithUnseenMovie
        self.unseenUsers = unseenUsers
        self.unseenMovies = unseenMovies
    }

    /// The key that pairs trials run on this split (`seed/fold`).
    public var pairingKey: String { ReplicateKey(splitSeed: seed, fold: fold).description }
}
