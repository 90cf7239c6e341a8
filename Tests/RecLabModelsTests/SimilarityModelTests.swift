import Testing
import RecLabData
import RecLabModels
import _TestSupport

@Suite struct SimilarityModelTests {
    static func fitted(_ centering: CollabCentering = .none, components: Int = 3) throws -> SimilarityModel {
        var config = SimilarityConfig(components: components, seed: 1)
        config.centering = centering
        return try SimilarityModel.fit(SimilarityTinyDataset.make(), config: config)
    }

    @Test func keepsOnlyRatedMoviesInDatasetOrder() throws {
        let model = try Self.fitted()
        #expect(model.movieIDs == [10, 20, 30, 40, 50, 70])
        #expect(model.users.count == 5)
        #expect(model.collab.inputRows == 6 && model.collab.inputCols == 5)
    }

    @Test func queryIsExcludedAndListsAreSortedWithAllThreeScores() throws {
        let model = try Self.fitted()
        for method in SimilarityMethod.allCases {
            let list = try model.similar(to: 0, method: method, top: 10)
            #expect(list.count == 5)
            #expect(!list.contains { $0.movie == 0 })
            let s = list.map { $0.score(method) }
            #expect(zip(s, s.dropFirst()).allSatisfy { $0 >= $1 })
            for n in list { #expect(isApprox(n.hybrid, (n.content + n.collab) / 2, abs: 1e-6)) }
        }
        // Alien's closest by content is Aliens or Blade Runner (shared "space" / "ridley scott" and Sci-Fi).
        let top = try model.similar(to: 0, method: .content, top: 2).map(\.movieID)
        #expect(Set(top) == [20, 70])
    }

    /// A movie with no tags and no genres has an all-zero TF-IDF row: its content
    /// similarity to everything is exactly 0, never NaN.
    @Test func movieWithNoTagsAndNoGenresScoresZeroNotNaN() throws {
        let model = try Self.fitted()
        let list = try model.similar(to: 4, method: .hybrid, top: 10)
        #expect(list.allSatisfy { $0.content == 0 && $0.collab.isFinite && $0.hybrid.isFinite })
        let others = try model.similar(to: 0, method: .content, top: 10)
        #expect(others.first { $0.movie == 4 }?.content == 0)
    }

    /// User 5 rated one movie: under user-mean centring that rating becomes 0, an
    /// all-zero column of the rating matrix; every score stays finite.
    @Test(arguments: CollabCentering.allCases)
    func oneRatingUserAndZeroColumnStayFinite(centering: CollabCentering) throws {
        let model = try Self.fitted(centering)
        let (c, l, h) = try model.scores(to: 6)
        #expect((c + l + h).allSatisfy { $0.isFinite })
        #expect(model.collab.explainedVariance.ratios.allSatisfy { $0.isFinite })
    }

    @Test func tooManyComponentsNamesTheKey() throws {
        let error = #expect(throws: SimilarityError.self) { try Self.fitted(components: 5) }
        #expect(error?.key == "collab_components")
    }

    @Test func lookupByExactTitleIdCaseAndSuggestions() throws {
        let model = try Self.fitted()
        #expect(try model.lookup("Aliens (1986)") == 1)
        #expect(try model.lookup("70") == 6)
        #expect(try model.lookup("airplane! (1980)") == 2)
        let error = #expect(throws: SimilarityError.self) { try model.lookup("Alien") }
        #expect(error?.suggestions.prefix(2) == ["Alien (1979)", "Aliens (1986)"])
        #expect(throws: SimilarityError.self) { try model.lookup("Unrated (2001)") }  // never rated
    }

    @Test func unknownMovieInnerIdThrows() throws {
        let model = try Self.fitted()
        #expect(throws: SimilarityError.self) { try model.similar(to: 5, method: .content) }
    }
}
