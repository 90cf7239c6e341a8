/// Levenshtein distance and "did you mean" suggestions for misspelt keys,
/// model kinds and parameter names.
public enum EditDistance {
    /// Insertions, deletions and substitutions needed to turn `a` into `b`;
    /// O(|a|·|b|) time, O(|b|) memory. Case-insensitive.
    static func levenshtein(_ a: String, _ b: String) -> Int {
        let x = Array(a.lowercased()), y = Array(b.lowercased())
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var prev = Array(0...y.count)
        var cur = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            cur[0] = i
            for j in 1...y.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return prev[y.count]
    }

    /// The closest candidate within a distance of max(2, a third of the word), if any.
    public static func suggestion(for word: String, among candidates: [String]) -> String? {
        let limit = max(2, word.count / 3)
        var best: (String, Int)?
        for c in candidates {
            let d = levenshtein(word, c)
            if d > limit { continue }
            if let b = best, d >= b.1 { continue }
            best = (c, d)
        }
        return best?.0
    }
}
