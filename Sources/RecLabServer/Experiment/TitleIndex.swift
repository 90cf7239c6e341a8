/// Every servable movie's title, lower-cased once at load, for
/// `GET /movies/search`: a case-insensitive substring scan over the UTF-8
/// bytes (valid for UTF-8, which is self-synchronising), O(total title
/// bytes) per query with no allocation per title.
struct TitleIndex: Sendable {
    private(set) var ids: [Int] = []
    private(set) var titles: [String] = []
    private(set) var inSimilarity: [Bool] = []
    /// Character counts (shorter titles rank first among equal matches).
    private var lengths: [Int] = []
    /// Lower-cased UTF-8 of every title, back to back; title k is `bytes[offsets[k] ..< offsets[k + 1]]`.
    private var bytes: [UInt8] = []
    private var offsets: [Int] = [0]
    private var seen: Set<Int> = []

    /// Adds a movie unless its id is already indexed (the first title wins).
    mutating func add(id: Int, title: String, inSimilarity flag: Bool) {
        guard seen.insert(id).inserted else { return }
        ids.append(id)
        titles.append(title)
        inSimilarity.append(flag)
        lengths.append(title.count)
        bytes += title.lowercased().utf8
        offsets.append(bytes.count)
    }

    /// Indices of the titles containing `query` (case-insensitively): titles
    /// starting with it first, then shorter titles, then smaller movieId; at most `limit`.
    func search(_ query: String, limit: Int) -> [Int] {
        let needle = Array(query.lowercased().utf8)
        guard !needle.isEmpty else { return [] }
        var hits: [(rank: Int, length: Int, id: Int, index: Int)] = []
        bytes.withUnsafeBufferPointer { b in
            needle.withUnsafeBufferPointer { n in
                let first = n[0], m = n.count
                for k in 0..<ids.count {
                    let lo = offsets[k], hi = offsets[k + 1]
                    guard hi - lo >= m else { continue }
                    var at = lo
                    while at <= hi - m {
                        if b[at] == first {
                            var j = 1
                            while j < m && b[at + j] == n[j] { j += 1 }
                            if j == m { hits.append((at == lo ? 0 : 1, lengths[k], ids[k], k)); break }
                        }
                        at += 1
                    }
                }
            }
        }
        hits.sort { ($0.rank, $0.length, $0.id) < ($1.rank, $1.length, $1.id) }
        return hits.prefix(limit).map(\.index)
    }
}
