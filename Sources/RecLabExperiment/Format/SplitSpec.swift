/// `split:` — how ratings are divided into training and test sets.
public struct SplitSpec: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// Random hold-out of `testFraction` of the ratings (the tutorial: 25 %).
        case holdout
        /// Shuffled k-fold cross-validation; every fold is a repetition.
        case kfold
        /// Per user, hold out `testFraction` of their ratings (or the last `lastN` by time).
        case userHoldout = "user_holdout"
        /// A global cut at the time that leaves `testFraction` of the ratings after it.
        case temporal
    }

    public var kind: Kind = .holdout
    public var testFraction: Double = 0.25
    public var folds: Int = 5
    public var lastN: Int?
    /// Split seeds: one repetition per seed (k-fold: each seed shuffles once, all folds run).
    public var seeds: [UInt64] = [42]

    public init() {}

    /// The (seed, fold) pairs every model configuration is run on.
    public var repetitions: [(seed: UInt64, fold: Int?)] {
        seeds.flatMap { s in kind == .kfold ? (0..<folds).map { (s, Optional($0)) } : [(s, nil)] }
    }

    static let keys = ["kind", "test_fraction", "folds", "last_n", "seed", "seeds"]

    static func read(_ r: MappingReader?, experimentSeed: UInt64) -> SplitSpec {
        var s = SplitSpec()
        s.seeds = [experimentSeed]
        guard let r else { return s }
        let kindName = r.string("kind", default: "holdout", choices: Kind.allCases.map(\.rawValue)) ?? "holdout"
        s.kind = Kind(rawValue: kindName) ?? .holdout
        s.testFraction = r.double("test_fraction", default: 0.25, lower: 0, upper: 1, lowerOpen: true, upperOpen: true)
        s.folds = r.int("folds", default: 5, in: 2...1000)
        if r.has("last_n") { s.lastN = r.int("last_n", default: 1, in: 1...Int.max) }
        if r.has("seed") && r.has("seeds") {
            r.diag.add(ExperimentError("give either `seed` or `seeds`, not both", at: r.location("seeds"), key: r.keyPath("seeds")))
        }
        if r.has("seed") { s.seeds = [r.uint64("seed", default: experimentSeed)] }
        if r.has("seeds") {
            if let list = r.seedList("seeds") { s.seeds = list }
        }
        for key in ["folds"] where r.has(key) && s.kind != .kfold {
            r.diag.add(ExperimentError("`folds` applies only to kind kfold", at: r.location(key), key: r.keyPath(key)))
        }
        if r.has("test_fraction") && s.kind == .kfold {
            r.diag.add(ExperimentError("`test_fraction` does not apply to kfold (the test share is 1/folds)",
                                       at: r.location("test_fraction"), key: r.keyPath("test_fraction")))
        }
        if r.has("last_n") && s.kind != .userHoldout {
            r.diag.add(ExperimentError("`last_n` applies only to kind user_holdout", at: r.location("last_n"), key: r.keyPath("last_n")))
        }
        return s
    }

    /// The canonical text of this split for trial keys (independent of YAML spelling).
    func canonical(seed: UInt64, fold: Int?) -> CanonicalValue {
        var m: [String: CanonicalValue] = ["kind": .string(kind.rawValue), "seed": .string(String(seed))]
        switch kind {
        case .kfold: m["folds"] = .int(folds); m["fold"] = .int(fold ?? 0)
        case .userHoldout:
            if let lastN { m["last_n"] = .int(lastN) } else { m["test_fraction"] = .double(testFraction) }
        case .holdout, .temporal: m["test_fraction"] = .double(testFraction)
        }
        return .map(m)
    }
}
