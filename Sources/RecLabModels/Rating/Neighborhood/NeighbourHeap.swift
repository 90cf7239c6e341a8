/// A bounded selection of the `capacity` best (score, position) pairs over
/// caller-owned storage, for candidates offered in ascending position: the
/// batched latent k-NN's inner loop (`TopK` does the same for any order, with
/// an array per use).
///
/// Order: higher score first, then smaller position (`TopK.better`). Because
/// positions arrive ascending, a candidate whose score equals the worst kept
/// one never enters, so `floor` (0 until full, then the worst kept score) is
/// the exact entry bar for positive scores: `offer` is called only for
/// score > floor. The root holds the worst kept pair. O(log capacity) per
/// entering candidate, O(c log c) to sort c kept pairs. Not thread-safe:
/// one per worker.
struct NeighbourHeap {
    let capacity: Int
    let scores: UnsafeMutablePointer<Float>
    let positions: UnsafeMutablePointer<Int32>
    private(set) var count = 0
    /// Offer only scores strictly above this (0 while not full).
    private(set) var floor: Float = 0

    /// `scores` and `positions` hold at least `capacity` (≥ 1) elements.
    init(capacity: Int, scores: UnsafeMutablePointer<Float>, positions: UnsafeMutablePointer<Int32>) {
        self.capacity = capacity
        self.scores = scores
        self.positions = positions
    }

    mutating func reset() { count = 0; floor = 0 }

    /// `a` is worse than `b`: lower score, or equal score and larger position.
    @inline(__always) private func worse(_ a: Int, _ b: Int) -> Bool {
        scores[a] < scores[b] || (scores[a] == scores[b] && positions[a] > positions[b])
    }

    @inline(__always) private func swap(_ a: Int, _ b: Int) {
        let s = scores[a]; scores[a] = scores[b]; scores[b] = s
        let p = positions[a]; positions[a] = positions[b]; positions[b] = p
    }

    /// Adds (score, position); requires score > floor and position above every earlier one.
    @inline(__always) mutating func offer(_ score: Float, _ position: Int32) {
        if count < capacity {
            var c = count
            scores[c] = score; positions[c] = position
            count += 1
            while c > 0 {
                let p = (c - 1) >> 1
                if worse(c, p) { swap(c, p); c = p } else { break }
            }
            if count == capacity { floor = scores[0] }
        } else {
            scores[0] = score; positions[0] = position
            siftDown(0, count)
            floor = scores[0]
        }
    }

    @inline(__always) private func siftDown(_ start: Int, _ n: Int) {
        var p = start
        while true {
            let l = 2 * p + 1, r = l + 1
            var w = p
            if l < n && worse(l, w) { w = l }
            if r < n && worse(r, w) { w = r }
            if w == p { return }
            swap(p, w); p = w
        }
    }

    /// Sorts the kept pairs best first in place (heap sort: the worst goes last);
    /// the heap is then spent until `reset`.
    mutating func sortBestFirst() {
        var n = count
        while n > 1 {
            swap(0, n - 1)
            n -= 1
            siftDown(0, n)
        }
    }
}
