/// Surprise's `BaselineOnly`: r̂ = μ + b_u + b_i, the biases estimated by
/// alternating least squares (`baseline_als`) or by SGD (`baseline_sgd`).
///
/// ALS (Surprise `baseline_als`, Koren 2010 §2.1): b = 0; each epoch sets
/// b_i = Σ_{u∈R(i)} (r − μ − b_u) / (reg_i + |R(i)|) for every movie, then
/// b_u = Σ_{i∈R(u)} (r − μ − b_i) / (reg_u + |R(u)|) for every user.
/// SGD (Surprise `baseline_sgd`): for each rating in training order,
/// err = r − (μ + b_u + b_i); b_u += lr·(err − reg·b_u); b_i += lr·(err − reg·b_i).
/// Sums in Double, as Surprise. Deterministic, no seed. Complexity O(epochs · ratings).
/// Estimate: μ, plus b_u for a known user, plus b_i for a known movie.
public struct BaselineOnly: RatingModel {
    public enum Method: String, Sendable { case als, sgd }
    public var method: Method
    public var nEpochs: Int
    /// ALS.
    public var regU: Double, regI: Double
    /// SGD.
    public var reg: Double, learningRate: Double

    public init(method: Method = .als, nEpochs: Int? = nil, regU: Double = 15, regI: Double = 10,
                reg: Double = 0.02, learningRate: Double = 0.005) {
        self.method = method
        self.nEpochs = nEpochs ?? (method == .als ? 10 : 20)
        self.regU = regU; self.regI = regI; self.reg = reg; self.learningRate = learningRate
    }

    public var kind: String { method == .als ? "baseline_als" : "baseline_sgd" }

    public static let alsSpecs: [ParameterSpec] = [
        ParameterSpec("n_epochs", .int(0...100_000), default: .int(10), help: "ALS sweeps over movies then users"),
        ParameterSpec("reg_u", .double(lower: 0, upper: .infinity, lowerOpen: false), default: .double(15),
                      help: "user-bias regularisation"),
        ParameterSpec("reg_i", .double(lower: 0, upper: .infinity, lowerOpen: false), default: .double(10),
                      help: "movie-bias regularisation"),
    ]
    public static let sgdSpecs: [ParameterSpec] = [
        ParameterSpec("n_epochs", .int(0...100_000), default: .int(20), help: "SGD passes"),
        ParameterSpec("reg", .double(lower: 0, upper: .infinity, lowerOpen: false), default: .double(0.02),
                      help: "bias regularisation"),
        ParameterSpec("learning_rate", .double(lower: 0, upper: .infinity, lowerOpen: true), default: .double(0.005),
                      help: "SGD learning rate"),
    ]

    public init(method: Method, parameters: Parameters) throws {
        let kind = method == .als ? "baseline_als" : "baseline_sgd"
        let r = try ParameterReader(kind: kind, specs: method == .als ? Self.alsSpecs : Self.sgdSpecs, parameters: parameters)
        if method == .als {
            self.init(method: .als, nEpochs: r.int("n_epochs"), regU: r.double("reg_u"), regI: r.double("reg_i"))
        } else {
            self.init(method: .sgd, nEpochs: r.int("n_epochs"), reg: r.double("reg"), learningRate: r.double("learning_rate"))
        }
    }

    public var parameters: Parameters {
        method == .als
            ? ["n_epochs": .int(nEpochs), "reg_u": .double(regU), "reg_i": .double(regI)]
            : ["n_epochs": .int(nEpochs), "reg": .double(reg), "learning_rate": .double(learningRate)]
    }

    public func fit(_ train: TrainingSet, seed: UInt64, options: FitOptions) throws -> FittedBaselineOnly {
        let summary = TrainingSummary(train)
        var curve = LearningCurve()
        let (bu, bi) = Self.biases(train, method: method, nEpochs: nEpochs, regU: regU, regI: regI, reg: reg,
                                   learningRate: learningRate, curve: &curve, options: options, summary: summary)
        return FittedBaselineOnly(summary: summary, learningCurve: curve, bu: bu, bi: bi)
    }

    /// The biases (b_u by user id, b_i by movie id) by Surprise's ALS or SGD;
    /// shared with the k-NN baseline and `pearson_baseline`.
    static func biases(_ t: TrainingSet, method: Method, nEpochs: Int, regU: Double, regI: Double, reg: Double,
                       learningRate: Double, curve: inout LearningCurve, options: FitOptions,
                       summary: TrainingSummary) -> ([Double], [Double]) {
        let mu = t.globalMean
        var bu = [Double](repeating: 0, count: t.userCount)
        var bi = [Double](repeating: 0, count: t.movieCount)
        let byMovie = method == .als ? t.byMovie() : nil
        for epoch in 0..<nEpochs {
            var sse = 0.0
            switch method {
            case .als:
                guard let ir = byMovie else { break }
                for i in 0..<t.movieCount {
                    let lo = ir.offsets[i], hi = ir.offsets[i + 1]
                    guard hi > lo else { continue }
                    var dev = 0.0
                    for k in lo..<hi { dev += Double(ir.values[k]) - mu - bu[Int(ir.users[k])] }
                    bi[i] = dev / (regI + Double(hi - lo))
                }
                for u in t.userOrder {
                    let lo = t.userOffsets[Int(u)], hi = t.userOffsets[Int(u) + 1]
                    var dev = 0.0
                    for k in lo..<hi { dev += Double(t.userValues[k]) - mu - bi[Int(t.userMovies[k])] }
                    bu[Int(u)] = dev / (regU + Double(hi - lo))
                }
                for u in t.userOrder {
                    for k in t.userOffsets[Int(u)]..<t.userOffsets[Int(u) + 1] {
                        let e = Double(t.userValues[k]) - (mu + bu[Int(u)] + bi[Int(t.userMovies[k])])
                        sse += e * e
                    }
                }
            case .sgd:
                for u in t.userOrder {
                    let ui = Int(u)
                    for k in t.userOffsets[ui]..<t.userOffsets[ui + 1] {
                        let i = Int(t.userMovies[k])
                        let err = Double(t.userValues[k]) - (mu + bu[ui] + bi[i])
                        sse += err * err
                        bu[ui] += learningRate * (err - reg * bu[ui])
                        bi[i] += learningRate * (err - reg * bi[i])
                    }
                }
            }
            let going = curve.record(epoch: epoch + 1, of: nEpochs, sse: sse, count: t.count, options: options) {
                FittedBaselineOnly(summary: summary, learningCurve: $0, bu: bu, bi: bi)
            }
            if !going { break }
        }
        return (bu, bi)
    }
}

public struct FittedBaselineOnly: FittedRatingModel {
    public let summary: TrainingSummary
    public let learningCurve: LearningCurve
    public let bu: [Double]
    public let bi: [Double]

    public func estimate(user u: Int32, movie i: Int32) -> Estimate {
        if let e = learningCurve.divergedAtEpoch { return .impossible("SGD diverged at epoch \(e)") }
        var est = summary.globalMean
        if summary.knows(user: u) { est += bu[Int(u)] }
        if summary.knows(movie: i) { est += bi[Int(i)] }
        return .value(est)
    }
}
