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
    public enum Method: String, Sendable, CaseIterable {
        case als, sgd
        /// The registry kind of the method (`baseline_als`, `baseline_sgd`).
        public var kind: String { "baseline_\(rawValue)" }
    }
    public var method: Method
    public var nEpochs: Int
    /// ALS.
    public var regU: Double, regI: Double
    /// SGD.
    public var reg: Double, learningRate: Double

    /// `nEpochs` nil: the method's default.
    public init(method: Method = .als, nEpochs: Int? = nil, regU: Double = BaselineOnly.alsTable.defaultValue(of: \.regU),
                regI: Double = BaselineOnly.alsTable.defaultValue(of: \.regI),
                reg: Double = BaselineOnly.sgdTable.defaultValue(of: \.reg),
                learningRate: Double = BaselineOnly.sgdTable.defaultValue(of: \.learningRate)) {
        self.method = method
        self.nEpochs = nEpochs ?? Self.table(method).defaultValue(of: \.nEpochs)
        self.regU = regU; self.regI = regI; self.reg = reg; self.learningRate = learningRate
    }

    public var kind: String { method.kind }

    /// The parameters of `method` (each method has its own kind and table).
    public static func table(_ method: Method) -> ParameterTable<BaselineOnly> { method == .als ? alsTable : sgdTable }

    public static let alsTable = ParameterTable<BaselineOnly>([
        .int("n_epochs", 0...100_000, default: 10, "ALS sweeps over movies then users", \.nEpochs),
        .double("reg_u", 0, default: 15, "user-bias regularisation", \.regU),
        .double("reg_i", 0, default: 10, "movie-bias regularisation", \.regI),
    ])
    public static let sgdTable = ParameterTable<BaselineOnly>([
        .int("n_epochs", 0...100_000, default: 20, "SGD passes", \.nEpochs),
        .double("reg", 0, default: 0.02, "bias regularisation", \.reg),
        .double("learning_rate", 0, lowerOpen: true, default: 0.005, "SGD learning rate", \.learningRate),
    ])

    public init(method: Method, parameters: Parameters) throws {
        self.init(method: method)
        try Self.table(method).read(parameters, kind: method.kind, into: &self)
    }

    public var parameters: Parameters { Self.table(method).values(of: self) }

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
