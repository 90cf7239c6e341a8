import Testing
import RecLabEvaluation
import RecLabModels
import RecLabResults
@testable import RecLabExperiment

/// `ranking:` and `dataset.implicit`: parsing, defaults, the K rule, errors
/// with file:line:column, and the trial key staying put for the standard protocol.
@Suite("Ranking spec")
struct RankingSpecTests {
    @Test func everyKeyIsRead() throws {
        let spec = try ExperimentSpec.parse("""
            reclab: 1
            models: [svd]
            metrics: [rmse, ndcg@10]
            ranking:
              relevance: 3.5
              candidates: {kind: sampled, negatives: 50, seed: 7}
              k: [20, 5, 10]
            """, file: "t.yaml")
        #expect(spec.rankingProtocol == RankingProtocol(relevance: .threshold(3.5), candidates: .sampled(negatives: 50, seed: 7)))
        #expect(spec.ranking.ks == [5, 10, 20])
        // The K rule: the listed metrics stay first (and stay the compared ones); k adds every ranking kind at each K once.
        let computed = spec.computedMetrics.map(\.description)
        #expect(Array(computed.prefix(2)) == ["rmse", "ndcg@10"])
        #expect(computed.count == 2 + 8 * 3 - 1)
        #expect(Set(computed) == Set(["rmse"] + RankingSpec.kinds.flatMap { k in [5, 10, 20].map { "\(k.rawValue)@\($0)" } }))
        #expect(spec.metrics.map(\.description) == ["rmse", "ndcg@10"])
        // Per-user values: the listed ranking metric and NDCG at each K.
        #expect(spec.perUserMetrics.map(\.description) == ["ndcg@10", "ndcg@5", "ndcg@20"])
        let setup = try #require(spec.rankingSetup)
        #expect(setup.relevanceThreshold == 3.5 && setup.sampledNegatives == 50 && setup.sampleSeed == 7 && setup.excludeTrain)
        #expect(setup.ks == [5, 10, 20] && setup.isSampled)
        let keep = try ExperimentSpec.parse("reclab: 1\nmodels: [svd]\nranking: {exclude_train: false, k: [10]}\n", file: "t.yaml")
        #expect(keep.rankingProtocol == RankingProtocol(excludeTrain: false))
    }

    @Test func withoutTheBlockTheProtocolAndTheKeysAreUnchanged() throws {
        let spec = try ExperimentSpec.parse("reclab: 1\nmodels: [svd]\nmetrics: [rmse, precision@10]\n", file: "t.yaml")
        #expect(spec.rankingProtocol == .standard)
        #expect(spec.computedMetrics == spec.metrics)
        let p: Parameters = ["n_factors": .int(10)]
        let plain = TrialKey.canonical(kind: "svd", parameters: p, split: spec.split, splitSeed: 1, fold: nil, fitSeed: 2,
                                       dataFingerprint: "f", filters: spec.dataset.filters, metrics: spec.metrics)
        let stated = TrialKey.canonical(kind: "svd", parameters: p, split: spec.split, splitSeed: 1, fold: nil, fitSeed: 2,
                                        dataFingerprint: "f", filters: spec.dataset.filters, metrics: spec.computedMetrics,
                                        ranking: spec.rankingProtocol, implicit: spec.dataset.implicit)
        #expect(TrialKey.hash(plain) == TrialKey.hash(stated))
        // Any other protocol is a different trial; so is implicit data.
        let any = TrialKey.canonical(kind: "svd", parameters: p, split: spec.split, splitSeed: 1, fold: nil, fitSeed: 2,
                                     dataFingerprint: "f", filters: spec.dataset.filters, metrics: spec.metrics,
                                     ranking: RankingProtocol(relevance: .any))
        let implicit = TrialKey.canonical(kind: "svd", parameters: p, split: spec.split, splitSeed: 1, fold: nil, fitSeed: 2,
                                          dataFingerprint: "f", filters: spec.dataset.filters, metrics: spec.metrics,
                                          implicit: ImplicitSpec(threshold: 3.5))
        #expect(Set([plain, any, implicit].map(TrialKey.hash)).count == 3)
        // A protocol with no ranking metric to apply to leaves a rating-only trial's key alone.
        let ratingsOnly = [MetricSpec(.rmse)]
        #expect(TrialKey.hash(TrialKey.canonical(kind: "svd", parameters: p, split: spec.split, splitSeed: 1, fold: nil, fitSeed: 2,
                                                 dataFingerprint: "f", filters: spec.dataset.filters, metrics: ratingsOnly,
                                                 ranking: RankingProtocol(relevance: .any)))
                == TrialKey.hash(TrialKey.canonical(kind: "svd", parameters: p, split: spec.split, splitSeed: 1, fold: nil, fitSeed: 2,
                                                    dataFingerprint: "f", filters: spec.dataset.filters, metrics: ratingsOnly)))
    }

    @Test func implicitDataMakesEveryTestInteractionRelevant() throws {
        let yes = try ExperimentSpec.parse("reclab: 1\ndataset: {implicit: true}\nmodels: [most_popular]\n", file: "t.yaml")
        #expect(yes.dataset.implicit == ImplicitSpec())
        #expect(yes.rankingProtocol.relevance == .any)
        #expect(yes.metrics.map(\.description) == ["ndcg@10"])
        #expect(yes.rankingSetup?.implicit == RankingSetup.ImplicitData(threshold: nil))
        let threshold = try ExperimentSpec.parse("reclab: 1\ndataset:\n  implicit: {threshold: 3.5}\nmodels: [most_popular]\nranking: {relevance: 4}\n",
                                                 file: "t.yaml")
        #expect(threshold.dataset.implicit?.threshold == 3.5)
        #expect(threshold.rankingProtocol.relevance == .threshold(4))  // stated relevance wins over the implicit default
        let no = try ExperimentSpec.parse("reclab: 1\ndataset: {implicit: false}\nmodels: [svd]\n", file: "t.yaml")
        #expect(no.dataset.implicit == nil && no.rankingProtocol == .standard)
    }

    typealias Case = SpecErrorCase

    static let errors: [Case] = [
        Case(name: "unknown key", yaml: "reclab: 1\nmodels: [svd]\nmetrics: [ndcg@10]\nranking:\n  relevence: 4\n", line: 5, column: 3,
             contains: "did you mean 'relevance'"),
        Case(name: "bad relevance word", yaml: "reclab: 1\nmodels: [svd]\nmetrics: [ndcg@10]\nranking:\n  relevance: anny\n", line: 5, column: 14,
             contains: "did you mean 'any'"),
        Case(name: "negative relevance", yaml: "reclab: 1\nmodels: [svd]\nmetrics: [ndcg@10]\nranking:\n  relevance: -1\n", line: 5, column: 14,
             contains: "≥ 0.0"),
        Case(name: "relevance list", yaml: "reclab: 1\nmodels: [svd]\nmetrics: [ndcg@10]\nranking:\n  relevance: [4]\n", line: 5, column: 14,
             contains: "a rating threshold such as 4.0, or `any`"),
        Case(name: "zero negatives", yaml: "reclab: 1\nmodels: [svd]\nranking:\n  k: [10]\n  candidates: {kind: sampled, negatives: 0}\n",
             line: 5, column: 42, contains: "integer ≥ 1"),
        Case(name: "negative negatives", yaml: "reclab: 1\nmodels: [svd]\nranking:\n  k: [10]\n  candidates: {kind: sampled, negatives: -5}\n",
             line: 5, column: 42, contains: "integer ≥ 1"),
        Case(name: "sampled without negatives", yaml: "reclab: 1\nmodels: [svd]\nranking:\n  k: [10]\n  candidates: sampled\n",
             line: 5, column: 15, contains: "need a number of negatives"),
        Case(name: "unknown candidates", yaml: "reclab: 1\nmodels: [svd]\nranking:\n  k: [10]\n  candidates: all_unratd\n",
             line: 5, column: 15, contains: "did you mean 'all_unrated'"),
        Case(name: "negatives for all unrated", yaml: "reclab: 1\nmodels: [svd]\nranking:\n  k: [10]\n  candidates: {kind: all_unrated, negatives: 5}\n",
             line: 5, column: 46, contains: "only to sampled candidates"),
        Case(name: "keeping training movies with sampled candidates",
             yaml: "reclab: 1\nmodels: [svd]\nranking:\n  k: [10]\n  candidates: {kind: sampled, negatives: 5}\n  exclude_train: false\n",
             line: 6, column: 18, contains: "does nothing with sampled candidates"),
        Case(name: "zero K", yaml: "reclab: 1\nmodels: [svd]\nranking:\n  k: [10, 0]\n", line: 4, column: 11, contains: "integer in 1...100000"),
        Case(name: "repeated K", yaml: "reclab: 1\nmodels: [svd]\nranking:\n  k: [10, 10]\n", line: 4, column: 6, contains: "a cut-off is repeated"),
        Case(name: "protocol without a ranking metric", yaml: "reclab: 1\nmodels: [svd]\nranking:\n  relevance: any\n", line: 4, column: 3,
             contains: "applies to no metric"),
        Case(name: "rating metric on implicit data", yaml: "reclab: 1\ndataset: {implicit: true}\nmodels: [most_popular]\nmetrics: [rmse, ndcg@10]\n",
             line: 4, column: 10, contains: "rmse measures predicted ratings"),
        Case(name: "implicit without threshold", yaml: "reclab: 1\ndataset:\n  implicit: {}\nmodels: [most_popular]\n", line: 3, column: 13,
             contains: "no threshold given"),
        Case(name: "implicit of the wrong type", yaml: "reclab: 1\ndataset:\n  implicit: 3.5\nmodels: [most_popular]\n", line: 3, column: 13,
             contains: "true, false, or {threshold: R}"),
    ]

    @Test(arguments: errors)
    func refused(_ c: Case) throws {
        try c.expectParseRefusal()
    }

    @Test func ratingModelsAreRefusedOnImplicitDataByName() throws {
        let spec = try ExperimentSpec.parse("""
            reclab: 1
            dataset: {implicit: true}
            models:
              - kind: most_popular
              - name: contrast
                kind: svd
            """, file: "t.yaml")
        let errors = ExperimentValidator(catalog: RegistryCatalog()).problems(in: spec)
        #expect(errors.count == 1)
        let e = try #require(errors.first)
        #expect(e.description.contains("model 'contrast' (kind svd) predicts ratings"))
        #expect(e.description.contains("most_popular"))
        #expect(e.location == SourceLocation(file: "t.yaml", line: 6, column: 11))
        // The same models on rating data are fine.
        let explicit = try ExperimentSpec.parse("reclab: 1\nmodels:\n  - kind: most_popular\n  - kind: svd\n", file: "t.yaml")
        #expect(ExperimentValidator(catalog: RegistryCatalog()).problems(in: explicit).isEmpty)
    }
}
