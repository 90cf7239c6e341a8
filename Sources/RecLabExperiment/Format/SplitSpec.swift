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
        /// Fixed rows: each train/test pair read from files (`SplitFiles`).
        case files
    }

    /// One fixed train/test pair of `kind: files`: paths as written (relative to the working folder).
    public struct FilePair: Sendable, Hashable, Codable {
        public var train: String
        public var test: String
        public init(train: String, test: String) { self.train = train; self.test = test }
    }

    public var kind: Kind = .holdout
    public var testFraction: Double = 0.25
    public var folds: Int = 5
    public var lastN: Int?
    /// Split seeds: one repetition per seed (k-fold: each seed shuffles once, all folds run).
    public var seeds: [UInt64] = [42]
    /// `kind: files`: the train/test pairs, one repetition each.
    public var files: [FilePair] = []
    /// `kind: files` written as `folds: [...]`: pair k is fold k (else the single pair has no fold).
    public var filesAsFolds = false

    public init() {}

    /// The (seed, fold) pairs every model configuration is run on. With
    /// `kind: files` the seed only seeds the models (the rows are the files').
    public var repetitions: [(seed: UInt64, fold: Int?)] {
        seeds.flatMap { s -> [(seed: UInt64, fold: Int?)] in
            switch kind {
            case .kfold: return (0..<folds).map { (s, Optional($0)) }
            case .files: return filesAsFolds ? files.indices.map { (s, Optional($0)) } : [(s, nil)]
            default: return [(s, nil)]
            }
        }
    }

    static let keys = ["kind", "test_fraction", "folds", "last_n", "seed", "seeds", "train", "test"]

    static func read(_ r: MappingReader?, experimentSeed: UInt64) -> SplitSpec {
        var s = SplitSpec()
        s.seeds = [experimentSeed]
        guard let r else { return s }
        let kindName = r.string("kind", default: "holdout", choices: Kind.allCases.map(\.rawValue)) ?? "holdout"
        s.kind = Kind(rawValue: kindName) ?? .holdout
        s.testFraction = r.double("test_fraction", default: 0.25, lower: 0, upper: 1, lowerOpen: true, upperOpen: true)
        if s.kind == .files {
            readFiles(r, into: &s)
        } else {
            s.folds = r.int("folds", default: 5, in: 2...1000)
            for key in ["train", "test"] where r.has(key) {
                r.diag.add(ExperimentError("`\(key)` applies only to kind files", at: r.location(key), key: r.keyPath(key)))
            }
        }
        if r.has("last_n") { s.lastN = r.int("last_n", default: 1, in: 1...Int.max) }
        if r.has("seed") && r.has("seeds") {
            r.diag.add(ExperimentError("give either `seed` or `seeds`, not both", at: r.location("seeds"), key: r.keyPath("seeds")))
        }
        if r.has("seed") { s.seeds = [r.uint64("seed", default: experimentSeed)] }
        if r.has("seeds") {
            if let list = r.seedList("seeds") { s.seeds = list }
        }
        for key in ["folds"] where r.has(key) && s.kind != .kfold && s.kind != .files {
            r.diag.add(ExperimentError("`folds` applies only to kind kfold", at: r.location(key), key: r.keyPath(key)))
        }
        if r.has("test_fraction") && s.kind == .kfold {
            r.diag.add(ExperimentError("`test_fraction` does not apply to kfold (the test share is 1/folds)",
                                       at: r.location("test_fraction"), key: r.keyPath("test_fraction")))
        }
        if r.has("test_fraction") && s.kind == .files {
            r.diag.add(ExperimentError("`test_fraction` does not apply to kind files (the files give the rows)",
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
        case .files:
            // The rows are the files' contents: their checksums, never their paths, and no seed (it seeds only the fit).
            m["seed"] = nil
            let pair = files.isEmpty ? nil : files[min(fold ?? 0, files.count - 1)]
            m["train"] = .string(pair.map { SplitFileChecksums.shared.sha256($0.train) } ?? "")
            m["test"] = .string(pair.map { SplitFileChecksums.shared.sha256($0.test) } ?? "")
            if let fold { m["fold"] = .int(fold) }
        }
        return .map(m)
    }

    /// `train` + `test`, or `folds: [{train, test}, …]`.
    private static func readFiles(_ r: MappingReader, into s: inout SplitSpec) {
        let single = r.has("train") || r.has("test")
        if single && r.has("folds") {
            r.diag.add(ExperimentError("give `train` and `test`, or `folds`, not both", at: r.location("folds"), key: r.keyPath("folds")))
            return
        }
        if single {
            guard let train = r.string("train", default: nil), let test = r.string("test", default: nil) else {
                let missing = r.has("train") ? "test" : "train"
                r.diag.add(ExperimentError("missing `\(missing)`", at: r.node.location, key: r.keyPath(missing),
                                           expected: "the \(missing) file's path"))
                return
            }
            s.files = [FilePair(train: train, test: test)]
            return
        }
        guard let n = r["folds"] else {
            r.diag.add(ExperimentError("kind files needs the files", at: r.node.location, key: r.keyPath("train"),
                                       expected: "`train: PATH` and `test: PATH`, or `folds: [{train: PATH, test: PATH}, …]`"))
            return
        }
        guard case .sequence(let items) = n.value, !items.isEmpty else {
            r.diag.add(ExperimentError("wrong type", at: n.location, key: r.keyPath("folds"), found: n.shortDescription,
                                       expected: "a non-empty list of {train: PATH, test: PATH}"))
            return
        }
        s.filesAsFolds = true
        for (i, item) in items.enumerated() {
            guard let m = MappingReader(item, path: r.keyPath("folds[\(i)]"), known: ["train", "test"], diag: r.diag) else { continue }
            guard let train = m.string("train", default: nil), let test = m.string("test", default: nil) else {
                m.diag.add(ExperimentError("missing `\(m.has("train") ? "test" : "train")`", at: item.location, key: m.path,
                                           expected: "{train: PATH, test: PATH}"))
                continue
            }
            s.files.append(FilePair(train: train, test: test))
        }
    }
}
