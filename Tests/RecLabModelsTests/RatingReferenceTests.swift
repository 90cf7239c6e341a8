import Testing
import RecLabCore
import RecLabData
@testable import RecLabModels
import _TestSupport

/// Checks the fast kernels against direct, unoptimised transcriptions of
/// Surprise 1.1.5's loops (Double arithmetic), on small planted sets.
@Suite("Reference implementations")
struct RatingReferenceTests {
    static let data = RatingTestData.planted(users: 25, movies: 30, ratingsPerUser: 12, rank: 2, noise: 0.4, seed: 21)
    static let train = TrainingSet(ratings: data.ratings, userCount: 25, movieCount: 30)

    /// Surprise's eager SVD++ epoch (every y_j updated for every rating).
    @Test func svdppLazyUpdatesEqualSurprisesEagerLoop() throws {
        let t = Self.train
        let k = 5, epochs = 4
        let model = { () -> SVDpp in var m = SVDpp(); m.nFactors = k; m.nEpochs = epochs; return m }()
        let fitted = try model.fit(t, seed: 4)
        let known = t.knownMask()
        let p0 = FactorMatrix.normal(rows: 25, factors: k, mean: 0, std: 0.1, seed: SplitMix64.derive(4, "svdpp.p"), include: known.users)
        let q0 = FactorMatrix.normal(rows: 30, factors: k, mean: 0, std: 0.1, seed: SplitMix64.derive(4, "svdpp.q"), include: known.movies)
        let y0 = FactorMatrix.normal(rows: 30, factors: k, mean: 0, std: 0.1, seed: SplitMix64.derive(4, "svdpp.y"), include: known.movies)
        let s = p0.stride
        var P = p0.storage.map(Double.init), Q = q0.storage.map(Double.init), Y = y0.storage.map(Double.init)
        var bu = [Double](repeating: 0, count: 25), bi = [Double](repeating: 0, count: 30)
        let lr = 0.007, reg = 0.02, mu = t.globalMean
        for _ in 0..<epochs {
            for u32 in t.userOrder {
                let u = Int(u32)
                let Iu = t.movies(ratedBy: u32).map(Int.init)
                let vals = Array(t.values(ratedBy: u32))
                let sq = Double(Iu.count).squareRoot()
                for (n, i) in Iu.enumerated() {
                    var imp = [Double](repeating: 0, count: k)
                    for j in Iu { for f in 0..<k { imp[f] += Y[j * s + f] / sq } }
                    var dot = 0.0
                    for f in 0..<k { dot += Q[i * s + f] * (P[u * s + f] + imp[f]) }
                    let err = Double(vals[n]) - (mu + bu[u] + bi[i] + dot)
                    bu[u] += lr * (err - reg * bu[u]); bi[i] += lr * (err - reg * bi[i])
                    for f in 0..<k {
                        let puf = P[u * s + f], qif = Q[i * s + f]
                        P[u * s + f] += lr * (err * qif - reg * puf)
                        Q[i * s + f] += lr * (err * (puf + imp[f]) - reg * qif)
                        for j in Iu { Y[j * s + f] += lr * (err * qif / sq - reg * Y[j * s + f]) }
                    }
                }
            }
        }
        // Tolerance 1e-4: Float vs Double over 4 epochs of 300 updates.
        for i in 0..<30 { #expect(isApprox(Double(fitted.bi[i]), bi[i], abs: 1e-4)) }
        for j in Q.indices { #expect(isApprox(Double(fitted.q.storage[j]), Q[j], abs: 1e-4)) }
        // z_u = p_u + Σy_j/√|I_u|
        for u32 in t.userOrder {
            let u = Int(u32)
            let Iu = t.movies(ratedBy: u32).map(Int.init)
            for f in 0..<k {
                var z = P[u * s + f]
                for j in Iu { z += Y[j * s + f] / Double(Iu.count).squareRoot() }
                #expect(isApprox(Double(fitted.z.storage[u * s + f]), z, abs: 1e-4))
            }
        }
    }

    /// Surprise's similarity formulas computed naively over dense rating rows.
    static func naiveSimilarity(_ m: NeighborSimilarityMeasure, a: [Double?], b: [Double?], minSupport: Int,
                                shrinkage: Double, base: (Int, Double?) -> Double, baseB: (Int, Double?) -> Double) -> Double {
        var pairs: [(Double, Double, Int)] = []
        for y in a.indices { if let ra = a[y], let rb = b[y] { pairs.append((ra, rb, y)) } }
        let n = pairs.count
        let minSup = m == .pearson_baseline ? max(2, minSupport) : minSupport
        guard n >= minSup, n > 0 else { return 0 }
        switch m {
        case .cosine:
            let num = pairs.map { $0.0 * $0.1 }.reduce(0, +)
            return num / (pairs.map { $0.0 * $0.0 }.reduce(0, +) * pairs.map { $0.1 * $0.1 }.reduce(0, +)).squareRoot()
        case .msd:
            return 1 / (pairs.map { ($0.0 - $0.1) * ($0.0 - $0.1) }.reduce(0, +) / Double(n) + 1)
        case .pearson:
            let ma = pairs.map(\.0).reduce(0, +) / Double(n), mb = pairs.map(\.1).reduce(0, +) / Double(n)
            let num = pairs.map { ($0.0 - ma) * ($0.1 - mb) }.reduce(0, +)
            let den = (pairs.map { ($0.0 - ma) * ($0.0 - ma) }.reduce(0, +) * pairs.map { ($0.1 - mb) * ($0.1 - mb) }.reduce(0, +)).squareRoot()
            return den == 0 ? 0 : num / den
        case .pearson_baseline:
            let da = pairs.map { $0.0 - base($0.2, nil) }, db = pairs.map { $0.1 - baseB($0.2, nil) }
            let num = zip(da, db).map { $0 * $1 }.reduce(0, +)
            let den = (da.map { $0 * $0 }.reduce(0, +) * db.map { $0 * $0 }.reduce(0, +)).squareRoot()
            return den == 0 ? 0 : num / den * Double(n - 1) / (Double(n - 1) + shrinkage)
        }
    }

    @Test(arguments: NeighborSimilarityMeasure.allCases, [true, false])
    func knnSimilaritiesMatchTheFormulas(measure: NeighborSimilarityMeasure, userBased: Bool) throws {
        let t = Self.train
        var knn = KNN(variant: .basic)
        knn.measure = measure; knn.userBased = userBased; knn.minSupport = 2; knn.shrinkage = 10
        let fitted = try knn.fit(t, seed: 0)
        var bl = LearningCurve()
        let (bu, bi) = BaselineOnly.biases(t, method: .als, nEpochs: 10, regU: 15, regI: 10, reg: 0, learningRate: 0,
                                           curve: &bl, options: FitOptions(), summary: TrainingSummary(t))
        // Dense rows of the x side.
        let nx = userBased ? 25 : 30, ny = userBased ? 30 : 25
        var rows = [[Double?]](repeating: [Double?](repeating: nil, count: ny), count: nx)
        for u32 in t.userOrder {
            for (i, v) in zip(t.movies(ratedBy: u32), t.values(ratedBy: u32)) {
                if userBased { rows[Int(u32)][Int(i)] = Double(v) } else { rows[Int(i)][Int(u32)] = Double(v) }
            }
        }
        let bx = userBased ? bu : bi, by = userBased ? bi : bu
        for a in 0..<nx {
            for b in 0..<nx where b != a {
                let expected = Self.naiveSimilarity(measure, a: rows[a], b: rows[b], minSupport: 2, shrinkage: 10,
                                                    base: { y, _ in t.globalMean + by[y] + bx[a] },
                                                    baseB: { y, _ in t.globalMean + by[y] + bx[b] })
                #expect(isApprox(Double(fitted.sim.value(a, b)), expected, abs: 1e-5), "\(measure) \(a),\(b)")
            }
        }
    }

    @Test func knnEstimatesFollowSurprisesFormulas() throws {
        let t = Self.train
        let ir = t.byMovie()
        for variant in KNN.Variant.allCases {
            var knn = KNN(variant: variant)
            knn.k = 3
            knn.measure = .pearson
            let f = try knn.fit(t, seed: 0)
            // user-based: neighbours of u among the raters of i.
            for (u, i) in [(0, 3), (4, 7), (10, 12), (20, 25)] {
                var cands: [(sim: Float, pos: Int, v: Int, r: Double)] = []
                for pos in ir.offsets[i]..<ir.offsets[i + 1] {
                    let v = Int(ir.users[pos])
                    cands.append((f.sim.value(u, v), pos, v, Double(ir.values[pos])))
                }
                let top = cands.sorted { $0.sim > $1.sim || ($0.sim == $1.sim && $0.pos < $1.pos) }.prefix(3).filter { $0.sim > 0 }
                let mean: (Int) -> Double = { x in
                    let vs = t.values(ratedBy: Int32(x)).map(Double.init); return vs.reduce(0, +) / Double(vs.count)
                }
                let sd: (Int) -> Double = { x in
                    let vs = t.values(ratedBy: Int32(x)).map(Double.init); let m = mean(x)
                    return (vs.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(vs.count)).squareRoot()
                }
                let sumSim = top.map { Double($0.sim) }.reduce(0, +)
                let expected: Double?
                switch variant {
                case .basic: expected = top.isEmpty ? nil : top.map { Double($0.sim) * $0.r }.reduce(0, +) / sumSim
                case .withMeans:
                    expected = mean(u) + (top.isEmpty ? 0 : top.map { Double($0.sim) * ($0.r - mean($0.v)) }.reduce(0, +) / sumSim)
                case .withZScore:
                    expected = mean(u) + (top.isEmpty ? 0 : top.map { Double($0.sim) * ($0.r - mean($0.v)) / sd($0.v) }.reduce(0, +) / sumSim * sd(u))
                case .baseline:
                    let bu = f.bu, bi = f.bi
                    let b = t.globalMean + bu[u] + bi[i]
                    expected = b + (top.isEmpty ? 0 : top.map { Double($0.sim) * ($0.r - (t.globalMean + bu[$0.v] + bi[i])) }.reduce(0, +) / sumSim)
                }
                let got = f.estimate(user: Int32(u), movie: Int32(i))
                if let expected {
                    guard case .value(let g) = got else { Issue.record("\(variant) \(u),\(i): impossible"); continue }
                    #expect(isApprox(g, expected, abs: 1e-6), "\(variant) \(u),\(i)")
                } else {
                    #expect(got == .impossible("Not enough neighbors."))
                }
            }
        }
    }

    @Test func baselineALSMatchesAClosedFormSweep() throws {
        let t = Self.train
        let f = try BaselineOnly(method: .als).fit(t, seed: 0)
        // One more ALS sweep from the fitted values changes them only slightly (converging), and
        // each b_u satisfies its own update equation given the final b_i exactly.
        let mu = t.globalMean
        for u32 in t.userOrder {
            let ms = t.movies(ratedBy: u32), vs = t.values(ratedBy: u32)
            var dev = 0.0
            for (m, v) in zip(ms, vs) { dev += Double(v) - mu - f.bi[Int(m)] }
            #expect(isApprox(f.bu[Int(u32)], dev / (15 + Double(ms.count)), abs: 1e-12))
        }
    }
}

@Suite("Slope One and co-clustering")
struct RatingSlopeOneTests {
    @Test func slopeOneIsTheUserMeanPlusMeanDeviations() throws {
        // u0: m0=5, m1=3, m2=4; u1: m0=4, m1=2; u2: m1=1 (predict u2 on m0).
        let r = Ratings(users: [0, 0, 0, 1, 1, 2], movies: [0, 1, 2, 0, 1, 1], values: [5, 3, 4, 4, 2, 1],
                        timestamps: [0, 0, 0, 0, 0, 0])
        let t = TrainingSet(ratings: r, userCount: 3, movieCount: 3)
        let f = try SlopeOne().fit(t, seed: 0)
        // dev(0, 1) = ((5 − 3) + (4 − 2)) / 2 = 2; u2's mean = 1 → 1 + 2 = 3.
        #expect(f.estimate(user: 2, movie: 0) == .value(3))
        // u1 on m2: R = {m0 (dev(2,0) = 4 − 5 = −1), m1 (dev(2,1) = 4 − 3 = 1)} → mean 3 + 0 = 3.
        #expect(f.estimate(user: 1, movie: 2) == .value(3))
        // Surprise's integer truncation changes deviations only: with 3.5 → 3.
        let r2 = Ratings(users: [0, 0, 1, 1], movies: [0, 1, 0, 1], values: [3.5, 2, 4, 1], timestamps: [0, 0, 0, 0])
        let t2 = TrainingSet(ratings: r2, userCount: 2, movieCount: 2)
        var s = SlopeOne(); s.surpriseIntRatings = true
        let g = try s.fit(t2, seed: 0)
        // dev(0,1) = ((3 − 2) + (4 − 1)) / 2 = 2; user 0's mean (not truncated) 2.75; predict u0 on m0 with R = {m0, m1}:
        // dev(0,0) = 0, dev(0,1) = 2 → 2.75 + 1 = 3.75.
        #expect(g.estimate(user: 0, movie: 0) == .value(3.75))
    }

    @Test func coClusteringWithOneClusterIsTheBaselineOfMeans() throws {
        // One user and one movie cluster: r̂ = μ + (μ_u − μ) + (μ_i − μ) = μ_u + μ_i − μ.
        let d = RatingTestData.planted(users: 20, movies: 15, ratingsPerUser: 8, rank: 2, noise: 0.3, seed: 2)
        let t = TrainingSet(ratings: d.ratings, userCount: 20, movieCount: 15)
        var c = CoClustering(); c.userClusters = 1; c.movieClusters = 1
        let f = try c.fit(t, seed: 0)
        let ir = t.byMovie()
        for (u, i) in [(0, 0), (3, 7), (19, 14)] where ir.count(movie: Int32(i)) > 0 {
            let mu = t.globalMean
            let mu_u = t.values(ratedBy: Int32(u)).reduce(0.0) { $0 + Double($1) } / Double(t.ratingCount(user: Int32(u)))
            let mu_i = (ir.offsets[i]..<ir.offsets[i + 1]).reduce(0.0) { $0 + Double(ir.values[$1]) } / Double(ir.count(movie: Int32(i)))
            guard case .value(let e) = f.estimate(user: Int32(u), movie: Int32(i)) else { Issue.record("no value"); continue }
            #expect(isApprox(e, mu_u + mu_i - mu, abs: 1e-9))
        }
    }
}

@Suite("k-NN memory bound")
struct RatingKNNMemoryTests {
    @Test func aSimilarityMatrixBeyondTheLimitIsRefusedWithTheFigure() throws {
        let d = RatingTestData.planted(users: 30, movies: 20, ratingsPerUser: 10, rank: 2, noise: 0.3, seed: 1)
        let t = TrainingSet(ratings: d.ratings, userCount: 30, movieCount: 20)
        var knn = KNN(variant: .basic)
        // User-based needs 30·29/2 floats = 1,740 bytes; item-based 20·19/2 floats = 760 bytes.
        knn.memoryLimitBytes = 1000
        #expect(throws: RatingModelError.self) { try knn.fit(t, seed: 0) }
        knn.userBased = false
        _ = try knn.fit(t, seed: 0)
        #expect(SimilarityMatrix.bytes(n: 138_493) > SimilarityMatrix.defaultMemoryLimit)  // ML-20M users: refused
        #expect(SimilarityMatrix.bytes(n: 26_744) < SimilarityMatrix.defaultMemoryLimit)   // ML-20M movies: 1.4 GB
    }
}
