/// Item-based k nearest neighbours on implicit feedback, as LensKit's
/// `ItemKNNScorer` with `feedback="implicit"` (`ItemItem(k, feedback='implicit')`):
/// the interaction matrix is binarised (1 where a user rated a movie, any
/// value), item vectors are not centred, and
///
///     sim(i, j) = |U_i ∩ U_j| / √(|U_i| · |U_j|)        (cosine of the binary columns)
///     score(u, j) = Σ of the k largest sim(j, i) over the movies i ≠ j that u rated, sim > 0
///
/// (sum aggregation, LensKit's default for implicit feedback). A ranking
/// score, not a rating (`predictsRatings` false); a user with no rated
/// neighbour of j scores it 0.
///
/// Only the m movies with an interaction take part; the similarities are a
/// packed strict upper triangle over them in Float (2m² bytes, refused beyond
/// `memoryLimitBytes`), built from each user's pairs in O(Σ_u n_u²): the
/// co-counts are exact integers in Float below 2²⁴ users. Scoring one pair is
/// O(n_u log k). No randomness: the seed is unused.
public struct ItemKNNImplicit: RatingModel {
    public static let kindName = "item_knn_implicit"
    public var kind: String { Self.kindName }

    /// Neighbours aggregated per scored movie (LensKit's `k` / `nnbrs`).
    public var k: Int = ItemKNNImplicit.table.defaultValue(of: \.k)
    /// Largest similarity matrix the fit may allocate; not a YAML parameter.
    public var memoryLimitBytes = SimilarityMatrix.defaultMemoryLimit

    public static let table = ParameterTable<ItemKNNImplicit>([
        .int("k", 1...1_000_000, default: 20, "neighbours summed per scored movie: the user's k movies most similar to it", \.k),
    ])

    public init(k: Int = ItemKNNImplicit.table.defaultValue(of: \.k)) { self.k = k }
    public init(parameters: Parameters) throws {
        self.init()
        try Self.table.read(parameters, kind: Self.kindName, into: &self)
    }
    public var parameters: Parameters { Self.table.values(of: self) }

    public func fit(_ train: TrainingSet, seed: UInt64, options: FitOptions) throws -> FittedItemKNNImplicit {
        let x = Interactions(train)
        let counts = x.movieCounts()
        let columns = ItemColumns(x)
        let items = columns.items, column = columns.column
        let m = items.count
        guard SimilarityMatrix.bytes(n: m) <= memoryLimitBytes else {
            throw RatingModelError("an item similarity matrix over \(m) movies needs "
                                   + "\(String(format: "%.1f", Double(SimilarityMatrix.bytes(n: m)) / 1e9)) GB "
                                   + "(limit \(String(format: "%.1f", Double(memoryLimitBytes) / 1e9)) GB); filter rare movies first",
                                   kind: Self.kindName)
        }
        var packed = [Float](repeating: 0, count: max(0, m * (m - 1) / 2))
        packed.withUnsafeMutableBufferPointer { p in
            var cols: [Int] = []
            for u in 0..<x.userCount {
                cols.removeAll(keepingCapacity: true)
                for mv in x.movies(of: Int32(u)) { cols.append(Int(column[Int(mv)])) }
                // Increasing columns: (a, b) with a < b is the packed cell a(2m − a − 1)/2 + b − a − 1.
                for s in 0..<cols.count {
                    let a = cols[s], base = a * (2 * m - a - 1) / 2 - a - 1
                    for t in (s + 1)..<cols.count { p[base + cols[t]] += 1 }
                }
            }
            for a in 0..<m {
                let na = Double(counts[Int(items[a])]), base = a * (2 * m - a - 1) / 2 - a - 1
                for b in (a + 1)..<m where p[base + b] != 0 {
                    p[base + b] = Float(Double(p[base + b]) / (na * Double(counts[Int(items[b])])).squareRoot())
                }
            }
        }
        options.progress?(1, 1)
        return FittedItemKNNImplicit(summary: TrainingSummary(train), k: k, items: items,
                                     sim: SimilarityMatrix(n: m, packed: packed), interactions: x)
    }
}

public struct FittedItemKNNImplicit: FittedRatingModel {
    public static var predictsRatings: Bool { false }
    public let summary: TrainingSummary
    public let k: Int
    /// The movies with at least one interaction, by compact index.
    let items: [Int32]
    /// Cosine similarities between compact indices (diagonal unused).
    let sim: SimilarityMatrix
    let interactions: Interactions
    /// The compact columns of the movies and of each interaction.
    let columns: ItemColumns
    public var learningCurve: LearningCurve { LearningCurve() }

    init(summary: TrainingSummary, k: Int, items: [Int32], sim: SimilarityMatrix, interactions: Interactions) {
        self.summary = summary
        self.k = k
        self.items = items
        self.sim = sim
        self.interactions = interactions
        columns = ItemColumns(items: items, interactions: interactions)
    }

    /// The sum of the k largest positive similarities between `movie` and the other movies `user` rated.
    public func estimate(user: Int32, movie: Int32) -> Estimate {
        let j: Int, lo: Int, hi: Int
        switch columns.target(user: user, movie: movie, in: interactions) {
        case .unknownMovie: return .impossible("unknown movie id \(movie)")
        case .zero: return .value(0)
        case .column(let c, let r): (j, lo, hi) = (c, r.lowerBound, r.upperBound)
        }
        let capacity = min(k, hi - lo)
        guard capacity > 0 else { return .value(0) }
        // A bounded min-heap of the best similarities so far (its root the smallest kept).
        let total = withUnsafeTemporaryAllocation(of: Float.self, capacity: capacity) { heap -> Double in
            var size = 0
            for q in lo..<hi {
                let i = Int(columns.userColumns[q])
                guard i >= 0, i != j else { continue }
                let s = sim.value(i, j)
                guard s > 0 else { continue }
                if size < capacity {
                    var c = size
                    heap[c] = s
                    size += 1
                    while c > 0, heap[(c - 1) / 2] > heap[c] { heap.swapAt(c, (c - 1) / 2); c = (c - 1) / 2 }
                } else if s > heap[0] {
                    heap[0] = s
                    var p = 0
                    while true {
                        let l = 2 * p + 1, r = l + 1
                        var w = p
                        if l < size, heap[l] < heap[w] { w = l }
                        if r < size, heap[r] < heap[w] { w = r }
                        if w == p { break }
                        heap.swapAt(p, w); p = w
                    }
                }
            }
            // Sum in ascending order of similarity, so the result does not depend on the order of the user's movies.
            var kept = UnsafeMutableBufferPointer(rebasing: heap[0..<size])
            kept.sort()
            return kept.reduce(0.0) { $0 + Double($1) }
        }
        return .value(total)
    }
}
