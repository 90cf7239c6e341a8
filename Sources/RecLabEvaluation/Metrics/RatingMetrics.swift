/// Accuracy of predicted ratings against true ones.
///
/// Formulas (Surprise's `accuracy` module): RMSE = √(Σ(r̂ − r)²/n),
/// MAE = Σ|r̂ − r|/n, both summed in Double; FCP (Koren 2008) as Surprise
/// computes it: per user u, n_c(u) = #{(a, b): r̂_a > r̂_b and r_a > r_b} and
/// n_d(u) = #{(a, b): r̂_a ≥ r̂_b and r_a < r_b} over ordered pairs of u's test
/// ratings; n_c and n_d are each averaged over the users where they are
/// non-zero, and FCP = n_c / (n_c + n_d). Every figure is nil (never NaN) when
/// there is nothing to measure. Complexity O(n log n) for FCP (per user, a sort
/// by prediction and a Fenwick tree over the actual values' ranks: the same
/// integer pair counts as comparing every pair).
public enum RatingMetrics {
    public static func rmse(predicted: [Float], actual: [Float]) -> Double? {
        guard !actual.isEmpty, predicted.count == actual.count else { return nil }
        var s = 0.0
        for k in actual.indices { let d = Double(predicted[k]) - Double(actual[k]); s += d * d }
        return (s / Double(actual.count)).squareRoot()
    }

    public static func mae(predicted: [Float], actual: [Float]) -> Double? {
        guard !actual.isEmpty, predicted.count == actual.count else { return nil }
        var s = 0.0
        for k in actual.indices { s += abs(Double(predicted[k]) - Double(actual[k])) }
        return s / Double(actual.count)
    }

    public static func fcp(users: [Int32], predicted: [Float], actual: [Float]) -> Double? {
        guard !actual.isEmpty else { return nil }
        guard predicted.count == actual.count, users.count == actual.count,
              !predicted.contains(where: \.isNaN), !actual.contains(where: \.isNaN) else {
            return fcpPairwise(users: users, predicted: predicted, actual: actual)
        }
        // Each user's rows, users in ascending id order (counting sort when the ids are compact).
        let (offsets, rows) = groupedByUser(users)
        // Actual values as ranks 1…R (equal values, equal ranks), for the counting tree.
        let distinct = Array(Set(actual)).sorted()
        let rank: [Int32] = actual.map { v in
            var lo = 0, hi = distinct.count
            while lo < hi { let mid = (lo + hi) / 2; if distinct[mid] < v { lo = mid + 1 } else { hi = mid } }
            return Int32(lo + 1)
        }
        var tree = [Int32](repeating: 0, count: distinct.count + 1)   // Fenwick tree of counts by rank
        func add(_ r: Int32, _ delta: Int32) {
            var i = Int(r)
            while i < tree.count { tree[i] += delta; i += i & -i }
        }
        func countAtMost(_ r: Int32) -> Int {
            var i = Int(r), s = 0
            while i > 0 { s += Int(tree[i]); i -= i & -i }
            return s
        }
        var ncSum = 0.0, ncUsers = 0, ndSum = 0.0, ndUsers = 0
        var order: [Int] = []
        for g in 0..<(offsets.count - 1) {
            order.removeAll(keepingCapacity: true)
            order.append(contentsOf: rows[offsets[g]..<offsets[g + 1]])
            order.sort { predicted[$0] < predicted[$1] }
            // Groups of equal prediction in ascending order: n_c counts earlier (strictly lower)
            // predictions with a lower actual value, n_d all rows with a prediction ≤ this one
            // (the group itself included) and a higher actual value.
            var nc = 0, nd = 0, inserted = 0, i = 0
            while i < order.count {
                var j = i
                while j < order.count && predicted[order[j]] == predicted[order[i]] { j += 1 }
                for a in order[i..<j] { nc += countAtMost(rank[a] - 1) }
                for a in order[i..<j] { add(rank[a], 1) }
                inserted += j - i
                for a in order[i..<j] { nd += inserted - countAtMost(rank[a]) }
                i = j
            }
            for a in order { add(rank[a], -1) }
            if nc > 0 { ncSum += Double(nc); ncUsers += 1 }
            if nd > 0 { ndSum += Double(nd); ndUsers += 1 }
        }
        let nc = ncUsers > 0 ? ncSum / Double(ncUsers) : 0
        let nd = ndUsers > 0 ? ndSum / Double(ndUsers) : 0
        return nc + nd > 0 ? nc / (nc + nd) : nil
    }

    /// FCP by comparing every ordered pair of a user's rows: O(Σ_u n_u²). The
    /// reference the sorted version (`fcp`, O(Σ_u n_u log n_u)) is tested
    /// against, and its path when a value is NaN (no order to sort by).
    static func fcpPairwise(users: [Int32], predicted: [Float], actual: [Float]) -> Double? {
        guard !actual.isEmpty else { return nil }
        var rows: [Int32: [Int]] = [:]
        for k in actual.indices { rows[users[k], default: []].append(k) }
        var ncSum = 0.0, ncUsers = 0, ndSum = 0.0, ndUsers = 0
        for (_, ks) in rows {
            var nc = 0, nd = 0
            for a in ks {
                for b in ks {
                    if predicted[a] > predicted[b] && actual[a] > actual[b] { nc += 1 }
                    if predicted[a] >= predicted[b] && actual[a] < actual[b] { nd += 1 }
                }
            }
            if nc > 0 { ncSum += Double(nc); ncUsers += 1 }
            if nd > 0 { ndSum += Double(nd); ndUsers += 1 }
        }
        let nc = ncUsers > 0 ? ncSum / Double(ncUsers) : 0
        let nd = ndUsers > 0 ? ndSum / Double(ndUsers) : 0
        return nc + nd > 0 ? nc / (nc + nd) : nil
    }

    /// Row indices grouped by user (rows of a user in input order), as CSR
    /// offsets over `rows`; users in ascending id order.
    static func groupedByUser(_ users: [Int32]) -> (offsets: [Int], rows: [Int]) {
        guard let lo = users.min(), let hi = users.max() else { return ([0], []) }
        let span = Int(hi) - Int(lo) + 1
        if span <= 4 * users.count + 1024 {
            var start = [Int](repeating: 0, count: span + 1)
            for u in users { start[Int(u) - Int(lo) + 1] += 1 }
            for i in 0..<span { start[i + 1] += start[i] }
            var fill = start
            var rows = [Int](repeating: 0, count: users.count)
            for (k, u) in users.enumerated() { let g = Int(u) - Int(lo); rows[fill[g]] = k; fill[g] += 1 }
            var offsets = [0]
            for i in 0..<span where start[i + 1] > start[i] { offsets.append(start[i + 1]) }
            return (offsets, rows)
        }
        let rows = users.indices.sorted { users[$0] < users[$1] || (users[$0] == users[$1] && $0 < $1) }
        var offsets = [0]
        for k in 1..<rows.count where users[rows[k]] != users[rows[k - 1]] { offsets.append(k) }
        offsets.append(rows.count)
        return (offsets, rows)
    }

    /// The distribution over users of each user's RMSE on their test ratings.
    public static func perUserRMSE(users: [Int32], predicted: [Float], actual: [Float]) -> Distribution? {
        var acc: [Int32: (Double, Int)] = [:]
        for k in actual.indices {
            let d = Double(predicted[k]) - Double(actual[k])
            let (s, c) = acc[users[k]] ?? (0, 0)
            acc[users[k]] = (s + d * d, c + 1)
        }
        return Distribution(acc.values.map { ($0.0 / Double($0.1)).squareRoot() })
    }
}

/// Summary of a sample: count, mean, min, quartiles, deciles, max
/// (quantiles by linear interpolation between order statistics, NumPy's default).
public struct Distribution: Sendable, Codable, Equatable {
    public var count: Int
    public var mean: Double
    public var min: Double
    public var p10: Double
    public var p25: Double
    public var median: Double
    public var p75: Double
    public var p90: Double
    public var max: Double

    /// Nil for an empty sample.
    public init?(_ values: [Double]) {
        guard !values.isEmpty else { return nil }
        let s = values.sorted()
        func q(_ p: Double) -> Double {
            let pos = p * Double(s.count - 1)
            let lo = Int(pos.rounded(.down)), hi = Swift.min(s.count - 1, lo + 1)
            return s[lo] + (s[hi] - s[lo]) * (pos - Double(lo))
        }
        count = s.count
        mean = s.reduce(0, +) / Double(s.count)
        min = s[0]; max = s[s.count - 1]
        p10 = q(0.1); p25 = q(0.25); median = q(0.5); p75 = q(0.75); p90 = q(0.9)
    }
}
