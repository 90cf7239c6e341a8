import RecLabCore
import RecLabLinearAlgebra

/// The tutorial's memory-based predictor: the similarity-weighted mean of the
/// user's ratings on the k movies they rated that are nearest to the target
/// movie by cosine in the collab latent space of the training ratings:
/// r̂(u, i) = Σ_{j∈N_k(u,i)} s_ij r_uj / Σ_{j∈N_k(u,i)} s_ij over neighbours with s_ij > 0,
/// s_ij = cos(L_i, L_j). Impossible (global mean) for an unknown user, a movie
/// without a latent row (no training rating) or no positive neighbour.
///
/// `fit` builds the latent space L from the training set alone
/// (`CollabLatentSpace`: the movie × user matrix of the training ratings,
/// optionally centred, reduced to `n_components` by truncated SVD), so the
/// test ratings never leak into the predictor; the tutorial fitted its SVD on
/// every rating, which makes its RMSE optimistic.
///
/// Seed use: the randomized SVD's test matrix comes from
/// `SplitMix64.derive(svd_seed, "collab-svd")` (the similarity stage's
/// derivation); the fit seed is not used, so the model is a deterministic
/// function of the training set and the parameters. An exact SVD (`svd_method:
/// exact`, or `auto` on a small matrix) uses no seed at all.
///
/// Complexity: the SVD, then O(|I_u| · d) per estimate.
public struct LatentKNN: RatingModel {
    public var k: Int = LatentKNN.table.defaultValue(of: \.k)
    public var minK: Int = LatentKNN.table.defaultValue(of: \.minK)
    /// Components d of the latent space (at most min(movies, users) − 1 of the training ratings are used).
    public var components: Int = LatentKNN.table.defaultValue(of: \.components)
    public var centering: CollabCentering = LatentKNN.table.defaultValue(of: \.centering)
    public var svdMethod: TruncatedSVDOptions.Method = LatentKNN.table.defaultValue(of: \.svdMethod)
    public var oversampling: Int = LatentKNN.table.defaultValue(of: \.oversampling)
    public var powerIterations: Int = LatentKNN.table.defaultValue(of: \.powerIterations)
    public var svdSeed: UInt64 = LatentKNN.defaultSVDSeed

    public init() {}

    public init(k: Int, minK: Int = LatentKNN.table.defaultValue(of: \.minK)) {
        self.k = k
        self.minK = minK
    }

    public static let kindName = "latent_knn"
    public var kind: String { Self.kindName }

    /// The randomized SVD's settings and the component count default to the similarity model's (`SimilarityConfig`).
    public static let table: ParameterTable<LatentKNN> = {
        let similarity = SimilarityConfig()
        return ParameterTable([
            .int("k", 1...100_000, default: 40, "neighbours among the user's rated movies", \.k),
            .int("min_k", 1...100_000, default: 1, "minimum positive-similarity neighbours", \.minK),
            .int("n_components", 1...100_000, default: similarity.collabComponents,
                 "components of the latent space: truncated SVD of the training movie × user ratings", \.components),
            .choice("centering", default: similarity.centering,
                    "subtract each rating's user or movie mean before the SVD (none: ratings as given)", \.centering),
            .choice("svd_method", default: TruncatedSVDOptions.Method.auto,
                    "truncated SVD: auto (exact for small matrices), randomized or exact", \.svdMethod),
            .int("oversampling", 0...10_000, default: similarity.svd.oversamples,
                 "randomized SVD: extra random directions", \.oversampling),
            .int("power_iterations", 0...100, default: similarity.svd.powerIterations,
                 "randomized SVD: power iterations", \.powerIterations),
            ParameterBinding(
                ParameterSpec("svd_seed", .int(0...Int.max), default: .int(Int(defaultSVDSeed)),
                              help: "seed of the randomized SVD's test matrix"),
                read: { m, r in m.svdSeed = UInt64(r.int("svd_seed")) },
                value: { m in .int(Int(truncatingIfNeeded: m.svdSeed)) }),
        ])
    }()

    /// The similarity model's default seed (`SimilarityConfig().seed`).
    public static let defaultSVDSeed: UInt64 = SimilarityConfig().seed

    public init(parameters: Parameters) throws {
        try Self.table.read(parameters, kind: Self.kindName, into: &self)
    }

    public var parameters: Parameters { Self.table.values(of: self) }

    /// The SVD settings of the latent space.
    var svdOptions: TruncatedSVDOptions {
        TruncatedSVDOptions(components: components, oversamples: oversampling, powerIterations: powerIterations,
                            method: svdMethod, seed: SplitMix64.derive(svdSeed, "collab-svd"))
    }

    /// Builds the latent space of `train` and fits on it.
    public func fit(_ train: TrainingSet, seed: UInt64, options: FitOptions) throws -> FittedLatentKNN {
        let latent: LatentMatrix
        do { latent = try CollabLatentSpace.build(train, centering: centering, svd: svdOptions) } catch {
            throw RatingModelError("cannot build the collab latent space of the training ratings: \(error)",
                                   kind: Self.kindName, key: "n_components")
        }
        return fit(train, latent: latent, options: options)
    }

    /// Fits on a given latent space (row `latent.row(ofMovie: m)` for movie m).
    func fit(_ train: TrainingSet, latent: LatentMatrix, options: FitOptions = FitOptions()) -> FittedLatentKNN {
        // Unit rows, indexed by movie inner id (rows without a latent row stay zero).
        let d = latent.columns
        var unit = [Float](repeating: 0, count: train.movieCount * d)
        for m in 0..<train.movieCount {
            guard let row = latent.row(ofMovie: m) else { continue }
            var s = 0.0
            for c in 0..<d { s += Double(latent.values[row * d + c]) * Double(latent.values[row * d + c]) }
            guard s > 0 else { continue }
            let inv = 1 / s.squareRoot()
            for c in 0..<d { unit[m * d + c] = Float(Double(latent.values[row * d + c]) * inv) }
        }
        options.progress?(1, 1)
        return FittedLatentKNN(summary: TrainingSummary(train), k: k, minK: minK, d: d, unit: unit,
                               userOffsets: train.userOffsets, userMovies: train.userMovies, userValues: train.userValues)
    }
}

public struct FittedLatentKNN: FittedRatingModel {
    public let summary: TrainingSummary
    public var learningCurve: LearningCurve { LearningCurve() }
    let k: Int, minK: Int, d: Int
    let unit: [Float]
    let userOffsets: [Int]
    let userMovies: [Int32]
    let userValues: [Float]

    public func estimate(user u: Int32, movie i: Int32) -> Estimate {
        guard summary.knows(user: u), i >= 0, Int(i) < summary.movieCount else {
            return .impossible("User is unknown.")
        }
        let lo = userOffsets[Int(u)], hi = userOffsets[Int(u) + 1]
        var best = TopK(capacity: k)
        unit.withUnsafeBufferPointer { U in
            let qi = U.baseAddress! + Int(i) * d
            for pos in lo..<hi {
                let qj = U.baseAddress! + Int(userMovies[pos]) * d
                var s: Float = 0
                for c in 0..<d { s += qi[c] * qj[c] }
                if s > 0 { best.offer(id: Int32(pos - lo), score: s) }
            }
        }
        return finish(best, lo: lo)
    }

    /// The weighted mean over the kept neighbours (ids are positions from `lo`), best first.
    @inline(__always)
    func finish(_ best: TopK, lo: Int) -> Estimate {
        let top = best.sorted()
        guard top.count >= minK, !top.isEmpty else { return .impossible("Not enough neighbors.") }
        var num = 0.0, den = 0.0
        for e in top { num += Double(e.score) * Double(userValues[lo + Int(e.id)]); den += Double(e.score) }
        return .value(num / den)
    }

    /// `finish` over a sorted `NeighbourHeap` (the same pairs in the same order, so the same sums).
    @inline(__always)
    func finish(_ best: NeighbourHeap, lo: Int) -> Estimate {
        guard best.count >= minK, best.count > 0 else { return .impossible("Not enough neighbors.") }
        var num = 0.0, den = 0.0
        for e in 0..<best.count {
            let s = best.score(e)
            num += Double(s) * Double(userValues[lo + Int(best.position(e))]); den += Double(s)
        }
        return .value(num / den)
    }

    /// The same predictions as `predict(user:movie:)`, bit for bit, computed by
    /// user: the pairs are grouped by user, the user's rated rows packed once,
    /// and four target movies at a time scored against all of them
    /// (`LatentScoreKernel`, the same in-order sums as `estimate`). Users are
    /// spread over the cores in chunks of similar cost (Σ targets × rated);
    /// every pair's result depends only on that pair, so the output does not
    /// depend on the thread count. Complexity O(Σ_u t_u · |I_u| · d) as pair by
    /// pair, at SIMD speed; extra memory O(pairs + max |I_u| · d) per core.
    public func predict(users: [Int32], movies: [Int32]) -> [Prediction] {
        predict(users: users, movies: movies, baselineOnly: false)
    }

    /// `baselineOnly`: force the portable scoring kernel (tests compare both builds).
    func predict(users: [Int32], movies: [Int32], baselineOnly: Bool) -> [Prediction] {
        let n = min(users.count, movies.count)
        var out = [Prediction](repeating: Prediction(value: 0, wasImpossible: true), count: n)
        guard n > 0 else { return out }
        let userCount = summary.userCount
        // Stable counting sort of the batchable pairs by user; the rest go pair by pair.
        var start = [Int](repeating: 0, count: userCount + 1)
        var batchable = [Bool](repeating: false, count: n)
        for p in 0..<n {
            let u = users[p], i = movies[p]
            if summary.knows(user: u), i >= 0, Int(i) < summary.movieCount, userOffsets[Int(u) + 1] > userOffsets[Int(u)] {
                batchable[p] = true
                start[Int(u) + 1] += 1
            } else {
                out[p] = predict(user: u, movie: i)
            }
        }
        for u in 0..<userCount { start[u + 1] += start[u] }
        var order = [Int32](repeating: 0, count: start[userCount])
        var fill = start
        for p in 0..<n where batchable[p] {
            let u = Int(users[p])
            order[fill[u]] = Int32(p)
            fill[u] += 1
        }
        // Chunks of users with similar work, handed to the cores dynamically.
        let active = (0..<userCount).filter { start[$0 + 1] > start[$0] }
        guard !active.isEmpty else { return out }
        let cost = active.map { (start[$0 + 1] - start[$0]) * (userOffsets[$0 + 1] - userOffsets[$0] + 8) }
        let total = cost.reduce(0, +)
        let wanted = max(1, min(active.count, ParallelRange.coreCount * 16))
        var bounds = [0]
        var acc = 0
        for (a, c) in cost.enumerated() {
            acc += c
            if acc * wanted >= total * bounds.count, a + 1 < active.count { bounds.append(a + 1) }
        }
        bounds.append(active.count)
        let chunkCount = bounds.count - 1
        let (cuts, first, byUser) = (bounds, start, order)
        out.withUnsafeMutableBufferPointer { ob in
            let outPtr = UnsafeSendablePointer(ob.baseAddress!)
            ParallelRange.forEachChunk(chunkCount, chunks: chunkCount, minimumPerChunk: 1) { range in
                for chunk in range {
                    scoreUsers(active[cuts[chunk]..<cuts[chunk + 1]], start: first, order: byUser,
                               users: users, movies: movies, out: outPtr.base, baselineOnly: baselineOnly)
                }
            }
        }
        return out
    }

    /// Scores the batched pairs of `chunk`'s users into `out` (disjoint slots).
    private func scoreUsers(_ chunk: ArraySlice<Int>, start: [Int], order: [Int32], users: [Int32], movies: [Int32],
                            out: UnsafeMutablePointer<Prediction>, baselineOnly: Bool) {
        let maxRated = chunk.map { userOffsets[$0 + 1] - userOffsets[$0] }.max() ?? 0
        let maxGroups = LatentScoreKernel.groups(maxRated)
        var panel = [Float](repeating: 0, count: max(1, maxGroups * d * 8))
        var scores = [Float](repeating: 0, count: max(1, 4 * maxGroups * 8))
        let heapKeys = UnsafeMutablePointer<UInt64>.allocate(capacity: k)
        defer { heapKeys.deallocate() }
        var heap = NeighbourHeap(capacity: k, keys: heapKeys)
        unit.withUnsafeBufferPointer { U in
            userMovies.withUnsafeBufferPointer { UM in
                panel.withUnsafeMutableBufferPointer { P in
                    scores.withUnsafeMutableBufferPointer { S in
                        let base = U.baseAddress!
                        for u in chunk {
                            let lo = userOffsets[u], hi = userOffsets[u + 1], rated = hi - lo
                            let groups = LatentScoreKernel.groups(rated), stride = groups * 8
                            LatentScoreKernel.pack(base, d: d, rows: UnsafeBufferPointer(rebasing: UM[lo..<hi]),
                                                   into: P.baseAddress!)
                            var t = start[u]
                            while t < start[u + 1] {
                                let m = min(4, start[u + 1] - t)
                                @inline(__always) func row(_ r: Int) -> UnsafePointer<Float> {
                                    base + Int(movies[Int(order[t + min(r, m - 1)])]) * d
                                }
                                LatentScoreKernel.scores4(row(0), row(1), row(2), row(3), d: d, panel: P.baseAddress!,
                                                          groups: groups, out: S.baseAddress!, outStride: stride,
                                                          baselineOnly: baselineOnly)
                                for r in 0..<m {
                                    heap.reset()
                                    let row = S.baseAddress! + r * stride
                                    for j in 0..<rated where row[j] > heap.floor { heap.offer(row[j], Int32(j)) }
                                    heap.sortBestFirst()
                                    out[Int(order[t + r])] = prediction(from: finish(heap, lo: lo))
                                }
                                t += m
                            }
                        }
                    }
                }
            }
        }
    }
}
