/// Assigns dense inner ids to raw ids in order of first appearance: a direct
/// table for small non-negative raw ids (MovieLens ids are small) with a
/// dictionary for the rest. O(1) per lookup, no hashing on the hot path.
struct IDMapper {
    private(set) var table: [Int32]
    private var overflow: [Int: Int32] = [:]
    private(set) var raw: [Int] = []

    /// `tableSize`: raw ids in `0..<tableSize` use the direct table (capped at 2^24 entries).
    init(tableSize: Int) {
        table = [Int32](repeating: -1, count: max(0, min(tableSize, 1 << 24)))
    }

    init(vocabulary: Vocabulary) {
        let maxRaw = vocabulary.rawIDs.max() ?? -1
        self.init(tableSize: maxRaw + 1)
        for id in vocabulary.rawIDs { _ = insert(id) }
    }

    var count: Int { raw.count }

    @inline(__always)
    func lookup(_ r: Int) -> Int32? {
        if r >= 0 && r < table.count {
            let v = table[r]
            return v >= 0 ? v : nil
        }
        return overflow[r]
    }

    @inline(__always)
    mutating func insert(_ r: Int) -> Int32 {
        if r >= 0 && r < table.count {
            let v = table[r]
            if v >= 0 { return v }
            let inner = Int32(raw.count)
            table[r] = inner
            raw.append(r)
            return inner
        }
        if let v = overflow[r] { return v }
        let inner = Int32(raw.count)
        overflow[r] = inner
        raw.append(r)
        return inner
    }

    /// Maps raw user ids in place to inner ids (first appearance order).
    mutating func insertInPlace(_ ids: inout [Int32]) {
        let n = ids.count
        ids.withUnsafeMutableBufferPointer { b in
            var i = 0
            // Direct table without bounds checks for the common case.
            table.withUnsafeMutableBufferPointer { t in
                while i < n {
                    let r = Int(b[i])
                    guard r >= 0 && r < t.count else { break }
                    var v = t[r]
                    if v < 0 { v = Int32(raw.count); t[r] = v; raw.append(r) }
                    b[i] = v
                    i += 1
                }
            }
            while i < n {
                b[i] = insert(Int(b[i]))
                i += 1
            }
        }
    }

    var vocabulary: Vocabulary { Vocabulary(uniqueRawIDs: raw) }
}
