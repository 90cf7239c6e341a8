/// The facts about a training set every fitted model keeps: enough to clip,
/// fall back and tell known from unknown ids, without keeping the ratings.
public struct TrainingSummary: Sendable {
    public let userCount: Int
    public let movieCount: Int
    public let ratingCount: Int
    public let ratingScale: ClosedRange<Float>
    public let globalMean: Double
    /// Users with at least one training rating.
    public let knownUsers: [Bool]
    /// Movies with at least one training rating.
    public let knownMovies: [Bool]

    public init(_ t: TrainingSet) {
        userCount = t.userCount
        movieCount = t.movieCount
        ratingCount = t.count
        ratingScale = t.ratingScale
        globalMean = t.globalMean
        (knownUsers, knownMovies) = t.knownMask()
    }

    @inlinable
    public func knows(user u: Int32) -> Bool { u >= 0 && Int(u) < userCount && knownUsers[Int(u)] }

    @inlinable
    public func knows(movie i: Int32) -> Bool { i >= 0 && Int(i) < movieCount && knownMovies[Int(i)] }
}
