import Foundation
import RecLabCore
import RecLabData

/// Spark MLlib's ALS (`pyspark.ml.recommendation.ALS`), fitted by Spark
/// through `spark-submit`, then predicting inside RecLab from the factors it
/// learned: the matrix factorisation a team with a Spark cluster trains,
/// compared on RecLab's splits and metrics.
///
/// Model (Spark's): r̂(u, i) = x_u · y_i, no biases. Explicit feedback
/// minimises Σ (r − x_u·y_i)² + λ (n_u‖x_u‖² + n_i‖y_i‖²) (ALS-WR's
/// regularisation, scaled by each id's rating count); `implicit_prefs` uses
/// Hu, Koren and Volinsky's confidence 1 + α·r on binary preferences;
/// `nonnegative` solves each least-squares step with non-negativity.
///
/// Fit: the training ratings (inner ids, float32 ratings) are written as CSV
/// to a staging folder of this fit's own, with the committed PySpark job
/// (`spark_als_job.py`, embedded in the binary); `spark-submit` runs it with
/// `SparkSettings` (master, conf, staging URI, time limit); the job writes
/// every user's and movie's factors back; the staging folder is removed.
/// A job that fails, or stops without its result file, throws with the
/// tail of Spark's log; nothing of it is kept.
///
/// Estimate: the dot product in Float, accumulated in id order exactly as
/// Spark's `ALSModel` prediction does (so RecLab's RMSE equals PySpark's own
/// `transform` scored the same way, `scripts/oracles/pyspark_als.py`); a user
/// or movie without a Spark factor (no training rating: Spark's NaN) is
/// impossible, and the shared `predict` falls back to the global mean.
///
/// Seed: `seed` is passed to Spark as is; −1 (the default) passes
/// `SplitMix64.derive(trialSeed, "spark-als")` folded into 0...Int64.max, so
/// every trial seed gives its own initialisation. Spark's ALS is
/// deterministic for a given seed, input order and block counts.
///
/// Complexity (Spark's): per iteration O(n·r² + (users + movies)·r³) over
/// the cluster; here O(n) to stage and O((users + movies)·r) to read back.
public struct SparkALS: RatingModel {
    public var rank: Int = SparkALS.table.defaultValue(of: \.rank)
    public var maxIter: Int = SparkALS.table.defaultValue(of: \.maxIter)
    public var regParam: Double = SparkALS.table.defaultValue(of: \.regParam)
    public var implicitPrefs: Bool = SparkALS.table.defaultValue(of: \.implicitPrefs)
    public var alpha: Double = SparkALS.table.defaultValue(of: \.alpha)
    public var nonnegative: Bool = SparkALS.table.defaultValue(of: \.nonnegative)
    public var seed: Int = SparkALS.table.defaultValue(of: \.seed)
    public var numUserBlocks: Int = SparkALS.table.defaultValue(of: \.numUserBlocks)
    public var numItemBlocks: Int = SparkALS.table.defaultValue(of: \.numItemBlocks)

    public init() {}

    public static let kindName = "spark_als"
    public var kind: String { Self.kindName }

    /// Spark's parameter names in snake case, with Spark's defaults.
    public static let table = ParameterTable<SparkALS>([
        .int("rank", 1...10_000, default: 10, "number of latent factors (Spark's rank)", \.rank),
        .int("max_iter", 1...10_000, default: 10, "ALS iterations (Spark's maxIter)", \.maxIter),
        .double("reg_param", 0, default: 0.1, "regularisation λ, scaled by each id's rating count (Spark's regParam)", \.regParam),
        .bool("implicit_prefs", default: false, "implicit-feedback ALS with confidence 1 + alpha·r (Spark's implicitPrefs)",
              \.implicitPrefs),
        .double("alpha", 0, default: 1.0, "confidence scale of implicit feedback (Spark's alpha)", \.alpha),
        .bool("nonnegative", default: false, "non-negative least squares in each step (Spark's nonnegative)", \.nonnegative),
        .int("seed", -1...Int(Int64.max), default: -1,
             "Spark's seed; -1 derives one from the trial's seed", \.seed),
        .int("num_user_blocks", 1...100_000, default: 10, "user partitions (Spark's numUserBlocks)", \.numUserBlocks),
        .int("num_item_blocks", 1...100_000, default: 10, "movie partitions (Spark's numItemBlocks)", \.numItemBlocks),
    ])

    public init(parameters: Parameters) throws {
        try Self.table.read(parameters, kind: Self.kindName, into: &self)
    }

    public var parameters: Parameters { Self.table.values(of: self) }

    /// The seed Spark gets for a trial seed.
    public func sparkSeed(trialSeed: UInt64) -> Int64 {
        seed >= 0 ? Int64(seed) : Int64(bitPattern: SplitMix64.derive(trialSeed, "spark-als") & UInt64(Int64.max))
    }

    /// The job's arguments after the input and output locations.
    func jobArguments(trialSeed: UInt64) -> [String] {
        [
            "--rank", String(rank), "--max-iter", String(maxIter), "--reg-param", String(regParam),
            "--implicit-prefs", String(implicitPrefs), "--alpha", String(alpha), "--nonnegative", String(nonnegative),
            "--seed", String(sparkSeed(trialSeed: trialSeed)),
            "--num-user-blocks", String(numUserBlocks), "--num-item-blocks", String(numItemBlocks),
        ]
    }

    public func fit(_ train: TrainingSet, seed: UInt64, options: FitOptions) throws -> FittedSparkALS {
        let settings = (options.spark ?? SparkSettings()).resolved()
        let job = try SparkJob(settings: settings)
        let out = try job.run(train: train, arguments: jobArguments(trialSeed: seed), rank: rank,
                              shouldStop: options.shouldStop)
        options.progress?(1, 1)
        var fitted = try FittedSparkALS(summary: TrainingSummary(train), rank: rank, users: out.users, movies: out.items)
        fitted.timings = out.timings
        return fitted
    }
}

/// Factors Spark learned, by inner id: what `spark_als` predicts from.
public struct FittedSparkALS: FittedRatingModel {
    public let summary: TrainingSummary
    public var learningCurve: LearningCurve { LearningCurve() }
    public let rank: Int
    /// `summary.userCount × rank` Floats, row-major; rows of ids Spark returned no factor for are zero.
    public let userFactors: [Float]
    public let movieFactors: [Float]
    /// Which rows hold a factor Spark learned.
    public let hasUserFactor: [Bool]
    public let hasMovieFactor: [Bool]
    /// Where the fit's time went (not saved with the model: a fact of that fit, not of the factors).
    public var timings: SparkTimings?

    public init(summary: TrainingSummary, rank: Int, userFactors: [Float], movieFactors: [Float],
                hasUserFactor: [Bool], hasMovieFactor: [Bool]) {
        self.summary = summary
        self.rank = rank
        self.userFactors = userFactors
        self.movieFactors = movieFactors
        self.hasUserFactor = hasUserFactor
        self.hasMovieFactor = hasMovieFactor
    }

    /// Places Spark's (id, factor) rows by inner id; throws on an id outside the vocabulary or a repeated id.
    init(summary: TrainingSummary, rank: Int, users: SparkJob.Side, movies: SparkJob.Side) throws {
        func place(_ side: SparkJob.Side, count: Int, what: String) throws -> ([Float], [Bool]) {
            var values = [Float](repeating: 0, count: count * rank)
            var has = [Bool](repeating: false, count: count)
            for (k, id) in side.ids.enumerated() {
                let row = Int(id)
                guard row >= 0 && row < count else {
                    throw RatingModelError("Spark returned a factor for \(what) id \(id), outside 0..<\(count)", kind: SparkALS.kindName)
                }
                guard !has[row] else {
                    throw RatingModelError("Spark returned two factors for \(what) id \(id)", kind: SparkALS.kindName)
                }
                has[row] = true
                values.replaceSubrange(row * rank..<(row + 1) * rank, with: side.factors[k * rank..<(k + 1) * rank])
            }
            return (values, has)
        }
        let (u, hu) = try place(users, count: summary.userCount, what: "user")
        let (m, hm) = try place(movies, count: summary.movieCount, what: "movie")
        self.init(summary: summary, rank: rank, userFactors: u, movieFactors: m, hasUserFactor: hu, hasMovieFactor: hm)
    }

    public func estimate(user: Int32, movie: Int32) -> Estimate {
        let u = Int(user), i = Int(movie)
        guard u >= 0 && u < hasUserFactor.count && hasUserFactor[u] else { return .impossible("user unknown to Spark") }
        guard i >= 0 && i < hasMovieFactor.count && hasMovieFactor[i] else { return .impossible("movie unknown to Spark") }
        return .value(Double(Self.dot(userFactors, u * rank, movieFactors, i * rank, rank)))
    }

    /// Σ a[k]·b[k] in Float, k ascending, each product rounded before it is added:
    /// the order and precision of Spark's ALS prediction, so the value is Spark's bit for bit.
    @inline(never)
    static func dot(_ a: [Float], _ aStart: Int, _ b: [Float], _ bStart: Int, _ count: Int) -> Float {
        var sum: Float = 0
        for k in 0..<count {
            let product = a[aStart + k] * b[bStart + k]
            sum = sum + product
        }
        return sum
    }
}
