import Foundation
import RecLabModels

/// The similar-movie lists of each movie, computed once and kept: the first
/// request for a movie (or the warm-up pass) computes its content, collab and
/// hybrid scores against every movie — two matrix–vector products over the
/// unit latent rows, memory-bound at ~16 MB per movie on ml-latest-small —
/// and keeps the best `depth` (100, the largest `n`) of each method. Later
/// requests for that movie, any method and any n ≤ depth, are a prefix of a
/// kept list. The lists are exactly `SimilarityModel.similar(to:method:top:)`'s:
/// the same scores (the same code computes them) and the same order.
///
/// Memory: 3 methods × depth × 16 bytes per movie (≈ 47 MB for 9,724 movies).
/// Thread safety: slots are read and written under one lock; computing happens
/// outside it (two threads may compute the same movie; both get the same lists).
final class NeighbourCache: @unchecked Sendable {
    /// One method's list: model rows and the three scores of each neighbour.
    struct List: Sendable {
        var rows: [Int32]
        var content: [Float], collab: [Float], hybrid: [Float]
    }

    let depth: Int
    private var slots: [[List]?]
    private var filled = 0
    private let lock = NSLock()
    private let stopWarming = NSLock()
    private var stopped = false

    init(rows: Int) {
        depth = min(ServedExperiment.maxN, max(0, rows - 1))
        slots = Array(repeating: nil, count: rows)
    }

    var count: (filled: Int, total: Int) {
        lock.lock(); defer { lock.unlock() }
        return (filled, slots.count)
    }

    /// The three lists of model row `row` (content, collab, hybrid), computed on a miss.
    func lists(row: Int, model: SimilarityModel) throws -> [List] {
        lock.lock()
        let hit = slots[row]
        lock.unlock()
        if let hit { return hit }
        let (c, l, h) = try model.scores(to: model.movies[row])
        let lists = [c, l, h].map { rank -> List in
            var best = TopK(capacity: depth)
            for i in 0..<rank.count where i != row { best.offer(id: Int32(i), score: rank[i]) }
            let rows = best.sorted().map(\.id)
            return List(rows: rows, content: rows.map { c[Int($0)] }, collab: rows.map { l[Int($0)] },
                        hybrid: rows.map { h[Int($0)] })
        }
        lock.lock()
        if slots[row] == nil { slots[row] = lists; filled += 1 }
        lock.unlock()
        return lists
    }

    /// Fills every slot on a background thread, stopping early on `stop()`.
    func warm(model: SimilarityModel) {
        Thread.detachNewThread { [self] in
            Thread.current.qualityOfService = .background
            for row in 0..<model.count {
                stopWarming.lock(); let stop = stopped; stopWarming.unlock()
                if stop { return }
                _ = try? lists(row: row, model: model)
            }
        }
    }

    func stop() {
        stopWarming.lock(); stopped = true; stopWarming.unlock()
    }
}
