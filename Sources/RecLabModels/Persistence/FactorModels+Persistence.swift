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

/// Sections: the summary and curve, `nmf.biased` (UInt8), `nmf.bu`, `nmf.bi`
/// (Float32 by inner id), `nmf.p`, `nmf.q` (factor matrices).
extension FittedNMF: PersistableRatingModel {
    public static let payloadType = "rating/nmf"

    public func encode(into w: inout ModelPayloadWriter) {
        summary.encode(into: &w)
        learningCurve.encode(into: &w)
        w.append("nmf.biased", bools: [biased])
        w.append("nmf.bu", floats: bu)
        w.append("nmf.bi", floats: bi)
        p.encode("nmf.p", into: &w)
        q.encode("nmf.q", into: &w)
    }

    public init(decoding r: ModelPayloadReader) throws {
        let s = try TrainingSummary(decoding: r)
        let p = try FactorMatrix(decoding: r, "nmf.p", rows: s.userCount)
        let q = try FactorMatrix(decoding: r, "nmf.q", rows: s.movieCount)
        guard p.factors == q.factors else { throw r.fail("nmf.q", "user and movie factors differ in width (\(p.factors) vs \(q.factors))") }
        self.init(summary: s, learningCurve: try LearningCurve(decoding: r), biased: try r.bools("nmf.biased", count: 1)[0],
                  bu: try r.floats("nmf.bu", count: s.userCount), bi: try r.floats("nmf.bi", count: s.movieCount), p: p, q: q)
    }
}
