/// Sections: the summary, `knn.variant` (one string), `knn.shape` (Int64: k,
/// min_k, user_based 0/1, n), `knn.sim` (Float32, the packed upper triangle
/// of the n × n similarity matrix: the neighbourhoods), `knn.y_offsets`
/// (Int64), `knn.y_others` (Int32), `knn.y_values` (Float32) — the
/// neighbours' ratings by the other side — and `knn.means`, `knn.sigmas`,
/// `knn.bu`, `knn.bi` (Float64; empty when the variant does not use them).
extension FittedKNN: PersistableRatingModel {
    public static let payloadType = "rating/knn"

    public func encode(into w: inout ModelPayloadWriter) {
        summary.encode(into: &w)
        w.append("knn.variant", strings: [variant.rawValue])
        w.append("knn.shape", ints: [k, minK, userBased ? 1 : 0, sim.n])
        w.append("knn.sim", floats: sim.packed)
        w.append("knn.y_offsets", ints: yOffsets)
        w.append("knn.y_others", int32s: yOthers)
        w.append("knn.y_values", floats: yValues)
        w.append("knn.means", doubles: means)
        w.append("knn.sigmas", doubles: sigmas)
        w.append("knn.bu", doubles: bu)
        w.append("knn.bi", doubles: bi)
    }

    public init(decoding r: ModelPayloadReader) throws {
        let s = try TrainingSummary(decoding: r)
        guard let variant = KNN.Variant(rawValue: try r.strings("knn.variant", count: 1)[0]) else {
            throw r.fail("knn.variant", "unknown k-NN variant")
        }
        let shape = try r.ints("knn.shape", count: 4)
        let userBased = shape[2] == 1
        let (nX, nY) = userBased ? (s.userCount, s.movieCount) : (s.movieCount, s.userCount)
        guard shape[0] >= 1, shape[1] >= 0, shape[2] == 0 || shape[2] == 1, shape[3] == nX else {
            throw r.fail("knn.shape", "expected k ≥ 1, min_k ≥ 0, user_based 0/1 and n = \(nX), found \(shape)")
        }
        try r.check(shape[0], as: "k", in: KNN.table.specs, for: "knn.shape")
        try r.check(shape[1], as: "min_k", in: KNN.table.specs, for: "knn.shape")
        let packed = try r.floats("knn.sim", count: max(0, nX * (nX - 1) / 2))
        let offsets = try r.ints("knn.y_offsets", count: nY + 1)
        let others = try r.int32s("knn.y_others")
        guard offsets.first == 0, offsets.last == others.count, zip(offsets, offsets.dropFirst()).allSatisfy({ $0 <= $1 }) else {
            throw r.fail("knn.y_offsets", "not non-decreasing offsets from 0 to \(others.count)")
        }
        if let bad = others.first(where: { $0 < 0 || Int($0) >= nX }) { throw r.fail("knn.y_others", "id \(bad) outside 0..<\(nX)") }
        func sized(_ tag: String, _ n: Int) throws -> [Double] {
            let v = try r.doubles(tag)
            guard v.isEmpty || v.count == n else { throw r.fail(tag, "expected 0 or \(n) values, found \(v.count)") }
            return v
        }
        let means = try sized("knn.means", nX), sigmas = try sized("knn.sigmas", nX)
        let bu = try sized("knn.bu", s.userCount), bi = try sized("knn.bi", s.movieCount)
        if variant == .withMeans || variant == .withZScore, means.isEmpty { throw r.fail("knn.means", "the \(variant.rawValue) variant needs the means") }
        if variant == .withZScore, sigmas.isEmpty { throw r.fail("knn.sigmas", "the knn_with_zscore variant needs the deviations") }
        if variant == .baseline, bu.isEmpty || bi.isEmpty { throw r.fail("knn.bu", "the knn_baseline variant needs the biases") }
        self.init(summary: s, variant: variant, k: shape[0], minK: shape[1], userBased: userBased,
                  sim: SimilarityMatrix(n: nX, packed: packed), yOffsets: offsets, yOthers: others,
                  yValues: try r.floats("knn.y_values", count: others.count), means: means, sigmas: sigmas, bu: bu, bi: bi)
    }
}

/// Sections: the summary, `latent_knn.shape` (Int64: k, min_k, d), `latent_knn.unit`
/// (Float32, movies × d unit rows of the latent space), and the user's ratings
/// the neighbours are drawn from: `latent_knn.user_offsets` (Int64),
/// `latent_knn.user_movies` (Int32), `latent_knn.user_values` (Float32).
extension FittedLatentKNN: PersistableRatingModel {
    public static let payloadType = "rating/latent_knn"

    public func encode(into w: inout ModelPayloadWriter) {
        summary.encode(into: &w)
        w.append("latent_knn.shape", ints: [k, minK, d])
        w.append("latent_knn.unit", floats: unit)
        w.append("latent_knn.user_offsets", ints: userOffsets)
        w.append("latent_knn.user_movies", int32s: userMovies)
        w.append("latent_knn.user_values", floats: userValues)
    }

    public init(decoding r: ModelPayloadReader) throws {
        let s = try TrainingSummary(decoding: r)
        let shape = try r.ints("latent_knn.shape", count: 3)
        guard shape[0] >= 1, shape[1] >= 0, shape[2] >= 1 else {
            throw r.fail("latent_knn.shape", "expected k ≥ 1, min_k ≥ 0, d ≥ 1, found \(shape)")
        }
        try r.check(shape[0], as: "k", in: LatentKNN.table.specs, for: "latent_knn.shape")
        try r.check(shape[1], as: "min_k", in: LatentKNN.table.specs, for: "latent_knn.shape")
        let offsets = try r.ints("latent_knn.user_offsets", count: s.userCount + 1)
        let movies = try r.int32s("latent_knn.user_movies")
        guard offsets.first == 0, offsets.last == movies.count, zip(offsets, offsets.dropFirst()).allSatisfy({ $0 <= $1 }) else {
            throw r.fail("latent_knn.user_offsets", "not non-decreasing offsets from 0 to \(movies.count)")
        }
        if let bad = movies.first(where: { $0 < 0 || Int($0) >= s.movieCount }) {
            throw r.fail("latent_knn.user_movies", "movie id \(bad) outside 0..<\(s.movieCount)")
        }
        self.init(summary: s, k: shape[0], minK: shape[1], d: shape[2],
                  unit: try r.floats("latent_knn.unit", count: r.product(s.movieCount, shape[2], for: "latent_knn.shape")), userOffsets: offsets,
                  userMovies: movies, userValues: try r.floats("latent_knn.user_values", count: movies.count))
    }
}

/// Sections: the summary, `slope_one.n` (Int64), `slope_one.dev` (Float32) and
/// `slope_one.freq` (Int32), the packed upper triangles of the n × n deviation
/// and co-rating count matrices, `slope_one.user_means` (Float64 by inner id),
/// and the users' rated movies: `slope_one.user_offsets` (Int64), `slope_one.user_movies` (Int32).
extension FittedSlopeOne: PersistableRatingModel {
    public static let payloadType = "rating/slope_one"

    public func encode(into w: inout ModelPayloadWriter) {
        summary.encode(into: &w)
        w.append("slope_one.n", ints: [n])
        w.append("slope_one.dev", floats: dev)
        w.append("slope_one.freq", int32s: freq)
        w.append("slope_one.user_means", doubles: userMeans)
        w.append("slope_one.user_offsets", ints: userOffsets)
        w.append("slope_one.user_movies", int32s: userMovies)
    }

    public init(decoding r: ModelPayloadReader) throws {
        let s = try TrainingSummary(decoding: r)
        let n = try r.int("slope_one.n")
        guard n == s.movieCount else { throw r.fail("slope_one.n", "expected \(s.movieCount) movies, found \(n)") }
        let cells = max(0, n * (n - 1) / 2)
        let offsets = try r.ints("slope_one.user_offsets", count: s.userCount + 1)
        let movies = try r.int32s("slope_one.user_movies")
        guard offsets.first == 0, offsets.last == movies.count, zip(offsets, offsets.dropFirst()).allSatisfy({ $0 <= $1 }) else {
            throw r.fail("slope_one.user_offsets", "not non-decreasing offsets from 0 to \(movies.count)")
        }
        if let bad = movies.first(where: { $0 < 0 || Int($0) >= n }) {
            throw r.fail("slope_one.user_movies", "movie id \(bad) outside 0..<\(n)")
        }
        self.init(summary: s, n: n, dev: try r.floats("slope_one.dev", count: cells), freq: try r.int32s("slope_one.freq", count: cells),
                  userMeans: try r.doubles("slope_one.user_means", count: s.userCount), userOffsets: offsets, userMovies: movies)
    }
}

/// Sections: the summary and curve, `co_clustering.shape` (Int64: user
/// clusters, movie clusters), `co_clustering.user_cluster` and
/// `co_clustering.movie_cluster` (Int64 by inner id), `co_clustering.user_mean`,
/// `co_clustering.movie_mean` (Float64 by inner id) and the cluster means
/// `co_clustering.avg_user`, `co_clustering.avg_movie`, `co_clustering.avg_co` (Float64).
extension FittedCoClustering: PersistableRatingModel {
    public static let payloadType = "rating/co_clustering"

    public func encode(into w: inout ModelPayloadWriter) {
        summary.encode(into: &w)
        learningCurve.encode(into: &w)
        w.append("co_clustering.shape", ints: [avg.u.count, movieClusters])
        w.append("co_clustering.user_cluster", ints: cu)
        w.append("co_clustering.movie_cluster", ints: ci)
        w.append("co_clustering.user_mean", doubles: um)
        w.append("co_clustering.movie_mean", doubles: im)
        w.append("co_clustering.avg_user", doubles: avg.u)
        w.append("co_clustering.avg_movie", doubles: avg.i)
        w.append("co_clustering.avg_co", doubles: avg.co)
    }

    public init(decoding r: ModelPayloadReader) throws {
        let s = try TrainingSummary(decoding: r)
        let shape = try r.ints("co_clustering.shape", count: 2)
        guard shape[0] >= 1, shape[1] >= 1, shape[0] <= 1_000_000, shape[1] <= 1_000_000 else {
            throw r.fail("co_clustering.shape", "expected at least one user and one movie cluster, found \(shape)")
        }
        let (nu, ni) = (shape[0], shape[1])
        let cu = try r.ints("co_clustering.user_cluster", count: s.userCount)
        let ci = try r.ints("co_clustering.movie_cluster", count: s.movieCount)
        if let bad = cu.first(where: { $0 < 0 || $0 >= nu }) { throw r.fail("co_clustering.user_cluster", "cluster \(bad) outside 0..<\(nu)") }
        if let bad = ci.first(where: { $0 < 0 || $0 >= ni }) { throw r.fail("co_clustering.movie_cluster", "cluster \(bad) outside 0..<\(ni)") }
        let avg = (u: try r.doubles("co_clustering.avg_user", count: nu), i: try r.doubles("co_clustering.avg_movie", count: ni),
                   co: try r.doubles("co_clustering.avg_co", count: nu * ni))
        self.init(summary: s, learningCurve: try LearningCurve(decoding: r), cu: cu, ci: ci,
                  um: try r.doubles("co_clustering.user_mean", count: s.userCount),
                  im: try r.doubles("co_clustering.movie_mean", count: s.movieCount), avg: avg, movieClusters: ni)
    }
}
