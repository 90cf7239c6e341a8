import RecLabEvaluation
import RecLabResults

/// `ranking:` — the protocol of the top-N metrics, stated in the experiment
/// file rather than fixed in the code:
///
///     ranking:
///       relevance: 4.0          # a test rating at or above this is relevant; `any`: every test interaction
///       candidates: all_unrated # or {kind: sampled, negatives: 100, seed: 7}
///       exclude_train: true     # leave the user's training movies out of the lists
///       k: [5, 10, 20]          # compute every ranking metric at each K
///
/// Every key is optional. `relevance` defaults to 4.0, or to `any` when the
/// data is implicit (`dataset.implicit`). The sampled candidates' `seed`
/// defaults to the experiment seed.
///
/// The K rule: the metrics the experiment lists (`metrics: [ndcg@10]`) are the
/// ones the report compares models on, as before; `k` adds every ranking
/// metric (`RankingSpec.kinds`) at each of its K to what the trials compute,
/// store and the report's ranking section tabulates, without adding a
/// comparison subsection per metric. Without `k`, only the listed `@K`
/// metrics are computed. A file without `ranking:` computes what it did
/// before, under the same protocol, with the same trial keys.
public struct RankingSpec: Sendable, Hashable {
    /// Nil when the file does not say: 4.0 for ratings, `any` for implicit data.
    public var relevance: RankingProtocol.Relevance?
    public var candidates: RankingProtocol.Candidates = .allUnrated
    public var excludeTrain = true
    /// Cut-offs at which every ranking metric is computed; empty when `k` is not given.
    public var ks: [Int] = []
    /// Where the block is written, for errors found by cross-checks.
    public var location: SourceLocation?

    public init() {}

    static let keys = ["relevance", "candidates", "exclude_train", "k"]
    static let candidateKeys = ["kind", "negatives", "seed"]
    static let candidateKinds = ["all_unrated", "sampled"]

    /// The ranking metric kinds `k` adds at each K, in the order the report's tables show them.
    public static let kinds: [MetricKind] = [.precision, .recall, .ndcg, .map, .mrr, .hitRate, .coverage, .popularity]

    /// The protocol the evaluator applies: relevance resolved against the data's kind.
    public func resolved(implicit: Bool) -> RankingProtocol {
        RankingProtocol(relevance: relevance ?? (implicit ? .any : .threshold(4)), candidates: candidates,
                        excludeTrain: excludeTrain)
    }

    /// The listed metrics followed by every ranking metric at each K of `ks` not already listed.
    public func metrics(adding listed: [MetricSpec]) -> [MetricSpec] {
        var out = listed
        var seen = Set(listed)
        for kind in Self.kinds {
            for k in ks {
                let m = MetricSpec(kind, k: k)
                if seen.insert(m).inserted { out.append(m) }
            }
        }
        return out
    }

    static func read(_ r: MappingReader?, experimentSeed: UInt64) -> RankingSpec {
        var s = RankingSpec()
        guard let r else { return s }
        s.location = r.node.location
        if let n = r["relevance"] {
            if case .scalar(let text, .string) = n.value {
                if text.lowercased() == "any" {
                    s.relevance = .any
                } else {
                    var msg = "unknown relevance '\(text)'"
                    if let sug = EditDistance.suggestion(for: text, among: ["any"]) { msg += "; did you mean '\(sug)'?" }
                    r.diag.add(ExperimentError(msg, at: n.location, key: r.keyPath("relevance"), found: text,
                                               expected: "a rating threshold such as 4.0, or `any`"))
                }
            } else if MappingReader.number(n) != nil {
                let t = r.double("relevance", default: 4, lower: 0)
                s.relevance = .threshold(Float(t))
            } else {
                r.diag.add(ExperimentError("wrong type", at: n.location, key: r.keyPath("relevance"), found: n.shortDescription,
                                           expected: "a rating threshold such as 4.0, or `any`"))
            }
        }
        if let n = r["candidates"] {
            switch n.value {
            case .scalar:
                if let kind = r.string("candidates", default: nil, choices: candidateKinds), kind == "sampled" {
                    r.diag.add(ExperimentError("sampled candidates need a number of negatives", at: n.location,
                                               key: r.keyPath("candidates"), found: kind,
                                               expected: "{kind: sampled, negatives: N, seed: S}"))
                }
            default:
                if let c = r.mapping("candidates", known: candidateKeys) {
                    let kind = c.string("kind", default: "all_unrated", choices: candidateKinds) ?? "all_unrated"
                    if kind == "sampled" {
                        if c.has("negatives") {
                            let negatives = c.int("negatives", default: 100, in: 1...Int.max)
                            s.candidates = .sampled(negatives: negatives, seed: c.uint64("seed", default: experimentSeed))
                        } else {
                            c.diag.add(ExperimentError("sampled candidates need a number of negatives", at: c.node.location,
                                                       key: c.keyPath("negatives"), expected: "negatives: N with N ≥ 1"))
                        }
                    } else {
                        for key in ["negatives", "seed"] where c.has(key) {
                            c.diag.add(ExperimentError("`\(key)` applies only to sampled candidates", at: c.location(key),
                                                       key: c.keyPath(key), expected: "kind: sampled"))
                        }
                    }
                }
            }
        }
        s.excludeTrain = r.bool("exclude_train", default: true)
        if !s.excludeTrain, case .sampled = s.candidates {
            r.diag.add(ExperimentError("exclude_train: false does nothing with sampled candidates (they never hold training movies)",
                                       at: r.location("exclude_train"), key: r.keyPath("exclude_train"),
                                       expected: "exclude_train: true, or candidates: all_unrated"))
        }
        if r.has("k") {
            let ks = r.ints("k", default: [], in: 1...100_000)
            if ks.isEmpty, r.diag.errors.allSatisfy({ $0.key != r.keyPath("k") }) {
                r.diag.add(ExperimentError("the list of cut-offs is empty", at: r.location("k"), key: r.keyPath("k"),
                                           expected: "a list of K values such as [5, 10, 20]"))
            }
            if Set(ks).count != ks.count {
                r.diag.add(ExperimentError("a cut-off is repeated", at: r.location("k"), key: r.keyPath("k"), expected: "distinct K values"))
            }
            s.ks = Array(Set(ks)).sorted()
        }
        return s
    }

    /// What the report states: the resolved protocol, every K computed and the data's kind.
    func setup(implicit: ImplicitSpec?, metrics: [MetricSpec]) -> RankingSetup {
        let p = resolved(implicit: implicit != nil)
        var out = RankingSetup(relevanceThreshold: p.relevance.threshold.map(Double.init), excludeTrain: p.excludeTrain,
                               ks: Array(Set(metrics.compactMap(\.k))).sorted(),
                               implicit: implicit.map { RankingSetup.ImplicitData(threshold: $0.threshold) })
        if case .sampled(let n, let seed) = p.candidates {
            out.sampledNegatives = n
            out.sampleSeed = seed
        }
        return out
    }
}

extension ExperimentSpec {
    /// Every metric the trials compute: the listed ones, then the ranking metrics `ranking.k` adds.
    public var computedMetrics: [MetricSpec] { ranking.metrics(adding: metrics) }

    /// The metrics whose per-user values trials store (for the report's per-user paired tests):
    /// the listed user-averaged ranking metrics, and NDCG at every K of `ranking.k` (the ranking
    /// section tests NDCG@K). Not every computed metric: a value per test user and metric adds up
    /// in trial files and run.json on large data.
    public var perUserMetrics: [MetricSpec] {
        var out = metrics.filter(\.isTopN)
        for k in ranking.ks where !out.contains(MetricSpec(.ndcg, k: k)) { out.append(MetricSpec(.ndcg, k: k)) }
        return out
    }

    /// The protocol the evaluator applies.
    public var rankingProtocol: RankingProtocol { ranking.resolved(implicit: dataset.implicit != nil) }

    /// The protocol as results record it; nil when no ranking metric is computed.
    public var rankingSetup: RankingSetup? {
        let computed = computedMetrics
        guard computed.contains(where: \.isTopN) else { return nil }
        return ranking.setup(implicit: dataset.implicit, metrics: computed)
    }

    /// `ranking:` against the rest of the file: a block that applies to no metric, and rating
    /// metrics on implicit data (models are checked by `ExperimentValidator`, which knows the registry).
    func checkRanking(_ r: MappingReader, diag: Diagnostics) {
        if r.has("ranking"), !computedMetrics.contains(where: \.isTopN) {
            diag.add(ExperimentError("the ranking protocol applies to no metric", at: r.location("ranking"), key: "ranking",
                                     expected: "ranking.k: [5, 10, 20], or a ranking metric such as ndcg@10 in `metrics:`"))
        }
        if dataset.implicit != nil {
            let rating = metrics.filter { !$0.isTopN }
            if !rating.isEmpty {
                diag.add(ExperimentError("\(rating.map(\.description).joined(separator: ", ")) measure\(rating.count == 1 ? "s" : "") predicted ratings, which implicit data (dataset.implicit) does not have",
                                         at: r.location("metrics"), key: "metrics",
                                         expected: "ranking metrics only, such as [ndcg@10, recall@10]"))
            }
        }
    }
}
