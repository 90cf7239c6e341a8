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

    public init(nFactors: Int = 100, nEpochs: Int = 20, biased: Bool = true, initMean: Double = 0,
                initStdDev: Double = 0.1, lrAll: Float = 0.005, regAll: Float = 0.02, parallel: Bool = false) {
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

    public static let specs: [ParameterSpec] = [
        ParameterSpec("n_factors", .int(1...4096), default: .int(100), help: "number of latent factors"),
        ParameterSpec("n_epochs", .int(0...100_000), default: .int(20), help: "passes of SGD over the training ratings"),
        ParameterSpec("biased", .bool, default: .bool(true), help: "learn user and movie biases (r̂ = μ + b_u + b_i + q_i·p_u)"),
        ParameterSpec("init_mean", .double(lower: -10, upper: 10, lowerOpen: false), default: .double(0),
                      help: "mean of the normal initialisation of the factors"),
        ParameterSpec("init_std_dev", .double(lower: 0, upper: 10, lowerOpen: false), default: .double(0.1),
                      help: "standard deviation of the normal initialisation of the factors"),
        ParameterSpec("lr_all", .double(lower: 0, upper: .infinity, lowerOpen: true), default: .double(0.005),
                      help: "learning rate of every parameter"),
        ParameterSpec("reg_all", .double(lower: 0, upper: .infinity, lowerOpen: false), default: .double(0.02),
                      help: "regularisation of every parameter"),
    ] + ["bu", "bi", "pu", "qi"].flatMap { p in [
        ParameterSpec("lr_\(p)", .double(lower: 0, upper: .infinity, lowerOpen: true), default: .double(0.005),
                      help: "learning rate of \(p) (default: lr_all)", inheritsFrom: "lr_all"),
        ParameterSpec("reg_\(p)", .double(lower: 0, upper: .infinity, lowerOpen: false), default: .double(0.02),
                      help: "regularisation of \(p) (default: reg_all)", inheritsFrom: "reg_all"),
    ] } + [
        ParameterSpec("parallel", .bool, default: .bool(false),
                      help: "block-scheduled SGD on every core (deterministic, different visiting order)"),
    ]

    public init(parameters: Parameters) throws {
        let r = try ParameterReader(kind: Self.kindName, specs: Self.specs, parameters: parameters)
        self.init(nFactors: r.int("n_factors"), nEpochs: r.int("n_epochs"), biased: r.bool("biased"),
                  initMean: r.double("init_mean"), initStdDev: r.double("init_std_dev"), parallel: r.bool("parallel"))
        lrBU = r.float("lr_bu"); lrBI = r.float("lr_bi"); lrPU = r.float("lr_pu"); lrQI = r.float("lr_qi")
        regBU = r.float("reg_bu"); regBI = r.float("reg_bi"); regPU = r.float("reg_pu"); regQI = r.float("reg_qi")
    }

    public var parameters: Parameters {
        [
            "n_factors": .int(nFactors), "n_epochs": .int(nEpochs), "biased": .bool(biased),
            "init_mean": .double(initMean), "init_std_dev": .double(initStdDev),
            "lr_bu": .double(Double(lrBU)), "lr_bi": .double(Double(lrBI)),
            "lr_pu": .double(Double(lrPU)), "lr_qi": .double(Double(lrQI)),
            "reg_bu": .double(Double(regBU)), "reg_bi": .double(Double(regBI)),
            "reg_pu": .double(Double(regPU)), "reg_qi": .double(Double(regQI)),
            "parallel": .bool(parallel),
        ]
    }

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
