/// How many times one rating value occurs.
public struct ValueCount: Sendable, Hashable, Codable {
    public var value: Double
    public var count: Int

    public init(value: Double, count: Int) {
        self.value = value
        self.count = count
    }

    /// The histogram of `values`, ascending by value. O(n log k) for k distinct values.
    public static func histogram<S: Sequence>(of values: S) -> [ValueCount] where S.Element: BinaryFloatingPoint {
        var counts: [Double: Int] = [:]
        for v in values { counts[Double(v), default: 0] += 1 }
        return counts.keys.sorted().map { ValueCount(value: $0, count: counts[$0] ?? 0) }
    }
}

/// A named count (a genre and its number of movies).
public struct NameCount: Sendable, Hashable, Codable {
    public var name: String
    public var count: Int

    public init(name: String, count: Int) {
        self.name = name
        self.count = count
    }
}
