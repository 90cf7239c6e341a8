import RecLabData
import RecLabModels

/// One train/test partition of a dataset's ratings, by row index into
/// `dataset.ratings`. Both index lists are sorted ascending (file order), so
/// a model trained on `train` visits ratings in the order a peer tool given
/// the same rows would; they never overlap (checked at construction).
public struct Split: Sendable, Equatable {
    /// "holdout", "fold 2/5", "repeat 1 fold 3/5"…
    public var name: String
    public var train: [Int]
    public var test: [Int]
    public var report: SplitReport

    /// Builds a split and its report; throws if the index sets overlap or are out of range.
    public init(name: String, train: [Int], test: [Int], dataset: Dataset) throws {
        let tr = train.sorted(), te = test.sorted()
        let n = dataset.ratings.count
        var used = [Bool](repeating: false, count: n)
        for i in tr {
            guard i >= 0, i < n, !used[i] else {
                throw EvaluationError("train row \(i) is out of range or repeated", key: name)
            }
            used[i] = true
        }
        for i in te {
            guard i >= 0, i < n, !used[i] else {
                throw EvaluationError("test row \(i) is out of range or also in train", key: name)
            }
            used[i] = true
        }
        self.name = name
        self.train = tr
        self.test = te
        self.report = SplitReport(name: name, train: tr, test: te, ratings: dataset.ratings)
    }

    /// The training rows as a `TrainingSet` for the models (file order).
    public func trainingSet(_ dataset: Dataset) -> TrainingSet { TrainingSet(dataset: dataset, indices: train) }

    /// The test ratings.
    public func testRatings(_ dataset: Dataset) -> Ratings { dataset.ratings.subset(test) }
}

/// What a split holds: sizes, and how many test users and movies have no
/// training rating (Surprise's "unknown" ids), with the fallback used for them.
public struct SplitReport: Sendable, Codable, Equatable {
    public var name: String
    public var trainCount: Int
    public var testCount: Int
    public var testUsers: Int
    public var testMovies: Int
    /// Distinct test users with no training rating.
    public var unseenTestUsers: Int
    /// Distinct test movies with no training rating.
    public var unseenTestMovies: Int
    /// Test ratings whose user or movie (or both) is unseen in training.
    public var testRatingsWithUnseenID: Int
    /// How unseen ids are predicted.
    public var fallback: String

    public static let surpriseFallback = """
        as Surprise: each model's own rule for a missing side (biased factorisation and baselines add the \
        known biases to the global mean; k-NN and unbiased models fall back to the global mean)
        """

    init(name: String, train: [Int], test: [Int], ratings: Ratings) {
        var trainUsers = Set<Int32>(), trainMovies = Set<Int32>()
        for i in train { trainUsers.insert(ratings.users[i]); trainMovies.insert(ratings.movies[i]) }
        var tu = Set<Int32>(), tm = Set<Int32>()
        var unseenRows = 0
        for i in test {
            tu.insert(ratings.users[i]); tm.insert(ratings.movies[i])
            if !trainUsers.contains(ratings.users[i]) || !trainMovies.contains(ratings.movies[i]) { unseenRows += 1 }
        }
        self.name = name
        trainCount = train.count
        testCount = test.count
        testUsers = tu.count
        testMovies = tm.count
        unseenTestUsers = tu.subtracting(trainUsers).count
        unseenTestMovies = tm.subtracting(trainMovies).count
        testRatingsWithUnseenID = unseenRows
        fallback = Self.surpriseFallback
    }
}
