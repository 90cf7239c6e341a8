import Foundation

/// Top-N quality of recommendation lists at one cut-off k.
///
/// For each evaluated user the list is the k movies with the highest
/// predicted rating among the movies the user did not rate in training; a
/// movie is relevant when the user's test rating is ≥ the threshold.
/// precision@k = hits/k, recall@k = hits/|relevant|, NDCG@k = DCG/IDCG with
/// binary gains and discount 1/log₂(rank + 1), hit rate = share of users with
/// at least one hit — each averaged over users with at least one relevant test
/// movie. Coverage = distinct movies recommended (to every evaluated user) / movies.
public struct TopNMetrics: Sendable, Codable, Equatable {
    public var k: Int
    public var relevanceThreshold: Float
    /// Users with at least one relevant test movie (the averaging base).
    public var users: Int
    public var precision: Double?
    public var recall: Double?
    public var ndcg: Double?
    public var hitRate: Double?
    public var coverage: Double?

    /// Metrics from each user's ranked list (best first) and relevant set.
    public static func compute(k: Int, threshold: Float, lists: [[Int32]], relevant: [Set<Int32>],
                               movieCount: Int) -> TopNMetrics {
        var p = 0.0, r = 0.0, n = 0.0, h = 0.0, users = 0
        var covered = Set<Int32>()
        for (list, rel) in zip(lists, relevant) {
            let top = list.prefix(k)
            covered.formUnion(top)
            guard !rel.isEmpty else { continue }
            users += 1
            var hits = 0, dcg = 0.0
            for (rank, m) in top.enumerated() where rel.contains(m) {
                hits += 1
                dcg += 1 / log2(Double(rank) + 2)
            }
            var idcg = 0.0
            for rank in 0..<min(k, rel.count) { idcg += 1 / log2(Double(rank) + 2) }
            p += Double(hits) / Double(k)
            r += Double(hits) / Double(rel.count)
            n += idcg > 0 ? dcg / idcg : 0
            h += hits > 0 ? 1 : 0
        }
        let u = Double(users)
        return TopNMetrics(k: k, relevanceThreshold: threshold, users: users,
                           precision: users > 0 ? p / u : nil, recall: users > 0 ? r / u : nil,
                           ndcg: users > 0 ? n / u : nil, hitRate: users > 0 ? h / u : nil,
                           coverage: movieCount > 0 && !lists.isEmpty ? Double(covered.count) / Double(movieCount) : nil)
    }
}
