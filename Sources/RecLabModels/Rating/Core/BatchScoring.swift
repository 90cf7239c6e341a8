import _AVX2Kernels

/// A fitted model that scores every movie for one user in one call, so that a
/// top-N list costs one pass over the movies instead of one `estimate` (an
/// existential call, bounds checks, an `Estimate` and two conversions) per movie.
///
/// Contract: `scores[m]` is exactly `Float(e)` where `estimate(user:movie: m)` is
/// `.value(e)` with `e` finite, else `Float(summary.globalMean)` — the score
/// `recommend` ranks by on the per-pair path — so both paths give the same lists
/// (ties by smaller movie id). Implementations therefore compute each score with
/// the same arithmetic, in the same order, as their `estimate`.
public protocol BatchScoringModel: FittedRatingModel {
    /// Writes the score of every movie `0..<scores.count` for `user` (the caller
    /// passes `summary.movieCount` slots).
    func scores(user: Int32, into scores: UnsafeMutableBufferPointer<Float>)
}

extension FittedImplicitMF: BatchScoringModel {
    /// One user row against every movie row with `estimate`'s kernel
    /// (`SVDStep.dot` over the padded rows): a matrix-vector product whose
    /// entries are bit-identical to the per-pair dot products.
    public func scores(user: Int32, into out: UnsafeMutableBufferPointer<Float>) {
        let fallback = Float(summary.globalMean)
        guard user >= 0, Int(user) < users.rows else {
            out.update(repeating: fallback)
            return
        }
        let n = min(out.count, items.rows)
        let chunks = users.stride / 8
        users.storage.withUnsafeBytes { p in
            items.storage.withUnsafeBytes { q in
                let row = p.baseAddress! + Int(user) * users.stride * 4
                let base = q.baseAddress!
                let step = items.stride * 4
                for m in 0..<n {
                    let s = SVDStep.dot(row, base + m * step, chunks: chunks)
                    out[m] = s.isFinite ? s : fallback
                }
            }
        }
        for m in n..<out.count { out[m] = fallback }
    }
}

extension FittedMostPopular: BatchScoringModel {
    /// The training counts, the same for every user.
    public func scores(user: Int32, into out: UnsafeMutableBufferPointer<Float>) {
        let fallback = Float(summary.globalMean)
        for m in 0..<out.count {
            out[m] = m < counts.count ? Float(Double(counts[m])) : fallback
        }
    }
}
