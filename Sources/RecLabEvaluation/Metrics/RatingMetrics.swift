/// Accuracy of predicted ratings against true ones.
///
/// Formulas (Surprise's `accuracy` module): RMSE = √(Σ(r̂ − r)²/n),
/// MAE = Σ|r̂ − r|/n, both summed in Double; FCP (Koren 2008) as Surprise
/// computes it: per user u, n_c(u) = #{(a, b): r̂_a > r̂_b and r_a > r_b} and
/// n_d(u) = #{(a, b): r̂_a ≥ r̂_b and r_a < r_b} over ordered pairs of u's test
/// ratings; n_c and n_d are each averaged over the users where they are
/// non-zero, and FCP = n_c / (n_c + n_d). Every figure is nil (never NaN) when
/// there is nothing to measure. Complexity O(n + Σ_u n_u²) for FCP.
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
