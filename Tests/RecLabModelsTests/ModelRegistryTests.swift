import Foundation
import RecLabData
import Testing
@testable import RecLabModels

/// Each registry entry is the whole declaration of a model: its parameters'
/// defaults are the model's own, its parameters round-trip through the
/// registry, and its saved payload loads back into the same predictions.
@Suite("Model registry: one declaration per model")
struct ModelRegistryDeclarationTests {
    /// Each kind's model from its own initialiser, given nothing but its variant.
    static let plainInitialisers: [String: @Sendable () -> any RatingModel] = [
        "global_mean": { GlobalMean() }, "normal_predictor": { NormalPredictor() },
        "baseline_als": { BaselineOnly(method: .als) }, "baseline_sgd": { BaselineOnly(method: .sgd) },
        "svd": { SVD() }, "svdpp": { SVDpp() }, "nmf": { NMF() },
        "knn_basic": { KNN(variant: .basic) }, "knn_with_means": { KNN(variant: .withMeans) },
        "knn_with_zscore": { KNN(variant: .withZScore) }, "knn_baseline": { KNN(variant: .baseline) },
        "slope_one": { SlopeOne() }, "co_clustering": { CoClustering() }, "latent_knn": { LatentKNN() },
        "most_popular": { MostPopular() }, "random": { RandomScores() }, "ease": { EASE() },
        "item_knn_implicit": { ItemKNNImplicit() }, "als_implicit": { ALSImplicit() }, "bpr": { BPR() },
        "spark_als": { SparkALS() },
    ]

    /// Equal, or, for reals, equal once rounded to Float (rates stored as Float report their Float value).
    static func same(_ a: ParameterValue?, _ b: ParameterValue?) -> Bool {
        if a == b { return true }
        guard case .double(let x)? = a, case .double(let y)? = b else { return false }
        return Float(x) == Float(y)
    }

    /// A valid value other than the default.
    static func otherValue(_ spec: ParameterSpec) -> ParameterValue {
        switch (spec.domain, spec.defaultValue) {
        case (.int(let range), .int(let d)): return .int(range.contains(d + 1) ? d + 1 : d - 1)
        case (.double(_, let upper, _), .double(let d)): return .double(d + 0.5 <= upper ? d + 0.5 : d / 2)
        case (.bool, .bool(let b)): return .bool(!b)
        case (.choice(let options), .string(let d)): return .string(options.first { $0 != d } ?? d)
        default: return spec.defaultValue
        }
    }

    @Test func everyKindIsRegisteredOnceAndHasAPlainInitialiser() {
        #expect(Set(ModelRegistry.kinds).count == ModelRegistry.kinds.count)
        #expect(Set(Self.plainInitialisers.keys) == Set(ModelRegistry.kinds))
    }

    @Test(arguments: ModelRegistry.kinds)
    func declaredDefaultsAreTheModelsDefaults(kind: String) throws {
        let entry = try ModelRegistry.entry(kind)
        let declared = try ModelRegistry.resolved(kind: kind, parameters: [:])
        let initialiser = try #require(Self.plainInitialisers[kind])
        let plain = initialiser()
        let registered = try ModelRegistry.make(kind: kind)
        #expect(plain.kind == kind && registered.kind == kind)
        for model in [plain, registered] {
            let reported = model.parameters
            for (name, value) in reported {
                #expect(Self.same(value, declared[name]), "\(kind).\(name): the model has \(value), the registry \(declared[name].map(\.description) ?? "nothing")")
            }
            // A declared parameter the model does not report only sets others (`lr_all`).
            for spec in entry.specs where reported[spec.name] == nil {
                #expect(entry.specs.contains { $0.inheritsFrom == spec.name }, "\(kind).\(spec.name) is neither reported nor an alias")
            }
        }
        for spec in entry.specs {
            #expect(!spec.help.isEmpty, "\(kind).\(spec.name) has no description")
            #expect(spec.problem(with: spec.defaultValue) == nil, "\(kind).\(spec.name)")
        }
        #expect(!entry.summary.isEmpty && entry.payloadType.hasPrefix("rating/"))
    }

    @Test(arguments: ModelRegistry.kinds)
    func parametersRoundTripThroughTheRegistry(kind: String) throws {
        let entry = try ModelRegistry.entry(kind)
        var given: Parameters = [:]
        for spec in entry.specs { given[spec.name] = Self.otherValue(spec) }
        let model = try ModelRegistry.make(kind: kind, parameters: given)
        let expected = try ModelRegistry.resolved(kind: kind, parameters: given)
        for (name, value) in model.parameters {
            #expect(Self.same(value, expected[name]), "\(kind).\(name): given \(expected[name].map(\.description) ?? "nothing"), reports \(value)")
        }
        let defaults = try ModelRegistry.make(kind: kind).parameters
        if !entry.specs.isEmpty { #expect(model.parameters != defaults) }
        let again = try ModelRegistry.make(kind: kind, parameters: model.parameters)
        #expect(again.parameters == model.parameters)
    }

    /// `spark_als` fits through Spark: its round trip is `SparkALSModelTests`' (no Spark needed there).
    @Test(arguments: ModelRegistry.inProcessKinds)
    func aFittedModelSavesAndLoadsBackWithIdenticalPredictions(kind: String) throws {
        let (ds, train) = PersistenceRoundTripTests.fixture()
        let fitted = try ModelRegistry.make(kind: kind).fit(train, seed: 5)
        let persistable = try #require(fitted as? any PersistableRatingModel, "\(kind)'s fitted model cannot be saved")
        let saved = try PersistenceRoundTripTests.roundTrip(persistable, kind: kind, catalog: ServingCatalog(dataset: ds, train: train))
        guard case .rating(let loaded, _) = saved.content else { Issue.record("\(kind): not a rating model"); return }
        let entry = try ModelRegistry.entry(kind)
        #expect(saved.header.kind == kind && saved.header.payloadType == entry.payloadType)
        #expect(type(of: loaded) == type(of: persistable))
        #expect(loaded.learningCurve == fitted.learningCurve)
        PersistenceRoundTripTests.assertSamePredictions(loaded, fitted, users: ds.userCount, movies: ds.movieCount)
    }
}
