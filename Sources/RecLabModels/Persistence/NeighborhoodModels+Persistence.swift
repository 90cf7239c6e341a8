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
        let offsets = try r.ints("latent_knn.user_offsets", count: s.userCount + 1)
        let movies = try r.int32s("latent_knn.user_movies")
        guard offsets.first == 0, offsets.last == movies.count, zip(offsets, offsets.dropFirst()).allSatisfy({ $0 <= $1 }) else {
            throw r.fail("latent_knn.user_offsets", "not non-decreasing offsets from 0 to \(movies.count)")
        }
        if let bad = movies.first(where: { $0 < 0 || Int($0) >= s.movieCount }) {
            throw r.fail("latent_knn.user_movies", "movie id \(bad) outside 0..<\(s.movieCount)")
        }
        self.init(summary: s, k: shape[0], minK: shape[1], d: shape[2],
                  unit: try r.floats("latent_knn.unit", count: s.movieCount * shape[2]), userOffsets: offsets,
                  userMovies: movies, userValues: try r.floats("latent_knn.user_values", count: movies.count))
    }
}
