import RecLabCore
import RecLabData
import _AVX2Kernels

/// Funk / Surprise `SVD`: r̂ = μ + b_u + b_i + q_iᵀp_u fitted by SGD on the known ratings.
///
/// Semantics follow Surprise 1.1.5 `SVD.sgd` exactly except for the random
/// generator: biases start at 0, factors at N(init_mean, init_std_dev)
/// (users' rows drawn first, then movies'); each epoch visits the ratings in
/// `TrainingSet` order (users by first appearance, no shuffle) and for each
/// rating computes err = r − (μ + b_u + b_i + q_i·p_u), then
/// b_u += lr_bu·(err − reg_bu·b_u), b_i += lr_bi·(err − reg_bi·b_i) (biased
/// only), and for each factor, with the old values,
/// p_uf += lr_pu·(err·q_if − reg_pu·p_uf), q_if += lr_qi·(err·p_uf − reg_qi·q_if).
/// Unbiased: μ, b_u, b_i are 0 and never updated.
///
/// Arithmetic is Float (Surprise: Double); dot products use 8 lanes reduced in a
/// fixed order, so results are bit-identical for the same seed single-threaded.
/// Complexity O(epochs · ratings · factors) time, O((users + movies) · factors) memory.
///
/// `parallel`: LibMF-style block scheduling. Users and movies are cut into 8
/// groups of about equal rating counts; an epoch runs 8 phases, phase s
/// updating the 8 blocks (g, (g + s) mod 8) concurrently. Blocks of a phase
/// share no user and no movie, so there are no races and the result does not
/// depend on thread timing: it is deterministic too (but not equal to the
/// single-threaded result, as the visiting order differs).
///
/// Seed use: factors from `SplitMix64.derive(seed, "svd.p")` and `"svd.q"`.
public struct SVD: RatingModel {
    public var nFactors: Int
    public var nEpochs: Int
    public var biased: Bool
    public var initMean: Double
    public var initStdDev: Double
    public var lrBU: Float, lrBI: Float, lrPU: Float, lrQI: Float
    public var regBU: Float, regBI: Float, regPU: Float, regQI: Float
    public var parallel: Bool

    public init(nFactors: Int = SVD.table.defaultValue(of: \.nFactors), nEpochs: Int = SVD.table.defaultValue(of: \.nEpochs),
                biased: Bool = SVD.table.defaultValue(of: \.biased), initMean: Double = SVD.table.defaultValue(of: \.initMean),
                initStdDev: Double = SVD.table.defaultValue(of: \.initStdDev),
                lrAll: Float = SVD.table.defaultValue(of: \.lrBU), regAll: Float = SVD.table.defaultValue(of: \.regBU),
                parallel: Bool = SVD.table.defaultValue(of: \.parallel)) {
        self.nFactors = nFactors
        self.nEpochs = nEpochs
        self.biased = biased
        self.initMean = initMean
        self.initStdDev = initStdDev
        lrBU = lrAll; lrBI = lrAll; lrPU = lrAll; lrQI = lrAll
        regBU = regAll; regBI = regAll; regPU = regAll; regQI = regAll
        self.parallel = parallel
    }

    public static let kindName = "svd"
    public var kind: String { Self.kindName }

    /// `lr_all` and `reg_all` are aliases: each per-parameter rate takes their value unless given.
    public static let table: ParameterTable<SVD> = {
        let lrAll = 0.005, regAll = 0.02
        let perParameter: [(String, WritableKeyPath<SVD, Float> & Sendable, WritableKeyPath<SVD, Float> & Sendable)] = [
            ("bu", \.lrBU, \.regBU), ("bi", \.lrBI, \.regBI), ("pu", \.lrPU, \.regPU), ("qi", \.lrQI, \.regQI),
        ]
        return ParameterTable([
            .int("n_factors", 1...4096, default: 100, "number of latent factors", \.nFactors),
            .int("n_epochs", 0...100_000, default: 20, "passes of SGD over the training ratings", \.nEpochs),
            .bool("biased", default: true, "learn user and movie biases (r̂ = μ + b_u + b_i + q_i·p_u)", \.biased),
            .double("init_mean", -10, 10, default: 0, "mean of the normal initialisation of the factors", \.initMean),
            .double("init_std_dev", 0, 10, default: 0.1, "standard deviation of the normal initialisation of the factors",
                    \.initStdDev),
        ] + ParameterBinding.sgdRates(lrAll: lrAll, regAll: regAll, terms: perParameter) + [
            .bool("parallel", default: false, "block-scheduled SGD on every core (deterministic, different visiting order)",
                  \.parallel),
        ])
    }()

    public init(parameters: Parameters) throws {
        self.init()
        try Self.table.read(parameters, kind: Self.kindName, into: &self)
    }

    public var parameters: Parameters { Self.table.values(of: self) }

    public func fit(_ train: TrainingSet, seed: UInt64, options: FitOptions) throws -> FittedSVD {
        let summary = TrainingSummary(train)
        var p = FactorMatrix.normal(rows: train.userCount, factors: nFactors, mean: initMean, std: initStdDev,
                                    seed: SplitMix64.derive(seed, "svd.p"), include: summary.knownUsers)
        var q = FactorMatrix.normal(rows: train.movieCount, factors: nFactors, mean: initMean, std: initStdDev,
                                    seed: SplitMix64.derive(seed, "svd.q"), include: summary.knownMovies)
        var bu = [Float](repeating: 0, count: train.userCount)
        var bi = [Float](repeating: 0, count: train.movieCount)
        let mu: Float = biased ? Float(train.globalMean) : 0
        let hyper = SGDStep(mu: mu, biased: biased, lrBU: lrBU, lrBI: lrBI, lrPU: lrPU, lrQI: lrQI,
                            regBU: regBU, regBI: regBI, regPU: regPU, regQI: regQI, chunks: p.stride / 8)
        let schedule = parallel ? BlockSchedule(train, groups: 8) : BlockSchedule(sequential: train)
        var curve = LearningCurve()
        // The epochs work on 64-byte-aligned copies of the rows (`AlignedRows`), written back
        // for a validation snapshot and at the end.
        let pw = AlignedRows(p), qw = AlignedRows(q)
        for epoch in 1...max(1, nEpochs) where nEpochs > 0 {
            let sse = SVDKernel.epoch(schedule: schedule, P: pw.base, pStride: p.stride, Q: qw.base, qStride: q.stride,
                                      bu: &bu, bi: &bi, step: hyper)
            let going = curve.record(epoch: epoch, of: nEpochs, sse: sse, count: train.count, options: options) {
                pw.copy(into: &p)
                qw.copy(into: &q)
                return FittedSVD(summary: summary, learningCurve: $0, biased: biased, bu: bu, bi: bi, p: p, q: q)
            }
            if !going { break }
        }
        pw.copy(into: &p)
        qw.copy(into: &q)
        return FittedSVD(summary: summary, learningCurve: curve, biased: biased, bu: bu, bi: bi, p: p, q: q)
    }
}

/// A fitted `SVD`: biases and factor matrices by inner id.
public struct FittedSVD: FittedRatingModel {
    public let summary: TrainingSummary
    public let learningCurve: LearningCurve
    public let biased: Bool
    public let bu: [Float]
    public let bi: [Float]
    /// User factors p_u (rows = users).
    public let p: FactorMatrix
    /// Movie factors q_i (rows = movies).
    public let q: FactorMatrix

    /// Surprise's `SVD.estimate`: biased → μ (+ b_u if the user is known) (+ b_i
    /// if the movie is known) (+ q_i·p_u if both are); unbiased → q_i·p_u when
    /// both are known, else impossible. A diverged fit estimates nothing.
    public func estimate(user u: Int32, movie i: Int32) -> Estimate {
        if let e = learningCurve.divergedAtEpoch { return .impossible("SGD diverged at epoch \(e)") }
        let ku = summary.knows(user: u), ki = summary.knows(movie: i)
        if biased {
            var est = summary.globalMean
            if ku { est += Double(bu[Int(u)]) }
            if ki { est += Double(bi[Int(i)]) }
            if ku && ki { est += Double(p.dot(row: Int(u), with: q, row: Int(i))) }
            return .value(est)
        }
        guard ku && ki else { return .impossible("User and item are unknown.") }
        return .value(Double(p.dot(row: Int(u), with: q, row: Int(i))))
    }
}
