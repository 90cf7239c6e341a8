extension SimilarityModel {
    /// Finds a movie of the model by title or id: exact title first, then a
    /// MovieLens movieId (when `query` is an integer), then a case-insensitive
    /// title. Returns the dataset inner id (the first row when titles repeat).
    /// A miss throws `SimilarityError` whose `suggestions` are the closest
    /// titles: those containing the query (case-insensitively, shortest first),
    /// then by Levenshtein distance.
    public func lookup(_ query: String) throws -> Int32 {
        let trimmed = query.trimmingCharacters(in: .whitespaces)
        if let i = titles.firstIndex(of: trimmed) { return movies[i] }
        if let id = Int(trimmed), let i = movieIDs.firstIndex(of: id) { return movies[i] }
        let lower = trimmed.lowercased()
        if let i = titles.firstIndex(where: { $0.lowercased() == lower }) { return movies[i] }
        throw SimilarityError("no movie titled '\(query)' (or with that movieId) among the \(count) rated movies",
                              key: "query", suggestions: closestTitles(to: trimmed, limit: 5))
    }

    /// The `limit` titles closest to `query` (see `lookup`).
    public func closestTitles(to query: String, limit: Int = 5) -> [String] {
        let q = Array(query.lowercased())
        guard !q.isEmpty else { return [] }
        let qs = String(q)
        var scored: [(Int, Int, Int)] = []  // (bucket, distance, row)
        for (i, t) in titles.enumerated() {
            let lt = t.lowercased()
            if lt.contains(qs) {
                scored.append((0, lt.count, i))
            } else {
                scored.append((1, Self.levenshtein(q, Array(lt)), i))
            }
        }
        scored.sort { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }
        var seen = Set<String>()
        var out: [String] = []
        for s in scored where seen.insert(titles[s.2]).inserted {
            out.append(titles[s.2])
            if out.count == limit { break }
        }
        return out
    }

    /// Edit distance with unit insert / delete / substitute costs. O(|a|·|b|).
    static func levenshtein(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev = Array(0...b.count)
        var cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return prev[b.count]
    }
}
