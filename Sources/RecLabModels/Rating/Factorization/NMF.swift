import RecLabCore
import RecLabData

/// Surprise's `NMF` (Luo et al. 2014): non-negative factors updated
/// multiplicatively, r̂ = q_iᵀp_u (+ μ + b_u + b_i when biased).
///
/// Same as Surprise 1.1.5 `NMF.sgd`: p, q ~ U(init_low, init_high), biases 0.
/// Each epoch, for every rating in training order: est = (μ + b_u + b_i) + q_i·p_u,
/// err = r − est, biased → b_u += lr_bu·(err − reg_bu·b_u), b_i likewise;
/// num_u += q_i·r, den_u += q_i·est, num_i += p_u·r, den_i += p_u·est. Then for
/// every user and factor with p_uf ≠ 0: den_uf += |I_u|·reg_pu·p_uf and
/// p_uf ·= num_uf / den_uf; then the same for movies with reg_qi.
/// Float factors, Double-free accumulation in Float (per row, ≤ a few thousand terms).
/// Complexity O(epochs · ratings · k). Seed: `derive(seed, "nmf.p" / "nmf.q")`.
public struct NMF: RatingModel {
    public var nFactors: Int = NMF.table.defaultValue(of: \.nFactors)
    public var nEpochs: Int = NMF.table.defaultValue(of: \.nEpochs)
    public var biased: Bool = NMF.table.defaultValue(of: \.biased)
    public var regPU: Float = NMF.table.defaultValue(of: \.regPU), regQI: Float = NMF.table.defaultValue(of: \.regQI)
    public var regBU: Float = NMF.table.defaultValue(of: \.regBU), regBI: Float = NMF.table.defaultValue(of: \.regBI)
    public var lrBU: Float = NMF.table.defaultValue(of: \.lrBU), lrBI: Float = NMF.table.defaultValue(of: \.lrBI)
    public var initLow: Double = NMF.table.defaultValue(of: \.initLow), initHigh: Double = NMF.table.defaultValue(of: \.initHigh)

    public init() {}

    public static let kindName = "nmf"
    public var kind: String { Self.kindName }

    public static let table = ParameterTable<NMF>([
        .int("n_factors", 1...4096, default: 15, "number of latent factors", \.nFactors),
        .int("n_epochs", 0...100_000, default: 50, "multiplicative-update passes", \.nEpochs),
        .bool("biased", default: false, "add μ + b_u + b_i (biases by SGD)", \.biased),
        .float("reg_pu", 0, default: 0.06, "user-factor regularisation", \.regPU),
        .float("reg_qi", 0, default: 0.06, "movie-factor regularisation", \.regQI),
        .float("reg_bu", 0, default: 0.02, "user-bias regularisation", \.regBU),
        .float("reg_bi", 0, default: 0.02, "movie-bias regularisation", \.regBI),
        .float("lr_bu", 0, lowerOpen: true, default: 0.005, "user-bias learning rate", \.lrBU),
        .float("lr_bi", 0, lowerOpen: true, default: 0.005, "movie-bias learning rate", \.lrBI),
        .double("init_low", 0, 100, default: 0, "lower bound of the uniform initialisation (≥ 0)", \.initLow),
        .double("init_high", 0, 100, lowerOpen: true, default: 1, "upper bound of the uniform initialisation", \.initHigh),
    ])

    public init(parameters: Parameters) throws {
        try Self.table.read(parameters, kind: Self.kindName, into: &self)
        guard initHigh > initLow else {
            throw RatingModelError("init_high (\(initHigh)) must exceed init_low (\(initLow))", kind: Self.kindName, key: "init_high")
        }
    }

    public var parameters: Parameters { Self.table.values(of: self) }

    public func fit(_ train: TrainingSet, seed: UInt64, options: FitOptions) throws -> FittedNMF {
        var p = FactorMatrix.uniform(rows: train.userCount, factors: nFactors, low: initLow, high: initHigh,
                                     seed: SplitMix64.derive(seed, "nmf.p"))
        var q = FactorMatrix.uniform(rows: train.movieCount, factors: nFactors, low: initLow, high: initHigh,
                                     seed: SplitMix64.derive(seed, "nmf.q"))
        var bu = [Float](repeating: 0, count: train.userCount)
        var bi = [Float](repeating: 0, count: train.movieCount)
        let summary = TrainingSummary(train)
        var curve = LearningCurve()
        let mu: Float = biased ? Float(train.globalMean) : 0
        let stride = p.stride
        var userNum = [Float](repeating: 0, count: p.storage.count), userDen = userNum
        var itemNum = [Float](repeating: 0, count: q.storage.count), itemDen = itemNum
        var itemCount = [Int](repeating: 0, count: train.movieCount)
        for m in train.userMovies { itemCount[Int(m)] += 1 }
        for epoch in 1...max(1, nEpochs) where nEpochs > 0 {
            for k in userNum.indices { userNum[k] = 0; userDen[k] = 0 }
            for k in itemNum.indices { itemNum[k] = 0; itemDen[k] = 0 }
            var sse = 0.0
            for u32 in train.userOrder {
                let u = Int(u32)
                for k in train.userOffsets[u]..<train.userOffsets[u + 1] {
                    let i = Int(train.userMovies[k]), r = train.userValues[k]
                    let est = mu + bu[u] + bi[i] + p.dot(row: u, with: q, row: i)
                    let err = r - est
                    sse += Double(err) * Double(err)
                    if biased {
                        bu[u] += lrBU * (err - regBU * bu[u])
                        bi[i] += lrBI * (err - regBI * bi[i])
                    }
                    for f in 0..<nFactors {
                        let qif = q.storage[i * stride + f], puf = p.storage[u * stride + f]
                        userNum[u * stride + f] += qif * r
                        userDen[u * stride + f] += qif * est
                        itemNum[i * stride + f] += puf * r
                        itemDen[i * stride + f] += puf * est
                    }
                }
            }
            for u32 in train.userOrder {
                let u = Int(u32), n = Float(train.ratingCount(user: u32))
                for f in 0..<nFactors where p.storage[u * stride + f] != 0 {
                    let den = userDen[u * stride + f] + n * regPU * p.storage[u * stride + f]
                    p.storage[u * stride + f] *= userNum[u * stride + f] / den
                }
            }
            for i in 0..<train.movieCount where itemCount[i] > 0 {
                let n = Float(itemCount[i])
                for f in 0..<nFactors where q.storage[i * stride + f] != 0 {
                    let den = itemDen[i * stride + f] + n * regQI * q.storage[i * stride + f]
                    q.storage[i * stride + f] *= itemNum[i * stride + f] / den
                }
            }
            let going = curve.record(epoch: epoch, of: nEpochs, sse: sse, count: train.count, options: options) {
                FittedNMF(summary: summary, learningCurve: $0, biased: biased, bu: bu, bi: bi, p: p, q: q)
            }
            if !going { break }
        }
        return FittedNMF(summary: summary, learningCurve: curve, biased: biased, bu: bu, bi: bi, p: p, q: q)
    }
}

/// A fitted `NMF` estimates exactly as a fitted `SVD` does (Surprise's
/// `NMF.estimate` is `SVD.estimate`'s rule), so it is one.
public typealias FittedNMF = FittedSVD
