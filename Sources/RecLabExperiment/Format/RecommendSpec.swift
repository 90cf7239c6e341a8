/// `recommend:` — top-N unrated movies for some users, by a model's predicted rating.
public struct RecommendSpec: Sendable, Hashable, Codable {
    /// MovieLens user ids (the raw `userId`).
    public var users: [Int] = []
    public var n: Int = 10
    /// Model name (default: the first model of `models`).
    public var model: String?

    public init() {}

    static let keys = ["users", "n", "model"]

    static func read(_ r: MappingReader?) -> RecommendSpec {
        var s = RecommendSpec()
        guard let r else { return s }
        s.users = r.ints("users", default: [1], in: 0...Int.max)
        s.n = r.int("n", default: 10, in: 1...100_000)
        s.model = r.string("model", default: nil)
        return s
    }
}
