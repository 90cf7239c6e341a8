/// Every failure of the similarity models (content, collaborative, hybrid):
/// a readable message, the configuration key or query involved, and — for a
/// title that was not found — the closest titles.
public struct SimilarityError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    /// The configuration key (`components`, `tfidf.min_df`, …) or `"query"`.
    public var key: String?
    /// "Did you mean …" candidates for an unknown title.
    public var suggestions: [String]

    public init(_ message: String, key: String? = nil, suggestions: [String] = []) {
        self.message = message
        self.key = key
        self.suggestions = suggestions
    }

    public var description: String {
        var s = key.map { "\($0): \(message)" } ?? message
        if !suggestions.isEmpty {
            s += "\ndid you mean:\n" + suggestions.map { "  \($0)" }.joined(separator: "\n")
        }
        return s
    }
}
