import RecLabCore

/// Walker/Vose alias table: O(n) build, O(1) sampling of index i with
/// probability weights[i] / Σ weights (two uniform draws per sample, exact
/// up to Double rounding of the weights).
struct AliasTable: Sendable {
    private var probability: [Double]
    private var alias: [Int32]

    init(_ weights: [Double]) {
        let n = weights.count
        let total = weights.reduce(0, +)
        var scaled = weights.map { $0 * Double(n) / total }
        probability = [Double](repeating: 1, count: n)
        alias = [Int32](repeating: 0, count: n)
        var small: [Int] = [], large: [Int] = []
        for i in 0..<n { if scaled[i] < 1 { small.append(i) } else { large.append(i) } }
        while let s = small.popLast(), let l = large.last {
            probability[s] = scaled[s]
            alias[s] = Int32(l)
            scaled[l] = (scaled[l] + scaled[s]) - 1
            if scaled[l] < 1 { large.removeLast(); small.append(l) }
        }
        for i in large + small { probability[i] = 1 }
    }

    var count: Int { probability.count }

    @inline(__always)
    func sample(_ rng: inout Xoshiro256StarStar) -> Int {
        let r = rng.next()
        let i = Int((r >> 32) % UInt64(probability.count))
        let u = Double(r & 0xFFFF_FFFF) * 0x1.0p-32
        return u < probability[i] ? i : Int(alias[i])
    }
}
