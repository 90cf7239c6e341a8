import RecLabCore
import RecLabData

/// How to cut a dataset's ratings into train and test, deterministically from a seed.
///
/// Seed use: every shuffle is a Fisher–Yates shuffle driven by xoshiro256**
/// seeded with `SplitMix64.derive(seed, label)` (label "split.holdout",
/// "split.kfold.r<repeat>", "split.peruser"), so a seed gives the same rows on
/// every run and platform.
public enum SplitStrategy: Sendable, Equatable, Codable {
    /// A random `testFraction` of all ratings in test (Surprise's
    /// `train_test_split`: ⌈fraction·n⌉ test ratings); the tutorial uses 0.25.
    case randomHoldOut(testFraction: Double)
    /// Shuffled k-fold: fold f is the f-th of k contiguous slices of one
    /// shuffle (the first n mod k folds one larger, as Surprise's `KFold`).
    case kFold(k: Int)
    /// `repeats` independent shuffled k-folds (different child seeds).
    case repeatedKFold(k: Int, repeats: Int)
    /// Per user, a random `fraction` of the user's ratings (rounded, at least
    /// one kept in train; users with one rating stay in train).
    case perUserFraction(Double)
    /// Per user, the last `n` ratings by timestamp (ties by row), at least one kept in train.
    case perUserLastN(Int)
    /// Every rating with timestamp ≥ `cutoff` (Unix seconds) in test.
    case temporalCutoff(timestamp: Int)
    /// The latest `fraction` of ratings by timestamp (ties by row) in test.
    case temporalFraction(Double)

    /// The splits of `dataset` (one, or k, or k·repeats).
    public func splits(of dataset: Dataset, seed: UInt64) throws -> [Split] {
        let n = dataset.ratings.count
        let r = dataset.ratings
        switch self {
        case .randomHoldOut(let f):
            guard f > 0, f < 1 else { throw EvaluationError("expected a test fraction in (0, 1), got \(f)", key: "test_fraction") }
            var perm = Array(0..<n)
            Self.shuffle(&perm, seed: SplitMix64.derive(seed, "split.holdout"))
            let nTest = Int((f * Double(n)).rounded(.up))
            return [try Split(name: "holdout", train: Array(perm[nTest...]), test: Array(perm[..<nTest]), dataset: dataset)]
        case .kFold(let k):
            return try Self.kFolds(dataset, k: k, repeats: 1, seed: seed)
        case .repeatedKFold(let k, let repeats):
            guard repeats >= 1 else { throw EvaluationError("expected repeats ≥ 1, got \(repeats)", key: "repeats") }
            return try Self.kFolds(dataset, k: k, repeats: repeats, seed: seed)
        case .perUserFraction(let f):
            guard f > 0, f < 1 else { throw EvaluationError("expected a per-user fraction in (0, 1), got \(f)", key: "fraction") }
            var rng = Xoshiro256StarStar(seed: SplitMix64.derive(seed, "split.peruser"))
            var train: [Int] = [], test: [Int] = []
            for rows in Self.rowsByUser(r) {
                var rows = rows
                Self.shuffle(&rows, using: &rng)
                let t = min(rows.count - 1, Int((f * Double(rows.count)).rounded()))
                test += rows[..<t]; train += rows[t...]
            }
            return [try Split(name: "per-user \(f)", train: train, test: test, dataset: dataset)]
        case .perUserLastN(let lastN):
            guard lastN >= 1 else { throw EvaluationError("expected last N ≥ 1, got \(lastN)", key: "last_n") }
            var train: [Int] = [], test: [Int] = []
            for rows in Self.rowsByUser(r) {
                let sorted = rows.sorted { (r.timestamps[$0], $0) < (r.timestamps[$1], $1) }
                let t = min(rows.count - 1, lastN)
                train += sorted[..<(rows.count - t)]; test += sorted[(rows.count - t)...]
            }
            return [try Split(name: "per-user last \(lastN)", train: train, test: test, dataset: dataset)]
        case .temporalCutoff(let ts):
            let test = (0..<n).filter { Int(r.timestamps[$0]) >= ts }
            let train = (0..<n).filter { Int(r.timestamps[$0]) < ts }
            return [try Split(name: "before \(ts)", train: train, test: test, dataset: dataset)]
        case .temporalFraction(let f):
            guard f > 0, f < 1 else { throw EvaluationError("expected a test fraction in (0, 1), got \(f)", key: "fraction") }
            let order = (0..<n).sorted { (r.timestamps[$0], $0) < (r.timestamps[$1], $1) }
            let nTest = Int((f * Double(n)).rounded(.up))
            return [try Split(name: "latest \(f)", train: Array(order[..<(n - nTest)]), test: Array(order[(n - nTest)...]),
                              dataset: dataset)]
        }
    }

    static func kFolds(_ dataset: Dataset, k: Int, repeats: Int, seed: UInt64) throws -> [Split] {
        let n = dataset.ratings.count
        guard k >= 2, k <= max(2, n) else { throw EvaluationError("expected 2 ≤ k ≤ number of ratings (\(n)), got \(k)", key: "k") }
        var out: [Split] = []
        for rep in 0..<repeats {
            var perm = Array(0..<n)
            shuffle(&perm, seed: SplitMix64.derive(seed, "split.kfold.r\(rep)"))
            var start = 0
            for f in 0..<k {
                let size = n / k + (f < n % k ? 1 : 0)
                let test = Array(perm[start..<(start + size)])
                let train = Array(perm[..<start]) + Array(perm[(start + size)...])
                let name = repeats == 1 ? "fold \(f + 1)/\(k)" : "repeat \(rep + 1) fold \(f + 1)/\(k)"
                out.append(try Split(name: name, train: train, test: test, dataset: dataset))
                start += size
            }
        }
        return out
    }

    static func rowsByUser(_ r: Ratings) -> [[Int]] {
        var byUser: [Int32: [Int]] = [:]
        var order: [Int32] = []
        for i in 0..<r.count {
            if byUser[r.users[i]] == nil { order.append(r.users[i]) }
            byUser[r.users[i], default: []].append(i)
        }
        return order.map { byUser[$0] ?? [] }
    }

    static func shuffle(_ a: inout [Int], seed: UInt64) {
        var rng = Xoshiro256StarStar(seed: seed)
        shuffle(&a, using: &rng)
    }

    /// Fisher–Yates from the end; index j uniform in 0...i by rejection-free multiply-shift.
    static func shuffle(_ a: inout [Int], using rng: inout Xoshiro256StarStar) {
        guard a.count > 1 else { return }
        for i in stride(from: a.count - 1, to: 0, by: -1) {
            let j = Int((UInt64(i + 1).multipliedFullWidth(by: rng.next())).high)
            a.swapAt(i, j)
        }
    }
}
