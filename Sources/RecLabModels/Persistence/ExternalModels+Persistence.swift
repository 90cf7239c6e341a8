/// Sections: the summary, `spark_als.rank` (Int64), `spark_als.users` and
/// `spark_als.movies` (Float32, ids × rank, row-major by inner id),
/// `spark_als.has_user` and `spark_als.has_movie` (UInt8: which rows hold a
/// factor Spark learned). The factors are Spark's bits, so a loaded model
/// predicts exactly what the fitted one did, without Spark.
extension FittedSparkALS: PersistableRatingModel {
    public static let payloadType = "rating/spark_als"

    public func encode(into w: inout ModelPayloadWriter) {
        summary.encode(into: &w)
        w.append("spark_als.rank", ints: [rank])
        w.append("spark_als.users", floats: userFactors)
        w.append("spark_als.movies", floats: movieFactors)
        w.append("spark_als.has_user", bools: hasUserFactor)
        w.append("spark_als.has_movie", bools: hasMovieFactor)
    }

    public init(decoding r: ModelPayloadReader) throws {
        let s = try TrainingSummary(decoding: r)
        let rank = try r.int("spark_als.rank")
        try r.check(rank, as: "rank", in: SparkALS.table.specs, for: "spark_als.rank")
        // Counts are checked against the stored sections before anything is allocated from them.
        let users = try r.floats("spark_als.users", count: r.product(s.userCount, rank, for: "spark_als.rank"))
        let movies = try r.floats("spark_als.movies", count: r.product(s.movieCount, rank, for: "spark_als.rank"))
        self.init(summary: s, rank: rank, userFactors: users, movieFactors: movies,
                  hasUserFactor: try r.bools("spark_als.has_user", count: s.userCount),
                  hasMovieFactor: try r.bools("spark_als.has_movie", count: s.movieCount))
    }
}
