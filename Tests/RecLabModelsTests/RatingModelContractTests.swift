import Testing
import RecLabCore
import RecLabData
@testable import RecLabModels

/// One conformance suite over every registered model (LensKit's ScorerTests,
/// scikit-learn's check_estimator): fit on a small planted set, then check the
/// shared contract.
@Suite("Rating model contract")
struct RatingModelContractTests {
    static let data = RatingTestData.planted(users: 60, movies: 80, ratingsPerUser: 25, rank: 3, noise: 0.3, seed: 7)
    static let train = TrainingSet(ratings: data.ratings, userCount: 62, movieCount: 82)
    /// Every kind fitted in process; `spark_als` (fitted by Spark) runs the same checks in `SparkALSContractTests`.
    static var kinds: [String] { ModelRegistry.inProcessKinds }

    @Test(arguments: kinds)
    func predictionsAreFiniteClippedAndFallBack(kind: String) throws {
        let model = try ModelRegistry.make(kind: kind, parameters: [:])
        let fitted = try model.fit(Self.train, seed: 1)
        for (u, i) in [(0, 0), (5, 17), (59, 79)] {
            let p = fitted.predict(user: Int32(u), movie: Int32(i))
            #expect(p.value.isFinite && p.value >= 0.5 && p.value <= 5, "\(kind) \(u),\(i) → \(p.value)")
        }
        // User 60 and movie 80 exist in the vocabulary but have no training rating.
        let unknown = fitted.predict(user: 60, movie: 81)
        #expect(unknown.value.isFinite && unknown.value >= 0.5 && unknown.value <= 5)
        #expect(model.kind == kind)
    }

    @Test(arguments: kinds)
    func sameSeedGivesBitIdenticalPredictions(kind: String) throws {
        let model = try ModelRegistry.make(kind: kind, parameters: [:])
        let a = try model.fit(Self.train, seed: 42), b = try model.fit(Self.train, seed: 42)
        for k in stride(from: 0, to: Self.data.ratings.count, by: 7) {
            let u = Self.data.ratings.users[k], i = Int32((Int(Self.data.ratings.movies[k]) + 3) % 80)
            #expect(a.predict(user: u, movie: i).value.bitPattern == b.predict(user: u, movie: i).value.bitPattern)
        }
    }

    @Test(arguments: kinds)
    func recommendsOnlyUnratedMoviesBestFirst(kind: String) throws {
        let fitted = try ModelRegistry.make(kind: kind, parameters: [:]).fit(Self.train, seed: 3)
        let rated = Set(Self.train.movies(ratedBy: 4))
        let top = fitted.recommend(user: 4, count: 10, train: Self.train)
        #expect(top.count == 10)
        #expect(top.allSatisfy { !rated.contains($0.movie) })
        #expect(zip(top, top.dropFirst()).allSatisfy { $0.rating >= $1.rating })
        // The list is the true top 10 of the predictions (a ranking model's: of its raw scores).
        let all = (0..<82).filter { !rated.contains(Int32($0)) }.map { m -> Float in
            if fitted.predictsRatings { return fitted.predict(user: 4, movie: Int32(m)).value }
            if case .value(let e) = fitted.estimate(user: 4, movie: Int32(m)), e.isFinite { return Float(e) }
            return Float(fitted.summary.globalMean)
        }.sorted(by: >)
        #expect(top.map(\.rating) == Array(all.prefix(10)))
    }

    @Test(arguments: ModelRegistry.kinds)
    func everySpecDefaultIsValidAndUnknownKeysAreRejected(kind: String) throws {
        let specs = try #require(ModelRegistry.specs(for: kind))
        for s in specs { #expect(s.problem(with: s.defaultValue) == nil, "\(kind).\(s.name)") }
        #expect(throws: RatingModelError.self) { try ModelRegistry.make(kind: kind, parameters: ["no_such_key": .int(1)]) }
    }
}

@Suite("Model registry")
struct RegistryTests {
    @Test func unknownKindIsAClearError() {
        #expect(throws: RatingModelError.self) { try ModelRegistry.make(kind: "svdd", parameters: [:]) }
        #expect(ModelRegistry.specs(for: "svdd") == nil)
    }

    @Test func badValueNamesTheKeyAndTheExpectation() throws {
        do {
            _ = try ModelRegistry.make(kind: "svd", parameters: ["lr_all": .double(-1)])
            Issue.record("expected an error")
        } catch let e as RatingModelError {
            #expect(e.key == "lr_all")
            #expect(e.description.contains("expected a number >"))
        }
    }

    @Test func perParameterRatesInheritFromTheirAllValue() throws {
        let r = try ModelRegistry.resolved(kind: "svd", parameters: ["lr_all": .double(0.01), "reg_bi": .double(0.5)])
        #expect(r["lr_bu"] == .double(0.01))
        #expect(r["lr_qi"] == .double(0.01))
        #expect(r["reg_bi"] == .double(0.5))
        #expect(r["reg_pu"] == .double(0.02))
        let svd = try SVD(parameters: ["lr_all": .double(0.01), "reg_bi": .double(0.5)])
        #expect(svd.lrBU == 0.01 && svd.regBI == 0.5 && svd.regQI == 0.02)
    }
}
