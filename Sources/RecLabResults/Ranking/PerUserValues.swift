/// A trial's per-user values of user-averaged ranking metrics (precision,
/// recall, NDCG, hit rate, MAP, MRR — the runner stores the listed ones and
/// NDCG at each K of `ranking.k`): each metric's value in
/// `TrialResult.metrics` is the mean of its list here. The report pairs two
/// models' values by (split, user) for its per-user tests.
///
/// Stored as 32-bit floats to keep trial files small (a value per user and
/// metric); their mean agrees with the stored metric to about 1e-7.
public struct PerUserValues: Sendable, Hashable, Codable {
    /// The users averaged over (raw ids of the data, in the data's user order): those with at least one relevant test movie.
    public var users: [Int]
    /// Metric name (`ndcg@10`) → one value per user of `users`.
    public var values: [String: [Float]]

    public init(users: [Int], values: [String: [Float]]) {
        self.users = users
        self.values = values
    }

    /// Metric name → user → value.
    public func byUser(_ metric: String) -> [Int: Double]? {
        guard let vs = values[metric], vs.count == users.count else { return nil }
        var out: [Int: Double] = [:]
        for (u, v) in zip(users, vs) { out[u] = Double(v) }
        return out
    }
}
