/// The metrics RecLab computes: the one table that validation (`metrics:`,
/// `expect:`), evaluation, `reclab results --sort`, `reclab diff`,
/// expectations and the report read. A metric's name, direction, range,
/// whether it needs ranked lists and its definition are written here and
/// nowhere else.
///
/// A metric is named by its kind, and top-N kinds by kind and cut-off:
/// `rmse`, `ndcg@10`.
public enum MetricKind: String, Sendable, Hashable, Codable, CaseIterable {
    case rmse, mae, fcp
    case precision, recall, ndcg
    case hitRate = "hit_rate"
    case map, mrr
    case coverage
    case popularity

    /// The row of the table for this kind.
    public var info: MetricInfo {
        switch self {
        case .rmse:
            return MetricInfo(direction: .lowerIsBetter, lowerBound: 0, upperBound: nil, needsRanking: false,
                              definition: "root mean squared error of the predicted test ratings")
        case .mae:
            return MetricInfo(direction: .lowerIsBetter, lowerBound: 0, upperBound: nil, needsRanking: false,
                              definition: "mean absolute error of the predicted test ratings")
        case .fcp:
            return MetricInfo(direction: .higherIsBetter, lowerBound: 0, upperBound: 1, needsRanking: false,
                              definition: "fraction of concordant pairs: per user, the share of test-rating pairs the predictions order correctly (Koren 2008), averaged over users")
        case .precision:
            return MetricInfo(direction: .higherIsBetter, lowerBound: 0, upperBound: 1, needsRanking: true,
                              definition: "relevant movies among the top K, divided by K, averaged over users")
        case .recall:
            return MetricInfo(direction: .higherIsBetter, lowerBound: 0, upperBound: 1, needsRanking: true,
                              definition: "relevant movies among the top K, divided by the user's relevant test movies, averaged over users")
        case .ndcg:
            return MetricInfo(direction: .higherIsBetter, lowerBound: 0, upperBound: 1, needsRanking: true,
                              definition: "normalised discounted cumulative gain of the top K (binary gains, 1/log2(rank+1) discount), averaged over users")
        case .hitRate:
            return MetricInfo(direction: .higherIsBetter, lowerBound: 0, upperBound: 1, needsRanking: true,
                              definition: "share of users with at least one relevant movie in their top K")
        case .map:
            return MetricInfo(direction: .higherIsBetter, lowerBound: 0, upperBound: 1, needsRanking: true,
                              definition: "mean average precision: per user, the precision at each relevant movie's rank within the top K, summed and divided by min(K, relevant movies), averaged over users")
        case .mrr:
            return MetricInfo(direction: .higherIsBetter, lowerBound: 0, upperBound: 1, needsRanking: true,
                              definition: "mean reciprocal rank: 1 / the rank of the first relevant movie in the top K (0 when none), averaged over users")
        case .coverage:
            return MetricInfo(direction: .higherIsBetter, lowerBound: 0, upperBound: 1, needsRanking: true,
                              definition: "catalogue coverage: distinct movies recommended in any user's top K, divided by the number of movies")
        case .popularity:
            return MetricInfo(direction: .lowerIsBetter, lowerBound: 0, upperBound: nil, needsRanking: true,
                              definition: "average recommendation popularity: the mean number of training ratings of a user's top K movies, averaged over users (lower is less biased towards popular movies)")
        }
    }
}

/// What the table says about one metric kind.
public struct MetricInfo: Sendable, Hashable {
    public var direction: MetricDirection
    public var lowerBound: Double
    /// Nil for unbounded metrics (errors).
    public var upperBound: Double?
    /// True for top-N metrics: they rank every candidate movie per user and take a cut-off `@K`.
    public var needsRanking: Bool
    /// One line, as the report and `reclab metrics` show it.
    public var definition: String
}

/// A metric name parsed against the table: its kind and, for top-N kinds, its cut-off.
public struct MetricName: Sendable, Hashable, Codable, CustomStringConvertible {
    public var kind: MetricKind
    /// Cut-off for top-N metrics (nil for rating metrics).
    public var k: Int?

    public init(_ kind: MetricKind, k: Int? = nil) {
        self.kind = kind
        self.k = k
    }

    public var info: MetricInfo { kind.info }
    public var direction: MetricDirection { kind.info.direction }
    public var description: String { k.map { "\(kind.rawValue)@\($0)" } ?? kind.rawValue }

    /// Why a name was refused: what was expected instead.
    public struct Refusal: Error, Sendable, Hashable {
        public var expected: String
    }

    /// Parses `rmse` or `ndcg@10` (case-insensitive).
    public static func parse(_ text: String) -> Result<MetricName, Refusal> {
        let parts = text.lowercased().split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard let first = parts.first, let kind = MetricKind(rawValue: first) else {
            return .failure(Refusal(expected: "one of \(MetricCatalog.examples.joined(separator: ", "))"))
        }
        if kind.info.needsRanking {
            guard parts.count == 2, let k = Int(parts[1]), k >= 1 else {
                return .failure(Refusal(expected: "\(kind.rawValue)@K with K ≥ 1, for example \(kind.rawValue)@10"))
            }
            return .success(MetricName(kind, k: k))
        }
        if parts.count == 2 { return .failure(Refusal(expected: "\(kind.rawValue) without a cut-off")) }
        return .success(MetricName(kind))
    }
}

/// Look-ups by name for code that holds metric names as strings (stored results).
public enum MetricCatalog {
    /// One valid name per kind, for messages and suggestions.
    public static var examples: [String] {
        MetricKind.allCases.map { $0.info.needsRanking ? "\($0.rawValue)@10" : $0.rawValue }
    }

    /// The parsed name, or nil for a name outside the table.
    public static func metric(_ name: String) -> MetricName? {
        if case .success(let m) = MetricName.parse(name) { return m }
        return nil
    }

    /// The direction of a stored metric name. Names outside the table (RecLab
    /// writes none) count as higher-is-better.
    public static func direction(of name: String) -> MetricDirection {
        metric(name)?.direction ?? .higherIsBetter
    }

    /// Orders metric names as the report shows them: the given order first
    /// (the experiment's `metrics:` list), then the rest by name.
    public static func ordered(_ names: some Sequence<String>, preferred: [String]) -> [String] {
        let set = Set(names)
        var seen = Set<String>()
        let first = preferred.filter { set.contains($0) && seen.insert($0).inserted }
        return first + set.subtracting(first).sorted()
    }
}
