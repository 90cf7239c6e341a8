import Foundation
import Testing
import RecLabCore
import RecLabData
import RecLabModels
import _TestSupport

/// TF-IDF options and the tokenizer against scikit-learn 1.9.1
/// (fixture: scripts/oracles/sklearn_similarity.py).
@Suite struct ContentTfidfOracleTests {
    /// `build_analyzer()` output, term for term: Unicode word characters,
    /// combining marks as separators, Greek final sigma, stop words.
    @Test func analyzerMatchesScikitLearnOnCornerCases() throws {
        let fx = try SimilaritySklearnFixture.load()
        for c in fx.analyzer_cases {
            let analyzer = TextAnalyzer(options: TfidfOptions(stopWords: c.stop_words))
            #expect(analyzer.terms(c.text) == c.terms, "\(c.text) (stop words \(c.stop_words))")
        }
    }

    static let variants: [(String, TfidfOptions)] = [
        ("min_df=2", TfidfOptions(minDF: .count(2))),
        ("min_df=0.001", TfidfOptions(minDF: .fraction(0.001))),
        ("max_df=0.05", TfidfOptions(maxDF: .fraction(0.05))),
        ("max_df=100", TfidfOptions(maxDF: .count(100))),
        ("sublinear_tf", TfidfOptions(sublinearTF: true)),
        ("ngram_range=(1,2)", TfidfOptions(ngramMin: 1, ngramMax: 2)),
        ("no_stop_words", TfidfOptions(stopWords: false)),
    ]

    /// Each option variant on the real metadata: columns, nnz and the MD5 of the
    /// newline-joined vocabulary match exactly; the value sum and a
    /// row-position-weighted sum of row sums within 1e-6 relative.
    @Test(.requiresRealData, arguments: variants.map(\.0))
    func optionVariantsMatchScikitLearn(name: String) throws {
        let fx = try SimilaritySklearnFixture.load()
        let ref = try #require(fx.tfidf_variants[name])
        let options = try #require(Self.variants.first { $0.0 == name }?.1)
        let ds = try #require(try RealData.mlLatestSmall())
        let movies = fx.movie_ids.compactMap { ds.movies.inner($0) }
        let t = try TfidfVectorizer(options: options).fitTransform(MovieMetadata.texts(ds, movies: movies))
        #expect(t.matrix.cols == ref.cols)
        #expect(t.matrix.nonZeroCount == ref.nnz)
        #expect(MD5.hex(Array(t.vocabulary.joined(separator: "\n").utf8)) == ref.vocabulary_md5)
        var total = 0.0, weighted = 0.0
        for i in 0..<t.matrix.rows {
            let s = t.matrix.row(i).values.reduce(0.0) { $0 + Double($1) }
            total += s
            weighted += s * Double(i + 1)
        }
        weighted /= Double(t.matrix.rows)
        #expect(isApprox(total, ref.value_sum, rel: 1e-6))
        #expect(isApprox(weighted, ref.weighted_row_sum, rel: 1e-6))
    }

    @Test func invalidOptionsAndEmptyVocabulariesAreClearErrors() {
        #expect(throws: SimilarityError.self) { try TfidfVectorizer(options: TfidfOptions(ngramMin: 2, ngramMax: 1)).fitTransform(["a b"]) }
        #expect(throws: SimilarityError.self) { try TfidfVectorizer().fitTransform(["the and of", "it is"]) }
        #expect(throws: SimilarityError.self) {
            try TfidfVectorizer(options: TfidfOptions(minDF: .count(3), maxDF: .count(2))).fitTransform(["aa bb", "aa"])
        }
        #expect(throws: SimilarityError.self) { try TfidfVectorizer(options: TfidfOptions(minDF: .count(5))).fitTransform(["aa bb", "aa"]) }
    }

    /// Closed form on two documents: "aa aa bb" and "aa". idf(aa) = ln(3/3)+1 = 1,
    /// idf(bb) = ln(3/2)+1; row 0 = (2, idf_bb)/‖·‖, row 1 = (1, 0). Tolerance 1e-6.
    @Test func smallCorpusMatchesTheFormula() throws {
        let t = try TfidfVectorizer().fitTransform(["aa aa bb", "aa"])
        #expect(t.vocabulary == ["aa", "bb"])
        let idfB = log(1.5) + 1
        let norm = (4 + idfB * idfB).squareRoot()
        #expect(isApprox(Double(t.matrix.values[0]), 2 / norm, abs: 1e-6))
        #expect(isApprox(Double(t.matrix.values[1]), idfB / norm, abs: 1e-6))
        #expect(t.matrix.row(1).values.elementsEqual([1]))
    }
}

/// The byte-level ASCII tokenizer against the Unicode-scalar one (itself
/// checked against scikit-learn above) on seeded random ASCII text drawn
/// from letters of both cases, digits, `_`, punctuation and whitespace.
@Suite struct AsciiTokenizerTests {
    @Test(arguments: [true, false])
    func asciiFastPathEqualsTheUnicodePath(lowercase: Bool) throws {
        let alphabet = Array("aZ09_ -.,'|()\t\nxYq".utf8) + Array("ABCdef".utf8)
        var rng = Xoshiro256StarStar(seed: 11)
        let analyzer = TextAnalyzer(options: TfidfOptions(lowercase: lowercase))
        for _ in 0..<2_000 {
            let length = Int(rng.next() % 40)
            let bytes = (0..<length).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            let text = String(decoding: bytes, as: UTF8.self)
            let fast = bytes.withUnsafeBufferPointer { TextAnalyzer.asciiTokens($0, lowercase: lowercase) }
            #expect(fast == analyzer.unicodeTokens(text), "\(text.debugDescription)")
        }
    }

    @Test func nonASCIITextTakesTheUnicodePath() {
        let bytes = Array("Amélie Poulain".utf8)
        #expect(bytes.withUnsafeBufferPointer { TextAnalyzer.asciiTokens($0, lowercase: true) } == nil)
        #expect(TextAnalyzer().tokens("Amélie Poulain") == ["amélie", "poulain"])
    }
}
