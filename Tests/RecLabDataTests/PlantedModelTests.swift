import Foundation
import Testing
@testable import RecLabData
import _TestSupport

/// The planted-model generator: exact counts, valid ratings, skewed
/// popularity, determinism by seed, and a loadable MovieLens folder.
@Suite struct PlantedModelTests {
    static func config(seed: UInt64 = 3) -> PlantedModelConfig {
        var c = PlantedModelConfig(users: 400, movies: 300, ratings: 24_000, seed: seed, noise: 0.5)
        c.tags = 500
        return c
    }

    @Test func writesALoadableFolderWithTheRequestedCounts() throws {
        let f = TempFolder()
        let report = try PlantedModelGenerator.generate(Self.config(), to: f.url)
        let ds = try f.load()
        #expect(ds.ratings.count == 24_000)
        #expect(ds.movies.count == 300)
        #expect(Set(ds.ratings.users).count == 400)
        #expect(ds.tags.count == 500)
        #expect(ds.links.imdb.count == 300)
        #expect(report.ratings == 24_000)
        // Ratings are half stars in 0.5–5; every user has ≥ 20 and rates a movie once.
        #expect(ds.ratings.values.allSatisfy { $0 >= 0.5 && $0 <= 5 && ($0 * 2).rounded() == $0 * 2 })
        var perUser = [Int](repeating: 0, count: ds.users.count)
        for u in ds.ratings.users { perUser[Int(u)] += 1 }
        #expect(perUser.min()! == 20)   // the least active user rates exactly the minimum
        let (_, dedupe) = try DatasetFilter(dropDuplicates: true).apply(to: ds)
        #expect(dedupe.steps[0].droppedRatings == 0)
        // Timestamps inside the configured span.
        let c = Self.config()
        #expect(ds.ratings.timestamps.allSatisfy { Int($0) >= c.firstTime && Int($0) <= c.lastTime })
        // The side file round-trips.
        let side = try JSONDecoder().decode(PlantedModelReport.self,
                                            from: Data(contentsOf: f.url.appendingPathComponent(PlantedModelReport.fileName)))
        #expect(side == report)
    }

    /// Power-law popularity: the top 10 % of movies hold far more than 10 %
    /// of the ratings, and user activity is skewed too.
    @Test func popularityAndActivityAreSkewed() throws {
        let f = TempFolder()
        let report = try PlantedModelGenerator.generate(Self.config(), to: f.url)
        let ds = try f.load()
        var perMovie = [Int](repeating: 0, count: ds.movies.count)
        for m in ds.ratings.movies { perMovie[Int(m)] += 1 }
        let sorted = perMovie.sorted(by: >)
        let topShare = Double(sorted.prefix(30).reduce(0, +)) / Double(ds.ratings.count)
        #expect(topShare > 0.3)
        #expect(isApprox(topShare, report.top10PercentMovieShare, abs: 1e-12))
        // Uniform sampling would give ~10 % and a top-to-median ratio near 1;
        // uniform activity a max-to-min ratio of 1.
        #expect(sorted.first! > 4 * sorted[sorted.count / 2])
        #expect(report.maxRatingsPerUser > 2 * report.minRatingsPerUser)
    }

    /// The recorded noise floor agrees with its definition: for σ = 0.5 the
    /// Bayes RMSE lies below σ·√(1 + 1/(12·0.25))-ish rounding inflation and
    /// above 0.4; with σ = 0 it is 0 and the rounded truth is exact.
    @Test func noiseFloorIsConsistent() throws {
        let f = TempFolder()
        let report = try PlantedModelGenerator.generate(Self.config(), to: f.url)
        #expect(report.noiseFloorRMSE > 0.4 && report.noiseFloorRMSE < 0.53)
        #expect(report.noiseFloorRMSE <= report.roundedTruthRMSE)
        #expect(report.noiseFloorRMSE <= report.truthRMSE + 1e-9)
        var quiet = Self.config()
        quiet.noise = 0
        let g = TempFolder()
        let exact = try PlantedModelGenerator.generate(quiet, to: g.url)
        #expect(exact.noiseFloorRMSE == 0)
        #expect(exact.roundedTruthRMSE == 0)
    }

    @Test func sameSeedSameBytesOtherSeedOtherBytes() throws {
        let a = TempFolder(), b = TempFolder(), c = TempFolder()
        _ = try PlantedModelGenerator.generate(Self.config(seed: 11), to: a.url)
        _ = try PlantedModelGenerator.generate(Self.config(seed: 11), to: b.url)
        _ = try PlantedModelGenerator.generate(Self.config(seed: 12), to: c.url)
        for name in ["ratings.csv", "movies.csv", "tags.csv", "links.csv"] {
            let x = try Data(contentsOf: a.url.appendingPathComponent(name))
            #expect(x == (try Data(contentsOf: b.url.appendingPathComponent(name))), "\(name)")
        }
        #expect(try Data(contentsOf: a.url.appendingPathComponent("ratings.csv"))
                != Data(contentsOf: c.url.appendingPathComponent("ratings.csv")))
    }

    @Test func impossibleShapesAreConfigurationErrors() {
        var c = Self.config()
        c.ratings = 100   // fewer than 20 per user
        let e = #expect(throws: DataError.self) { try PlantedModelGenerator.generate(c, to: TempFolder().url) }
        #expect(e?.kind == .configuration)
        #expect(e?.column == "ratings")
        c.ratings = 400 * 300   // more than half the matrix
        #expect(throws: DataError.self) { try PlantedModelGenerator.generate(c, to: TempFolder().url) }
    }

    @Test func allocationIsExactAndCapped() {
        let counts = PlantedModelGenerator.allocate(total: 10_000, minimum: 20, cap: 200, weights: (1...100).map { 1 / Double($0) })
        #expect(counts.reduce(0, +) == 10_000)
        #expect(counts.max()! <= 200 && counts.min()! >= 20)
    }
}

/// The quickselect used by the generator's exponential race, against sorting.
@Suite struct SelectSmallestTests {
    @Test(arguments: [1, 2, 10, 99, 500, 999])
    func matchesSorting(k: Int) {
        var rng = SplitMixForTests(seed: UInt64(k))
        var a = (0..<1000).map { RaceEntry(key: Double(rng.next() % 5000), movie: Int32($0)) }   // with ties
        let expected = a.map(\.key).sorted().prefix(k)
        PlantedModelGenerator.selectSmallest(&a, k)
        #expect(a.prefix(k).map(\.key).sorted() == Array(expected))
        #expect(Set(a.map(\.movie)).count == 1000)
    }
}
