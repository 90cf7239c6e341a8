import Foundation

/// Top-N quality of recommendation lists at one cut-off k.
///
/// For each evaluated user the list is the k best-scored candidates of the
/// `RankingProtocol` (by default the movies the user did not rate in
/// training); a movie is relevant when the user's test rating is ≥ the
/// threshold (any test movie under `relevance: any`).
/// precision@k = hits/k, recall@k = hits/|relevant|, NDCG@k = DCG/IDCG with
/// binary gains and discount 1/log₂(rank + 1), hit rate = share of users with
/// at least one hit, MAP@k = mean of AP@k = (1/min(k, |relevant|)) Σ_{r ≤ k}
/// precision@r · rel(r), MRR@k = mean of 1/rank of the first relevant movie
/// within k (0 when none) — each averaged over users with at least one
/// relevant test movie. Coverage = distinct movies recommended (to every
/// evaluated user) / movies. Popularity = mean over evaluated users of the
/// mean number of training ratings of their k movies (average recommendation
/// popularity, Abdollahpouri et al. 2019): higher means a stronger bias
/// towards popular movies.
///
/// `perUser` holds each averaged user's own precision, recall, NDCG, hit,
/// AP and reciprocal rank, so that the means above are exactly their means
/// and paired tests can compare two models user by user.
public struct TopNMetrics: Sendable, Codable, Equatable {
    public var k: Int
    /// Nil under `relevance: any`.
    public var relevanceThreshold: Float?
    /// Users with at least one relevant test movie (the averaging base).
    public var users: Int
    public var precision: Double?
    public var recall: Double?
    public var ndcg: Double?
    public var hitRate: Double?
    public var map: Double?
    public var mrr: Double?
    public var coverage: Double?
    public var popularity: Double?
    /// The values behind the user-averaged metrics, one per averaged user.
    public var perUser: PerUser

    /// One value per user with at least one relevant test movie, in the order of `users`.
    public struct PerUser: Sendable, Codable, Equatable {
        /// Inner user ids (or, when the caller gave none, positions in its lists).
        public var users: [Int32] = []
        public var precision: [Double] = []
        public var recall: [Double] = []
        public var ndcg: [Double] = []
        /// 1 when the list holds a relevant movie, else 0.
        public var hit: [Double] = []
        /// Average precision (the terms of MAP).
        public var ap: [Double] = []
        /// Reciprocal rank of the first relevant movie, 0 when none (the terms of MRR).
        public var rr: [Double] = []

        public init() {}
    }

    /// Metrics from each user's ranked list (best first) and relevant set. `trainingCounts`
    /// gives each movie's number of training ratings (by inner id), for the popularity metric;
    /// `users`, aligned with `lists`, names the users in `perUser`.
    public static func compute(k: Int, threshold: Float?, lists: [[Int32]], relevant: [Set<Int32>],
                               movieCount: Int, trainingCounts: [Int]? = nil, users userIds: [Int32]? = nil) -> TopNMetrics {
        var p = 0.0, r = 0.0, n = 0.0, h = 0.0, ap = 0.0, rr = 0.0, users = 0
        var popSum = 0.0, popUsers = 0
        var covered = Set<Int32>()
        var each = PerUser()
        for (i, (list, rel)) in zip(lists, relevant).enumerated() {
            let top = list.prefix(k)
            covered.formUnion(top)
            if let counts = trainingCounts, !top.isEmpty {
                popSum += top.reduce(0.0) { $0 + Double(Int($1) < counts.count ? counts[Int($1)] : 0) } / Double(top.count)
                popUsers += 1
            }
            guard !rel.isEmpty else { continue }
            users += 1
            var hits = 0, dcg = 0.0, precisionSum = 0.0, firstHit: Int?
            for (rank, m) in top.enumerated() where rel.contains(m) {
                hits += 1
                dcg += 1 / log2(Double(rank) + 2)
                precisionSum += Double(hits) / Double(rank + 1)
                if firstHit == nil { firstHit = rank + 1 }
            }
            var idcg = 0.0
            for rank in 0..<min(k, rel.count) { idcg += 1 / log2(Double(rank) + 2) }
            let up = Double(hits) / Double(k), ur = Double(hits) / Double(rel.count)
            let un = idcg > 0 ? dcg / idcg : 0, uh: Double = hits > 0 ? 1 : 0
            let uap = precisionSum / Double(min(k, rel.count)), urr = firstHit.map { 1 / Double($0) } ?? 0
            p += up; r += ur; n += un; h += uh; ap += uap; rr += urr
            each.users.append(userIds.map { $0[i] } ?? Int32(i))
            each.precision.append(up); each.recall.append(ur); each.ndcg.append(un)
            each.hit.append(uh); each.ap.append(uap); each.rr.append(urr)
        }
        let u = Double(users)
        return TopNMetrics(k: k, relevanceThreshold: threshold, users: users,
                           precision: users > 0 ? p / u : nil, recall: users > 0 ? r / u : nil,
                           ndcg: users > 0 ? n / u : nil, hitRate: users > 0 ? h / u : nil,
                           map: users > 0 ? ap / u : nil, mrr: users > 0 ? rr / u : nil,
                           coverage: movieCount > 0 && !lists.isEmpty ? Double(covered.count) / Double(movieCount) : nil,
                           popularity: popUsers > 0 ? popSum / Double(popUsers) : nil, perUser: each)
    }
}
