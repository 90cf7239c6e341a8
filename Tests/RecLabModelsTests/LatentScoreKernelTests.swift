import Testing
import RecLabCore
import RecLabData
@testable import RecLabModels
import _TestSupport

/// The batched latent k-NN path (`FittedLatentKNN.predict(users:movies:)` and
/// `LatentScoreKernel`) against two independent references: the in-order
/// scalar dot product, and a brute-force predictor written here from the
/// definition (all positive-cosine rated neighbours, ranked by score then
/// position, the first k kept, similarity-weighted mean, clipped).
@Suite("Latent k-NN batched scoring")
struct LatentScoreKernelTests {
    /// A random problem: `rows` latent rows of `d` columns (some duplicated, so
    /// that scores tie exactly, one all-zero), ratings for users of varied activity
    /// (0, 1, 7, 8, 9, 40, 131 rated movies) on a `movies`-movie catalogue.
    static func problem(seed: UInt64, d: Int, movies: Int = 90)
        -> (latent: LatentMatrix, train: TrainingSet, users: [Int32], movies: [Int32]) {
        var rng = Xoshiro256StarStar(seed: seed)
        var values = (0..<(movies * d)).map { _ in Float(rng.nextGaussian()) }
        // Movies 1 and 2 copy movie 0 (exact ties), movie 3 copies movie 5 scaled by 3 (same unit row), movie 4 is zero.
        for c in 0..<d {
            values[1 * d + c] = values[c]
            values[2 * d + c] = values[c]
            values[3 * d + c] = 3 * values[5 * d + c]
            values[4 * d + c] = 0
        }
        let latent = try! LatentMatrix(rows: movies, columns: d, values: values)
        let activity = [0, 1, 7, 8, 9, 40, min(131, movies)]
        var us: [Int32] = [], ms: [Int32] = [], vs: [Float] = []
        for (u, n) in activity.enumerated() {
            var pool = Array(0..<movies)
            for i in stride(from: pool.count - 1, to: 0, by: -1) {
                pool.swapAt(i, Int(rng.next() % UInt64(i + 1)))
            }
            for m in pool.prefix(n).sorted() {
                us.append(Int32(u)); ms.append(Int32(m)); vs.append(Float(1 + rng.next() % 9) / 2)
            }
        }
        let userCount = activity.count + 1   // the last user has no ratings at all
        let train = TrainingSet(ratings: Ratings(users: us, movies: ms, values: vs,
                                                 timestamps: [Int32](repeating: 0, count: us.count)),
                                userCount: userCount, movieCount: movies)
        // Every user against every movie, in a shuffled order, plus out-of-range ids.
        var pairs: [(Int32, Int32)] = []
        for u in 0..<userCount { for m in 0..<movies { pairs.append((Int32(u), Int32(m))) } }
        pairs += [(-1, 0), (Int32(userCount), 0), (0, -1), (5, Int32(movies)), (6, Int32(movies + 3))]
        for i in stride(from: pairs.count - 1, to: 0, by: -1) { pairs.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
        return (latent, train, pairs.map(\.0), pairs.map(\.1))
    }

    /// The definition, written independently of the model's code.
    static func bruteForce(_ latent: LatentMatrix, _ train: TrainingSet, k: Int, minK: Int,
                           user u: Int32, movie i: Int32) -> Prediction {
        let d = latent.columns
        let mean = Float(train.globalMean)
        let scale = train.ratingScale
        func clip(_ v: Double) -> Float {
            Float(min(Double(scale.upperBound), max(Double(scale.lowerBound), v)))
        }
        guard u >= 0, Int(u) < train.userCount, i >= 0, Int(i) < train.movieCount else {
            return Prediction(value: clip(Double(mean)), wasImpossible: true)
        }
        func unit(_ m: Int) -> [Float] {
            let r = Array(latent.values[(m * d)..<((m + 1) * d)])
            let n = r.reduce(0.0) { $0 + Double($1) * Double($1) }
            return n > 0 ? r.map { Float(Double($0) * (1 / n.squareRoot())) } : [Float](repeating: 0, count: d)
        }
        let qi = unit(Int(i))
        let lo = train.userOffsets[Int(u)], hi = train.userOffsets[Int(u) + 1]
        var cands: [(pos: Int, s: Float)] = []
        for pos in lo..<hi {
            let qj = unit(Int(train.userMovies[pos]))
            var s: Float = 0
            for c in 0..<d { s += qi[c] * qj[c] }
            if s > 0 { cands.append((pos - lo, s)) }
        }
        cands.sort { $0.s > $1.s || ($0.s == $1.s && $0.pos < $1.pos) }
        let top = cands.prefix(k)
        guard !top.isEmpty, top.count >= minK else { return Prediction(value: clip(Double(mean)), wasImpossible: true) }
        var num = 0.0, den = 0.0
        for e in top { num += Double(e.s) * Double(train.userValues[lo + e.pos]); den += Double(e.s) }
        return Prediction(value: clip(num / den), wasImpossible: false)
    }

    @Test("scores equal the in-order scalar dot product bit for bit (both builds)",
          arguments: [1, 7, 8, 13, 200])
    func kernelMatchesScalarSums(d: Int) {
        var rng = Xoshiro256StarStar(seed: UInt64(d))
        let rated = 21   // three groups, the last one partly padding
        let unit = (0..<((rated + 4) * d)).map { _ in Float(rng.nextGaussian()) }
        let rows = (0..<Int32(rated)).map { $0 + 4 }
        let groups = LatentScoreKernel.groups(rated)
        var panel = [Float](repeating: .nan, count: groups * d * 8)
        for baselineOnly in [false, true] {
            var out = [Float](repeating: .nan, count: 4 * groups * 8)
            unit.withUnsafeBufferPointer { U in
                rows.withUnsafeBufferPointer { R in
                    panel.withUnsafeMutableBufferPointer { P in
                        LatentScoreKernel.pack(U.baseAddress!, d: d, rows: R, into: P.baseAddress!)
                        out.withUnsafeMutableBufferPointer { O in
                            let b = U.baseAddress!
                            LatentScoreKernel.scores4(b, b + d, b + 2 * d, b + 3 * d, d: d, panel: P.baseAddress!,
                                                      groups: groups, out: O.baseAddress!, outStride: groups * 8,
                                                      baselineOnly: baselineOnly)
                        }
                    }
                }
            }
            for q in 0..<4 {
                for j in 0..<(groups * 8) {
                    var s: Float = 0
                    if j < rated { for c in 0..<d { s += unit[q * d + c] * unit[Int(rows[j]) * d + c] } }
                    #expect(out[q * groups * 8 + j].bitPattern == s.bitPattern, "q \(q) j \(j) baseline \(baselineOnly)")
                }
            }
        }
    }

    @Test("batched predictions = pair by pair = brute force (ties, k above the rated count, min_k, unknown ids)",
          arguments: [(3, 1), (40, 1), (200, 1), (8, 6)])
    func batchedPredictionsMatch(k: Int, minK: Int) throws {
        for d in [5, 16, 37] {
            let p = Self.problem(seed: UInt64(100 * k + d), d: d)
            let fitted = LatentKNN(k: k, minK: minK).fit(p.train, latent: p.latent)
            let batched = fitted.predict(users: p.users, movies: p.movies)
            let baseline = fitted.predict(users: p.users, movies: p.movies, baselineOnly: true)
            #expect(batched.count == p.users.count)
            var possible = 0
            for t in 0..<p.users.count {
                let one = fitted.predict(user: p.users[t], movie: p.movies[t])
                #expect(batched[t].value.bitPattern == one.value.bitPattern && batched[t].wasImpossible == one.wasImpossible,
                        "pair \(p.users[t]), \(p.movies[t])")
                #expect(baseline[t] == batched[t])
                let ref = Self.bruteForce(p.latent, p.train, k: k, minK: minK, user: p.users[t], movie: p.movies[t])
                #expect(isApprox(batched[t].value, ref.value, abs: 1e-5) && ref.wasImpossible == batched[t].wasImpossible,
                        "pair \(p.users[t]), \(p.movies[t]): \(batched[t]) vs \(ref)")
                if !one.wasImpossible { possible += 1 }
            }
            #expect(possible > p.users.count / 4)   // the comparison covered real estimates
        }
    }

    @Test func exactTiesKeepTheEarlierRatedMovie() throws {
        // Movies 0, 1, 2 share one direction; user 0 rated 1 (value 5) and 2 (value 1): with k = 1 both tie
        // at cosine 1 for target 0, and the earlier position (movie 1, rating 5) wins in both paths.
        let latent = try LatentMatrix(rows: 3, columns: 3, values: [1, 2, 3, 2, 4, 6, 1, 2, 3])
        let train = TrainingSet(ratings: Ratings(users: [0, 0], movies: [1, 2], values: [5, 1], timestamps: [0, 0]),
                                userCount: 1, movieCount: 3)
        let f = LatentKNN(k: 1).fit(train, latent: latent)
        #expect(f.predict(users: [0], movies: [0]) == [Prediction(value: 5, wasImpossible: false)])
        #expect(f.predict(user: 0, movie: 0) == Prediction(value: 5, wasImpossible: false))
    }

    @Test func emptyBatch() throws {
        let p = Self.problem(seed: 1, d: 4)
        let f = LatentKNN(k: 3).fit(p.train, latent: p.latent)
        #expect(f.predict(users: [], movies: []).isEmpty)
    }
}

/// `NeighbourHeap` (the batched path's selection) against `TopK` and a full sort.
@Suite("Neighbour heap")
struct NeighbourHeapTests {
    @Test("keeps the same pairs in the same order as sorting everything (ties, capacity above the count)",
          arguments: [1, 2, 5, 40, 500])
    func matchesAFullSort(capacity: Int) {
        var rng = Xoshiro256StarStar(seed: UInt64(capacity))
        let keys = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity)
        defer { keys.deallocate() }
        var heap = NeighbourHeap(capacity: capacity, keys: keys)
        for trial in 0..<50 {
            let n = Int(rng.next() % 300) + (trial == 0 ? 70_000 : 0)   // one row with positions past 2¹⁶
            // Few distinct values (many exact ties), about a third not positive.
            let row = (0..<n).map { _ in Float(Int(rng.next() % 12) - 4) / 8 }
            heap.reset()
            var top = TopK(capacity: capacity)
            for j in 0..<n {
                if row[j] > 0 { top.offer(id: Int32(j), score: row[j]) }
                if row[j] > heap.floor { heap.offer(row[j], Int32(j)) }
            }
            heap.sortBestFirst()
            let expected = (0..<n).filter { row[$0] > 0 }
                .sorted { row[$0] > row[$1] || (row[$0] == row[$1] && $0 < $1) }.prefix(capacity)
            let got = (0..<heap.count).map { Int(heap.position($0)) }
            #expect(got == Array(expected), "trial \(trial)")
            #expect(got == top.sorted().map { Int($0.id) })
            #expect((0..<heap.count).allSatisfy { heap.score($0) == row[got[$0]] })
        }
    }
}
