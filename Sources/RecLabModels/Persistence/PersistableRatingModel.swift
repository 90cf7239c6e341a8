/// A fitted rating model that can be saved in a `ModelFile` and read back
/// with identical predictions (every learned number is stored bit for bit).
/// Every registered model's `Fitted` type is one: its `ModelRegistry` entry
/// holds the payload type and decoder that `SavedModel.load` uses.
public protocol PersistableRatingModel: FittedRatingModel {
    /// The header's `payloadType` (`rating/svd`…), which picks the decoder on load.
    static var payloadType: String { get }
    /// Appends the model's sections (the summary and curve included).
    func encode(into payload: inout ModelPayloadWriter)
    /// Reads the sections back; throws `ModelFileError` when one is missing or inconsistent.
    init(decoding payload: ModelPayloadReader) throws
}

/// Sections: the summary and curve, `svd.biased` (UInt8), `svd.bu`, `svd.bi`
/// (Float32 by inner id), `svd.p`, `svd.q` (factor matrices).
extension FittedSVD: PersistableRatingModel {
    public static let payloadType = "rating/svd"

    public func encode(into w: inout ModelPayloadWriter) {
        summary.encode(into: &w)
        learningCurve.encode(into: &w)
        w.append("svd.biased", bools: [biased])
        w.append("svd.bu", floats: bu)
        w.append("svd.bi", floats: bi)
        p.encode("svd.p", into: &w)
        q.encode("svd.q", into: &w)
    }

    public init(decoding r: ModelPayloadReader) throws {
        let s = try TrainingSummary(decoding: r)
        let (p, q) = try FactorMatrix.decodingPair(r, users: "svd.p", movies: "svd.q", summary: s)
        self.init(summary: s, learningCurve: try LearningCurve(decoding: r), biased: try r.bools("svd.biased", count: 1)[0],
                  bu: try r.floats("svd.bu", count: s.userCount), bi: try r.floats("svd.bi", count: s.movieCount), p: p, q: q)
    }
}

/// Sections: the summary and curve, `baseline.bu`, `baseline.bi` (Float64 by inner id).
extension FittedBaselineOnly: PersistableRatingModel {
    public static let payloadType = "rating/baseline"

    public func encode(into w: inout ModelPayloadWriter) {
        summary.encode(into: &w)
        learningCurve.encode(into: &w)
        w.append("baseline.bu", doubles: bu)
        w.append("baseline.bi", doubles: bi)
    }

    public init(decoding r: ModelPayloadReader) throws {
        let s = try TrainingSummary(decoding: r)
        self.init(summary: s, learningCurve: try LearningCurve(decoding: r),
                  bu: try r.doubles("baseline.bu", count: s.userCount), bi: try r.doubles("baseline.bi", count: s.movieCount))
    }
}

/// Sections: the summary only.
extension FittedGlobalMean: PersistableRatingModel {
    public static let payloadType = "rating/global_mean"
    public func encode(into w: inout ModelPayloadWriter) { summary.encode(into: &w) }
    public init(decoding r: ModelPayloadReader) throws { self.init(summary: try TrainingSummary(decoding: r)) }
}

/// Sections: the summary, `normal.sigma` (Float64), `normal.seed` (Int64 bit pattern).
extension FittedNormalPredictor: PersistableRatingModel {
    public static let payloadType = "rating/normal"

    public func encode(into w: inout ModelPayloadWriter) {
        summary.encode(into: &w)
        w.append("normal.sigma", doubles: [sigma])
        w.append("normal.seed", ints: [Int(Int64(bitPattern: seed))])
    }

    public init(decoding r: ModelPayloadReader) throws {
        self.init(summary: try TrainingSummary(decoding: r), sigma: try r.double("normal.sigma"),
                  seed: UInt64(bitPattern: Int64(try r.int("normal.seed"))))
    }
}
