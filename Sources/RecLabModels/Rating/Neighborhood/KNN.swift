/// Surprise's neighbourhood models `KNNBasic`, `KNNWithMeans`, `KNNWithZScore`
/// and `KNNBaseline`, user- or item-based.
///
/// With x the side similarities are computed on (users when `user_based`,
/// movies otherwise) and y the other side, the estimate of r(x, y) takes the k
/// x' who rated y with the largest sim(x, x') (ties: earlier in y's rating
/// list, as `heapq.nlargest`), keeps those with sim > 0, and returns
/// - basic: Σ sim·r / Σ sim (impossible if fewer than min_k)
/// - with_means: μ_x + Σ sim·(r − μ_x') / Σ sim
/// - with_zscore: μ_x + σ_x · Σ sim·(r − μ_x')/σ_x' / Σ sim (σ population std; 0 → overall σ)
/// - baseline: b_xy + Σ sim·(r − b_x'y) / Σ sim, b = μ + b_u + b_i from Surprise's baselines
/// where the sum term is dropped when fewer than min_k neighbours count.
/// Unknown user or movie: impossible (global mean), except baseline, which
/// returns μ + the known biases (Surprise 1.1.5 `knns.py`).
///
/// Memory: one packed similarity triangle over the x side only (2·n_x² bytes);
/// item-based never builds anything user × user. Deterministic, no seed.
public struct KNN: RatingModel {
    public enum Variant: String, Sendable, CaseIterable {
        case basic = "knn_basic", withMeans = "knn_with_means", withZScore = "knn_with_zscore", baseline = "knn_baseline"
    }

    public var variant: Variant
    public var k: Int = KNN.table.defaultValue(of: \.k)
    public var minK: Int = KNN.table.defaultValue(of: \.minK)
    public var measure: NeighborSimilarityMeasure = KNN.table.defaultValue(of: \.measure)
    public var userBased: Bool = KNN.table.defaultValue(of: \.userBased)
    public var minSupport: Int = KNN.table.defaultValue(of: \.minSupport)
    public var shrinkage: Double = KNN.table.defaultValue(of: \.shrinkage)
    /// Baseline estimation (for `knn_baseline` and `pearson_baseline`): Surprise's bsl_options.
    public var baselineMethod: BaselineOnly.Method = KNN.table.defaultValue(of: \.baselineMethod)
    /// Nil: the method's default (`BaselineOnly`'s: 10 for ALS, 20 for SGD).
    public var baselineEpochs: Int?
    public var baselineRegU: Double = KNN.table.defaultValue(of: \.baselineRegU)
    public var baselineRegI: Double = KNN.table.defaultValue(of: \.baselineRegI)
    public var baselineReg: Double = KNN.table.defaultValue(of: \.baselineReg)
    public var baselineLearningRate: Double = KNN.table.defaultValue(of: \.baselineLearningRate)
    /// Refuse similarity matrices larger than this.
    public var memoryLimitBytes = SimilarityMatrix.defaultMemoryLimit

    public init(variant: Variant) { self.variant = variant }

    public var kind: String { variant.rawValue }

    /// The baseline options' defaults are `BaselineOnly`'s (its ALS and SGD tables).
    public static let table: ParameterTable<KNN> = {
        let als = BaselineOnly.table(.als), sgd = BaselineOnly.table(.sgd)
        let alsEpochs = als.defaultValue(of: \.nEpochs), sgdEpochs = sgd.defaultValue(of: \.nEpochs)
        return ParameterTable([
            .int("k", 1...100_000, default: 40, "maximum number of neighbours", \.k),
            .int("min_k", 0...100_000, default: 1, "minimum neighbours for the neighbourhood term", \.minK),
            .choice("sim", default: NeighborSimilarityMeasure.msd, "similarity measure (Surprise sim_options name)", \.measure),
            .bool("user_based", default: true, "similarities between users (true) or movies (false)", \.userBased),
            .int("min_support", 0...1_000_000, default: 1, "minimum common ratings for a non-zero similarity", \.minSupport),
            .double("shrinkage", 0, default: 100, "shrinkage of pearson_baseline", \.shrinkage),
            .choice("bsl_method", default: BaselineOnly.Method.als, "baseline estimation method", \.baselineMethod),
            ParameterBinding(
                ParameterSpec("bsl_n_epochs", .int(0...100_000), default: .int(alsEpochs),
                              help: "baseline epochs (Surprise: \(alsEpochs) for als, \(sgdEpochs) for sgd)"),
                read: { m, r in m.baselineEpochs = r.isGiven("bsl_n_epochs") ? r.int("bsl_n_epochs") : nil },
                value: { m in .int(m.baselineEpochs ?? (m.baselineMethod == .als ? alsEpochs : sgdEpochs)) }),
            .double("bsl_reg_u", 0, default: als.defaultValue(of: \.regU), "ALS user-bias regularisation", \.baselineRegU),
            .double("bsl_reg_i", 0, default: als.defaultValue(of: \.regI), "ALS movie-bias regularisation", \.baselineRegI),
            .double("bsl_reg", 0, default: sgd.defaultValue(of: \.reg), "SGD bias regularisation", \.baselineReg),
            .double("bsl_learning_rate", 0, lowerOpen: true, default: sgd.defaultValue(of: \.learningRate),
                    "SGD bias learning rate", \.baselineLearningRate),
        ])
    }()

    public init(variant: Variant, parameters: Parameters) throws {
        self.init(variant: variant)
        try Self.table.read(parameters, kind: variant.rawValue, into: &self)
    }

    public var parameters: Parameters { Self.table.values(of: self) }

    public func fit(_ train: TrainingSet, seed: UInt64, options: FitOptions) throws -> FittedKNN {
        let summary = TrainingSummary(train)
        let byMovie = train.byMovie()
        // Biases when needed.
        var bu: [Double] = [], bi: [Double] = []
        if variant == .baseline || measure == .pearson_baseline {
            var curve = LearningCurve()
            (bu, bi) = BaselineOnly.biases(train, method: baselineMethod,
                                           nEpochs: baselineEpochs ?? BaselineOnly(method: baselineMethod).nEpochs,
                                           regU: baselineRegU, regI: baselineRegI, reg: baselineReg,
                                           learningRate: baselineLearningRate, curve: &curve, options: FitOptions(),
                                           summary: summary)
        }
        let userSide = (offsets: train.userOffsets, others: train.userMovies, values: train.userValues)
        let movieSide = (offsets: byMovie.offsets, others: byMovie.users, values: byMovie.values)
        let xSide = userBased ? userSide : movieSide
        let ySide = userBased ? movieSide : userSide
        let nX = userBased ? train.userCount : train.movieCount
        let sim = try SimilarityMatrix.build(
            measure: measure, n: nX, minSupport: minSupport, shrinkage: shrinkage, x: xSide, y: Self.sortedLists(ySide),
            biases: measure == .pearson_baseline ? (train.globalMean, userBased ? bu : bi, userBased ? bi : bu) : nil,
            memoryLimitBytes: memoryLimitBytes)
        // Means and deviations of each x.
        var means = [Double](repeating: 0, count: nX), sigmas = [Double](repeating: 0, count: nX)
        if variant == .withMeans || variant == .withZScore {
            let mu = train.globalMean
            var all = 0.0
            for v in train.userValues { all += (Double(v) - mu) * (Double(v) - mu) }
            let overall = train.isEmpty ? 0 : (all / Double(train.count)).squareRoot()
            for x in 0..<nX {
                let lo = xSide.offsets[x], hi = xSide.offsets[x + 1]
                guard hi > lo else { continue }
                var s = 0.0
                for k in lo..<hi { s += Double(xSide.values[k]) }
                let m = s / Double(hi - lo)
                var v = 0.0
                for k in lo..<hi { v += (Double(xSide.values[k]) - m) * (Double(xSide.values[k]) - m) }
                let sd = (v / Double(hi - lo)).squareRoot()
                means[x] = m
                sigmas[x] = sd == 0 ? overall : sd
            }
        }
        options.progress?(1, 1)
        return FittedKNN(summary: summary, variant: variant, k: k, minK: minK, userBased: userBased, sim: sim,
                         yOffsets: ySide.offsets, yOthers: ySide.others, yValues: ySide.values,
                         means: means, sigmas: sigmas, bu: bu, bi: bi)
    }

    /// Each list of a CSR sorted by the other id (values alongside), for the similarity builder.
    static func sortedLists(_ s: (offsets: [Int], others: [Int32], values: [Float]))
        -> (offsets: [Int], others: [Int32], values: [Float]) {
        var others = s.others, values = s.values
        for r in 0..<(s.offsets.count - 1) {
            let lo = s.offsets[r], hi = s.offsets[r + 1]
            guard hi - lo > 1 else { continue }
            let pairs = (lo..<hi).map { (s.others[$0], s.values[$0]) }.sorted { $0.0 < $1.0 }
            for (k, p) in pairs.enumerated() { others[lo + k] = p.0; values[lo + k] = p.1 }
        }
        return (s.offsets, others, values)
    }
}

public struct FittedKNN: FittedRatingModel {
    public let summary: TrainingSummary
    public var learningCurve: LearningCurve { LearningCurve() }
    public let variant: KNN.Variant
    public let k: Int
    public let minK: Int
    public let userBased: Bool
    public let sim: SimilarityMatrix
    /// y → (x, r) lists in training order (Surprise's `yr`).
    let yOffsets: [Int]
    let yOthers: [Int32]
    let yValues: [Float]
    let means: [Double]
    let sigmas: [Double]
    let bu: [Double]
    let bi: [Double]

    public func estimate(user u: Int32, movie i: Int32) -> Estimate {
        let ku = summary.knows(user: u), ki = summary.knows(movie: i)
        var baseline = 0.0
        if variant == .baseline {
            baseline = summary.globalMean + (ku ? bu[Int(u)] : 0) + (ki ? bi[Int(i)] : 0)
            if !(ku && ki) { return .value(baseline) }
        }
        guard ku && ki else { return .impossible("User and/or item is unknown.") }
        let x = Int(userBased ? u : i), y = Int(userBased ? i : u)
        let lo = yOffsets[y], hi = yOffsets[y + 1]
        let kk = min(k, hi - lo)
        guard kk > 0 else {
            return variant == .basic ? .impossible("Not enough neighbors.")
                : .value(variant == .baseline ? baseline : means[x])
        }
        return withUnsafeTemporaryAllocation(of: (sim: Float, pos: Int).self, capacity: kk) { heap in
            // Min-heap of the kk best (sim desc, position asc); root = worst kept.
            @inline(__always) func better(_ a: (sim: Float, pos: Int), _ b: (sim: Float, pos: Int)) -> Bool {
                a.sim > b.sim || (a.sim == b.sim && a.pos < b.pos)
            }
            var count = 0
            for pos in lo..<hi {
                let e = (sim: sim.value(x, Int(yOthers[pos])), pos: pos)
                if count < kk {
                    heap[count] = e
                    var c = count
                    count += 1
                    while c > 0 {
                        let p = (c - 1) / 2
                        if better(heap[p], heap[c]) { heap.swapAt(p, c); c = p } else { break }
                    }
                } else if better(e, heap[0]) {
                    heap[0] = e
                    var p = 0
                    while true {
                        let l = 2 * p + 1, r = l + 1
                        var w = p
                        if l < count, better(heap[w], heap[l]) { w = l }
                        if r < count, better(heap[w], heap[r]) { w = r }
                        if w == p { break }
                        heap.swapAt(p, w); p = w
                    }
                }
            }
            // Sum in nlargest order (best first), as Surprise.
            var order = Array(heap[0..<count])
            order.sort(by: better)
            var sumSim = 0.0, sumRatings = 0.0, actualK = 0
            for (s32, pos) in order where s32 > 0 {
                let s = Double(s32), r = Double(yValues[pos]), nb = Int(yOthers[pos])
                sumSim += s
                switch variant {
                case .basic: sumRatings += s * r
                case .withMeans: sumRatings += s * (r - means[nb])
                case .withZScore: sumRatings += s * (r - means[nb]) / sigmas[nb]
                case .baseline:
                    let (bx, by) = userBased ? (bu[nb], bi[y]) : (bi[nb], bu[y])
                    sumRatings += s * (r - (summary.globalMean + bx + by))
                }
                actualK += 1
            }
            switch variant {
            case .basic:
                guard actualK >= minK, sumSim > 0 else { return .impossible("Not enough neighbors.") }
                return .value(sumRatings / sumSim)
            case .withMeans, .baseline:
                let base = variant == .baseline ? baseline : means[x]
                if actualK < minK || sumSim == 0 { return .value(base) }
                return .value(base + sumRatings / sumSim)
            case .withZScore:
                if actualK < minK || sumSim == 0 { return .value(means[x]) }
                return .value(means[x] + sumRatings / sumSim * sigmas[x])
            }
        }
    }
}
