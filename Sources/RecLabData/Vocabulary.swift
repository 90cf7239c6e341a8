/// A dense mapping between raw MovieLens ids (as they appear in the files) and
/// inner ids `0..<count` used by every array in RecLab.
///
/// Inner ids are assigned in order of first appearance unless built from a
/// sorted list; the mapping is a bijection and round-trips exactly.
public struct Vocabulary: Sendable, Hashable, Codable {
    /// Raw id of each inner id.
    public private(set) var rawIDs: [Int]
    private var innerByRaw: [Int: Int32]

    public init() {
        rawIDs = []
        innerByRaw = [:]
    }

    /// Builds a vocabulary from raw ids in the given order; duplicates are ignored.
    public init<S: Sequence>(_ raw: S) where S.Element == Int {
        self.init()
        for id in raw { _ = insert(id) }
    }

    /// Builds a vocabulary from raw ids already known to be distinct (one
    /// dictionary insertion each, capacity reserved up front).
    package init(uniqueRawIDs raw: [Int]) {
        rawIDs = raw
        innerByRaw = Dictionary(minimumCapacity: raw.count)
        for (i, id) in raw.enumerated() { innerByRaw[id] = Int32(i) }
    }

    public var count: Int { rawIDs.count }

    /// Inner id of `raw`, inserting it if new.
    @discardableResult
    public mutating func insert(_ raw: Int) -> Int32 {
        if let inner = innerByRaw[raw] { return inner }
        let inner = Int32(rawIDs.count)
        rawIDs.append(raw)
        innerByRaw[raw] = inner
        return inner
    }

    /// Inner id of `raw`, or nil when unknown.
    public func inner(_ raw: Int) -> Int32? { innerByRaw[raw] }

    /// Raw id of inner id `inner`.
    public func raw(_ inner: Int32) -> Int { rawIDs[Int(inner)] }

    public static func == (a: Vocabulary, b: Vocabulary) -> Bool { a.rawIDs == b.rawIDs }
    public func hash(into h: inout Hasher) { h.combine(rawIDs) }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        self.init(try c.decode([Int].self))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawIDs)
    }
}
