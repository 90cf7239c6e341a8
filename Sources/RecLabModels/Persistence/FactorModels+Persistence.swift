/// Sections: the summary and curve, `svdpp.bu`, `svdpp.bi` (Float32 by inner
/// id), `svdpp.q` (movie factors), `svdpp.z` (each user's factors with the
/// implicit feedback of the movies they rated folded in).
extension FittedSVDpp: PersistableRatingModel {
    public static let payloadType = "rating/svdpp"

    public func encode(into w: inout ModelPayloadWriter) {
        summary.encode(into: &w)
        learningCurve.encode(into: &w)
        w.append("svdpp.bu", floats: bu)
        w.append("svdpp.bi", floats: bi)
        q.encode("svdpp.q", into: &w)
        z.encode("svdpp.z", into: &w)
    }

    public init(decoding r: ModelPayloadReader) throws {
        let s = try TrainingSummary(decoding: r)
        let q = try FactorMatrix(decoding: r, "svdpp.q", rows: s.movieCount)
        let z = try FactorMatrix(decoding: r, "svdpp.z", rows: s.userCount)
        guard q.factors == z.factors else { throw r.fail("svdpp.z", "user and movie factors differ in width (\(z.factors) vs \(q.factors))") }
        self.init(summary: s, learningCurve: try LearningCurve(decoding: r), bu: try r.floats("svdpp.bu", count: s.userCount),
                  bi: try r.floats("svdpp.bi", count: s.movieCount), q: q, z: z)
    }
}

// NMF's fitted model is a `FittedSVD` (same estimate rule), saved as `rating/svd`.
