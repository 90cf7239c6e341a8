/// A bounded selection of the `capacity` best (score, position) pairs over
/// caller-owned storage, for positive scores offered in ascending position:
/// the batched latent k-NN's inner loop (`TopK` does the same for any order,
/// with an array per use).
///
/// Order: higher score first, then smaller position (`TopK.better`). Each
/// pair is one 64-bit key, the score's bits above the complemented position:
/// for positive floats the bit patterns order as the values, so "better" is
/// one integer comparison (no branchy two-field compare). Because positions
/// arrive ascending, a score equal to the worst kept one never enters, so
/// `floor` (0 until full, then the worst kept score) is the exact entry bar:
/// `offer` is called only for score > floor. The root holds the worst kept
/// key. O(log capacity) per entering pair, O(c log c) to sort c kept pairs.
/// Not thread-safe: one per worker.
struct NeighbourHeap {
    let capacity: Int
    let keys: UnsafeMutablePointer<UInt64>
    private(set) var count = 0
    /// Offer only scores strictly above this (0 while not full).
    private(set) var floor: Float = 0

    /// `keys` holds at least `capacity` (≥ 1) elements.
    init(capacity: Int, keys: UnsafeMutablePointer<UInt64>) {
        self.capacity = capacity
        self.keys = keys
    }

    mutating func reset() { count = 0; floor = 0 }

    @inline(__always) static func key(_ score: Float, _ position: Int32) -> UInt64 {
        UInt64(score.bitPattern) << 32 | UInt64(~UInt32(bitPattern: position))
    }

    /// The score of kept pair `i` (after `sortBestFirst`, i = 0 is the best).
    @inline(__always) func score(_ i: Int) -> Float { Float(bitPattern: UInt32(truncatingIfNeeded: keys[i] >> 32)) }

    /// The position of kept pair `i`.
    @inline(__always) func position(_ i: Int) -> Int32 { Int32(bitPattern: ~UInt32(truncatingIfNeeded: keys[i])) }

    /// Adds (score, position); requires 0 < score, score > floor, position above every earlier one.
    @inline(__always) mutating func offer(_ score: Float, _ position: Int32) {
        let x = Self.key(score, position)
        if count < capacity {
            var c = count
            count += 1
            while c > 0 {   // sift the hole up: the root is the smallest key (the worst pair)
                let p = (c - 1) >> 1
                let kp = keys[p]
                if x < kp { keys[c] = kp; c = p } else { break }
            }
            keys[c] = x
            if count == capacity { floor = self.score(0) }
        } else {
            var p = 0
            let n = count
            while true {    // sift the hole down from the root
                let l = 2 &* p &+ 1
                if l >= n { break }
                var w = l
                if l &+ 1 < n && keys[l &+ 1] < keys[l] { w = l &+ 1 }
                let kw = keys[w]
                if kw >= x { break }
                keys[p] = kw
                p = w
            }
            keys[p] = x
            floor = self.score(0)
        }
    }

    /// Sorts the kept pairs best first in place; the heap is then spent until `reset`.
    mutating func sortBestFirst() {
        var kept = UnsafeMutableBufferPointer(start: keys, count: count)
        kept.sort(by: >)
    }
}
