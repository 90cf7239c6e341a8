import RecLabCore

/// How top-N lists are built and judged: which test movies are relevant,
/// which movies compete for a place in a user's list, and whether the movies
/// the user rated in training may appear in it.
///
/// `standard` is the protocol every run used before the experiment file could
/// state one (threshold 4, every movie the user did not rate in training is a
/// candidate), so a trial under it keeps its content key and its numbers.
///
/// Sampled candidates rank each user's test movies among `negatives` movies
/// drawn uniformly without replacement from the movies the user has neither
/// in training nor in test, out of every movie of the dataset (all of them
/// when fewer remain). The draw depends only on the protocol's seed, the
/// replicate (the evaluation seed, which the runner derives from the split
/// seed and fold and gives every model of that split) and the user
/// (`SplitMix64.derive(seed, "ranking.negatives/<replicate>/user:<id>")`),
/// never on the model, so every model ranks the same candidates. Sampled metrics are higher than the
/// full-ranking ones and can order models differently (Krichene & Rendle,
/// "On Sampled Metrics for Item Recommendation", KDD 2020).
public struct RankingProtocol: Sendable, Hashable, Codable {
    /// Which test ratings count as relevant.
    public enum Relevance: Sendable, Hashable, Codable {
        /// A test rating at or above the threshold.
        case threshold(Float)
        /// Every test interaction (implicit feedback).
        case any

        /// The test rating at or above which a movie is relevant; nil for `any`.
        public var threshold: Float? {
            if case .threshold(let t) = self { return t }
            return nil
        }

        /// Whether a test rating of `value` is relevant.
        @inline(__always) public func isRelevant(_ value: Float) -> Bool {
            switch self {
            case .threshold(let t): return value >= t
            case .any: return true
            }
        }
    }

    /// Which movies a user's list is drawn from.
    public enum Candidates: Sendable, Hashable, Codable {
        /// Every movie of the dataset (less the user's training movies when `excludeTrain`).
        case allUnrated
        /// The user's test movies plus `negatives` sampled movies the user never rated.
        case sampled(negatives: Int, seed: UInt64)
    }

    public var relevance: Relevance
    public var candidates: Candidates
    /// Leave the user's training movies out of the list (full ranking only: sampled candidates never hold them).
    public var excludeTrain: Bool

    public init(relevance: Relevance = .threshold(4), candidates: Candidates = .allUnrated, excludeTrain: Bool = true) {
        self.relevance = relevance
        self.candidates = candidates
        self.excludeTrain = excludeTrain
    }

    /// Threshold 4, all unrated movies, training movies excluded.
    public static let standard = RankingProtocol()

    /// The seed of `user`'s negative sample on the replicate whose evaluation seed is `replicate`.
    static func negativeSeed(_ seed: UInt64, replicate: UInt64, user: Int32) -> UInt64 {
        SplitMix64.derive(seed, "ranking.negatives/\(replicate)/user:\(user)")
    }

    /// `count` distinct movies in `0..<movieCount` outside `excluded` (which holds only ids in that
    /// range), drawn uniformly without replacement with `rng`: by rejection when the allowed movies
    /// outnumber `count` four times, else by a partial Fisher–Yates shuffle of the allowed ids in
    /// ascending order; every allowed movie when there are at most `count`. Sorted ascending.
    static func sample(count: Int, movieCount: Int, excluded: Set<Int32>, rng: inout Xoshiro256StarStar) -> [Int32] {
        guard count > 0 else { return [] }
        let allowed = movieCount - excluded.count
        // Rejection sampling when the allowed movies are plenty: O(count) draws instead of O(movies).
        if allowed > 4 * count {
            var chosen = Set<Int32>()
            while chosen.count < count {
                let m = Int32(UInt64(movieCount).multipliedFullWidth(by: rng.next()).high)
                if !excluded.contains(m) { chosen.insert(m) }
            }
            return chosen.sorted()
        }
        var pool: [Int32] = []
        pool.reserveCapacity(movieCount)
        for m in 0..<movieCount where !excluded.contains(Int32(m)) { pool.append(Int32(m)) }
        guard count < pool.count else { return pool }
        // Partial Fisher–Yates: the first `count` slots become a uniform sample without replacement.
        for i in 0..<count {
            let remaining = UInt64(pool.count - i)
            let j = i + Int(remaining.multipliedFullWidth(by: rng.next()).high)
            pool.swapAt(i, j)
        }
        return pool.prefix(count).sorted()
    }
}
