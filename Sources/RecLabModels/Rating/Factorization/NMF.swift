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
    public var nFactors = 15
    public var nEpochs = 50
    public var biased = false
    public var regPU: Float = 0.06, regQI: Float = 0.06, regBU: Float = 0.02, regBI: Float = 0.02
    public var lrBU: Float = 0.005, lrBI: Float = 0.005
    public var initLow = 0.0, initHigh = 1.0

    public init() {}

    public static let kindName = "nmf"
    public var kind: String { Self.kindName }

    public static let specs: [ParameterSpec] = [
        ParameterSpec("n_factors", .int(1...4096), default: .int(15), help: "number of latent factors"),
        ParameterSpec("n_epochs", .int(0...100_000), default: .int(50), help: "multiplicative-update passes"),
        ParameterSpec("biased", .bool, default: .bool(false), help: "add μ + b_u + b_i (biases by SGD)"),
        ParameterSpec("reg_pu", .double(lower: 0, upper: .infinity, lowerOpen: false), default: .double(0.06), help: "user-factor regularisation"),
        ParameterSpec("reg_qi", .double(lower: 0, upper: .infinity, lowerOpen: false), default: .double(0.06), help: "movie-factor regularisation"),
        ParameterSpec("reg_bu", .double(lower: 0, upper: .infinity, lowerOpen: false), default: .double(0.02), help: "user-bias regularisation"),
        ParameterSpec("reg_bi", .double(lower: 0, upper: .infinity, lowerOpen: false), default: .double(0.02), help: "movie-bias regularisation"),
        ParameterSpec("lr_bu", .double(lower: 0, upper: .infinity, lowerOpen: true), default: .double(0.005), help: "user-bias learning rate"),
        ParameterSpec("lr_bi", .double(lower: 0, upper: .infinity, lowerOpen: true), default: .double(0.005), help: "movie-bias learning rate"),
        ParameterSpec("init_low", .double(lower: 0, upper: 100, lowerOpen: false), default: .double(0), help: "lower bound of the uniform initialisation (≥ 0)"),
        ParameterSpec("init_high", .double(lower: 0, upper: 100, lowerOpen: true), default: .double(1), help: "upper bound of the uniform initialisation"),
    ]

    public init(parameters: Parameters) throws {
        let r = try ParameterReader(kind: Self.kindName, specs: Self.specs, parameters: parameters)
        nFactors = r.int("n_factors"); nEpochs = r.int("n_epochs"); biased = r.bool("biased")
        regPU = r.float("reg_pu"); regQI = r.float("reg_qi"); regBU = r.float("reg_bu"); regBI = r.float("reg_bi")
        lrBU = r.float("lr_bu"); lrBI = r.float("lr_bi")
        initLow = r.double("init_low"); initHigh = r.double("init_high")
        guard initHigh > initLow else {
            throw RatingModelError("init_high (\(initHigh)) must exceed init_low (\(initLow))", kind: Self.kindName, key: "init_high")
        }
    }

    public var parameters: Parameters {
        ["n_factors": .int(nFactors), "n_epochs": .int(nEpochs), "biased": .bool(biased),
         "reg_pu": .double(Double(regPU)), "reg_qi": .double(Double(regQI)), "reg_bu": .double(Double(regBU)),
         "reg_bi": .double(Double(regBI)), "lr_bu": .double(Double(lrBU)), "lr_bi": .double(Double(lrBI)),
         "init_low": .double(initLow), "init_high": .double(initHigh)]
    }

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
