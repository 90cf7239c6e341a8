import Foundation
import Testing
import RecLabData
import RecLabLinearAlgebra
import RecLabModels
import _TestSupport

/// RecLab's content / collaborative / hybrid pipeline against scikit-learn's
/// on the real ml-latest-small (fixture: scripts/oracles/sklearn_similarity.py).
@Suite(.requiresRealData)
struct SimilarityOracleTests {
    static let checkpoints = [10, 25, 50, 100, 150, 200]

    /// Fitted once per process with the fixture's settings (200 components).
    static let shared: Result<(SimilarityModel, Dataset, SimilaritySklearnFixture), any Error> = Result {
        guard let ds = try RealData.mlLatestSmall() else { throw SimilarityError("no data") }
        let fixture = try SimilaritySklearnFixture.load()
        let model = try SimilarityModel.fit(ds, config: SimilarityConfig(components: fixture.components, seed: 42))
        return (model, ds, fixture)
    }

    @Test func stopWordsAreScikitLearns() throws {
        let (_, _, fx) = try Self.shared.get()
        #expect(EnglishStopWords.words == Set(fx.stop_words))
        #expect(EnglishStopWords.words.count == fx.stop_words.count)
    }

    @Test func keptMoviesAreTheRatedOnesInFileOrder() throws {
        let (model, _, fx) = try Self.shared.get()
        #expect(model.movieIDs == fx.movie_ids)
        #expect(model.collab.inputRows == fx.collab_matrix.rows)
        #expect(model.collab.inputCols == fx.collab_matrix.cols)
        #expect(model.collab.inputNonZeros == fx.collab_matrix.nnz)
    }

    /// Shape, nnz, the whole vocabulary (in column order) and every row's nnz
    /// match exactly; row sums within 1e-5; sample rows' metadata text exactly,
    /// their column indices exactly and values within 1e-6.
    @Test func tfidfMatchesScikitLearnExactly() throws {
        let (model, ds, fx) = try Self.shared.get()
        let texts = MovieMetadata.texts(ds, movies: model.movies)
        let t = try TfidfVectorizer().fitTransform(texts)
        #expect(t.matrix.rows == fx.tfidf.rows && t.matrix.cols == fx.tfidf.cols)
        #expect(t.matrix.nonZeroCount == fx.tfidf.nnz)
        #expect(t.vocabulary == fx.tfidf.vocabulary)
        #expect(zip(t.matrix.rowPointers, t.matrix.rowPointers.dropFirst()).map { $1 - $0 } == fx.tfidf.row_nnz)
        let rowSums = (0..<t.matrix.rows).map { t.matrix.row($0).values.reduce(0.0) { $0 + Double($1) } }
        #expect(isApprox(rowSums, fx.tfidf.row_sums, abs: 1e-5))
        for (id, row) in fx.tfidf.sample_rows {
            let r = try #require(model.movieIDs.firstIndex(of: Int(id)!))
            #expect(texts[r] == row.metadata)
            let mine = t.matrix.row(r)
            #expect(Array(mine.indices) == row.indices)
            #expect(isApprox(mine.values.map(Double.init), row.values, abs: 1e-6))
        }
    }

    /// Cumulative explained-variance ratio within ±0.01 of scikit-learn's
    /// TruncatedSVD and within ±0.005 of an exact (numpy float64) SVD.
    @Test(arguments: ["content", "collab"])
    func explainedVarianceCurveMatches(space: String) throws {
        let (model, _, fx) = try Self.shared.get()
        let ev = space == "content" ? model.content.explainedVariance : model.collab.explainedVariance
        let sk = try #require(fx.explained_variance["\(space)_sklearn"])
        let exact = try #require(fx.explained_variance["\(space)_exact"])
        for c in Self.checkpoints {
            let mine = ev.cumulativeRatio(at: c)
            #expect(isApprox(mine, sk[String(c)]!, abs: 0.01), "\(space) at \(c): \(mine) vs sklearn \(sk[String(c)]!)")
            #expect(isApprox(mine, exact[String(c)]!, abs: 0.005), "\(space) at \(c): \(mine) vs exact \(exact[String(c)]!)")
        }
    }

    /// `reclab svd` as a user runs it: the executable stops OpenBLAS' worker
    /// threads at start (`BLASThreads.park`), and its threaded BLAS and LAPACK
    /// calls must start them again and compute the same curves — the exact
    /// collab path and the randomized content path within ±0.005 of the exact
    /// (numpy float64) figures, as in-process.
    @Test(.requiresReclab, arguments: [
        ("collab", "exact"), ("content", "randomized"),
    ])
    func theCommandComputesTheSameCurveAfterParkingBLASThreads(space: String, method: String) throws {
        let (_, _, fx) = try Self.shared.get()
        let exact = try #require(fx.explained_variance["\(space)_exact"])
        let folder = try #require(RealData.mlLatestSmallURL)
        let r = try ReclabBinary.run(["svd", "--data", folder.path, "--matrix", space, "--method", method,
                                      "--components", "200", "--json"])
        try #require(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let cumulative = try #require(json["cumulative"] as? [String: Double])
        for c in Self.checkpoints {
            let mine = try #require(cumulative[String(c)])
            #expect(isApprox(mine, exact[String(c)]!, abs: 0.005), "\(space) \(method) at \(c): \(mine) vs exact \(exact[String(c)]!)")
        }
    }

    /// The randomized path, forced on both matrices, is within ±0.005 of the
    /// exact curve, with scikit-learn's settings (10 oversamples, 5 power
    /// iterations) and with RecLab's default (100, 8).
    @Test(arguments: [(10, 5), (100, 8)])
    func randomizedCurveIsWithinHalfAPercentOfExact(settings: (Int, Int)) throws {
        let (oversamples, iterations) = settings
        let (_, ds, fx) = try Self.shared.get()
        var config = SimilarityConfig(components: fx.components, seed: 7)
        config.svd = TruncatedSVDOptions(components: fx.components, oversamples: oversamples, powerIterations: iterations,
                                         method: .randomized)
        let forced = try SimilarityModel.fit(ds, config: config)
        #expect(forced.content.svdMethod == .randomized && forced.collab.svdMethod == .randomized)
        for (space, ev) in [("content", forced.content.explainedVariance), ("collab", forced.collab.explainedVariance)] {
            let exact = try #require(fx.explained_variance["\(space)_exact"])
            for c in Self.checkpoints {
                #expect(isApprox(ev.cumulativeRatio(at: c), exact[String(c)]!, abs: 0.005), "\(space) at \(c), p = \(oversamples)")
            }
        }
    }

    static let queries = ["Inception (2010)", "Toy Story (1995)", "Matrix, The (1999)", "Pulp Fiction (1994)",
                          "Forrest Gump (1994)", "Dark Knight, The (2008)"]

    /// Top 10 agree on ≥ 8 of 10 titles both with scikit-learn's pipeline
    /// (randomized TruncatedSVD, random_state 42) and with the exact-SVD
    /// pipeline; all three scores are within ±0.02 of the exact pipeline's.
    ///
    /// Scores are compared with the exact SVD, not with scikit-learn's
    /// randomized one, because scikit-learn itself is off by up to 0.057 from
    /// the exact cosines here (n_iter = 5 leaves the components near 200, in
    /// a flat part of the spectrum, inaccurate), so no implementation with a
    /// different random stream can match it to ±0.02. A title tied (within
    /// 1e-4) with the reference's 10th score also counts as agreeing:
    /// genre-only movies have identical vectors, so which of them fill the
    /// last places is arbitrary.
    @Test(arguments: queries)
    func topTenAgreesWithScikitLearnAndExactScores(query: String) throws {
        let (model, _, fx) = try Self.shared.get()
        let q = try model.lookup(query)
        for method in SimilarityMethod.allCases {
            let mine = try model.similar(to: q, method: method, top: 10)
            for (name, lists) in [("sklearn", fx.similar), ("exact", fx.similar_exact)] {
                let reference = try #require(lists[query]?[method.rawValue])
                let agree = Self.agreement(mine, reference, method)
                #expect(agree >= 8, "\(query) by \(method) vs \(name): \(agree)/10; mine \(mine.map(\.title)), reference \(reference.prefix(10).map(\.title))")
            }
            let exact = Dictionary(try #require(fx.similar_exact[query]?[method.rawValue]).map { ($0.movieId, $0) },
                                   uniquingKeysWith: { a, _ in a })
            for n in mine {
                guard let r = exact[n.movieID] else { continue }
                #expect(isApprox(Double(n.content), r.content, abs: 0.02), "\(query) \(method) \(n.title) content")
                #expect(isApprox(Double(n.collab), r.collab, abs: 0.02), "\(query) \(method) \(n.title) collab")
                #expect(isApprox(Double(n.hybrid), r.hybrid, abs: 0.02), "\(query) \(method) \(n.title) hybrid")
            }
        }
    }

    static func agreement(_ mine: [Neighbour], _ reference: [SimilaritySklearnFixture.Entry],
                          _ method: SimilarityMethod) -> Int {
        let score: (SimilaritySklearnFixture.Entry) -> Double = {
            switch method { case .content: $0.content; case .collab: $0.collab; case .hybrid: $0.hybrid }
        }
        let tenth = score(reference[9])
        let byID = Dictionary(reference.map { ($0.movieId, $0) }, uniquingKeysWith: { a, _ in a })
        let topTen = Set(reference.prefix(10).map(\.movieId))
        return mine.filter { n in
            topTen.contains(n.movieID) || byID[n.movieID].map { isApprox(score($0), tenth, abs: 1e-4) } == true
        }.count
    }
}
