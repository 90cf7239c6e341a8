import Foundation

/// The JSON written by scripts/oracles/sklearn_similarity.py (scikit-learn
/// 1.9.1, numpy 1.26, scipy 1.17 on ml-latest-small; the exact command and
/// versions are inside the file under "command" and "tool").
struct SimilaritySklearnFixture: Decodable {
    struct Row: Decodable { var metadata: String; var indices: [Int32]; var values: [Double] }
    struct Tfidf: Decodable {
        var rows: Int, cols: Int, nnz: Int
        var vocabulary: [String]
        var row_nnz: [Int]
        var row_sums: [Double]
        var sample_rows: [String: Row]
    }
    struct Shape: Decodable { var rows: Int, cols: Int, nnz: Int }
    struct Entry: Decodable { var movieId: Int; var title: String; var content: Double; var collab: Double; var hybrid: Double }

    var tool: [String: String]
    var command: String
    var components: Int
    var stop_words: [String]
    var movie_ids: [Int]
    var tfidf: Tfidf
    var collab_matrix: Shape
    var explained_variance: [String: [String: Double]]
    /// query → method → top 30 (score desc, then row asc), query excluded.
    var similar: [String: [String: [Entry]]]
    var similar_exact: [String: [String: [Entry]]]
    struct Variant: Decodable { var cols: Int; var nnz: Int; var vocabulary_md5: String; var value_sum: Double; var weighted_row_sum: Double }
    /// TfidfVectorizer option variant (sklearn spelling) → summary of its matrix on the same metadata.
    var tfidf_variants: [String: Variant]
    struct AnalyzerCase: Decodable { var text: String; var stop_words: Bool; var terms: [String] }
    /// `TfidfVectorizer(...).build_analyzer()(text)` on tokenizer corner cases.
    var analyzer_cases: [AnalyzerCase]

    static func load() throws -> SimilaritySklearnFixture {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/sklearn_similarity.json")
        return try JSONDecoder().decode(SimilaritySklearnFixture.self, from: Data(contentsOf: url))
    }
}
