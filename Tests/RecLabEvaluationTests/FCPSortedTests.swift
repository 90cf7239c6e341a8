import Testing
import RecLabCore
@testable import RecLabEvaluation

/// The O(n log n) FCP against the definition (every ordered pair compared,
/// `RatingMetrics.fcpPairwise`): both count the same integers, so the results
/// must be equal exactly, ties included.
@Suite("FCP by sorting")
struct FCPSortedTests {
    static func sample(seed: UInt64, n: Int, users: Int, sparseIDs: Bool, levels: Int?) -> ([Int32], [Float], [Float]) {
        var rng = Xoshiro256StarStar(seed: seed)
        let ids = (0..<users).map { sparseIDs ? Int32(truncatingIfNeeded: rng.next()) : Int32($0) }
        var u: [Int32] = [], p: [Float] = [], a: [Float] = []
        for _ in 0..<n {
            u.append(ids[Int(rng.next() % UInt64(users))])
            let raw = Float(0.5 + 4.5 * rng.nextUnit())
            p.append(levels.map { Float((raw * Float($0)).rounded()) / Float($0) } ?? raw)   // coarse levels: many ties
            a.append(Float(1 + rng.next() % 10) / 2)
        }
        return (u, p, a)
    }

    @Test(arguments: [(false, 4), (true, 4), (false, 1000), (true, 0)])
    func equalsThePairwiseCount(sparseIDs: Bool, levels: Int) {
        for seed in UInt64(1)...5 {
            let (u, p, a) = Self.sample(seed: seed, n: 3_000, users: 37, sparseIDs: sparseIDs,
                                        levels: levels == 0 ? nil : levels)
            #expect(RatingMetrics.fcp(users: u, predicted: p, actual: a)
                    == RatingMetrics.fcpPairwise(users: u, predicted: p, actual: a))
        }
    }

    @Test func degenerateInputs() {
        // One row per user: no pairs at all.
        #expect(RatingMetrics.fcp(users: [1, 2, 3], predicted: [1, 2, 3], actual: [3, 2, 1]) == nil)
        // Everything tied: no concordant pair, every discordant pair (p_a ≥ p_b) counts.
        #expect(RatingMetrics.fcp(users: [0, 0, 0], predicted: [2, 2, 2], actual: [1, 2, 3]) == 0)
        // A NaN prediction takes the pairwise path, whose comparisons are false with NaN.
        let p: [Float] = [1, .nan, 3, 2]
        let a: [Float] = [1, 2, 3, 4]
        #expect(RatingMetrics.fcp(users: [0, 0, 0, 0], predicted: p, actual: a)
                == RatingMetrics.fcpPairwise(users: [0, 0, 0, 0], predicted: p, actual: a))
        #expect(RatingMetrics.fcp(users: [], predicted: [], actual: []) == nil)
    }
}
