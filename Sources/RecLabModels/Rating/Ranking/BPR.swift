import RecLabCore
import _AVX2Kernels

/// Rendle et al.'s Bayesian Personalized Ranking ("BPR: Bayesian Personalized
/// Ranking from Implicit Feedback", UAI 2009) for matrix factorisation, by SGD,
/// as the `implicit` library (0.7.3, `BayesianPersonalizedRanking` on the CPU)
/// does. It maximises Σ ln σ(x_ui − x_uj) − reg·‖θ‖² over triples (u, i, j) where
/// u rated i (any value: the binarised `Interactions`) and not j, with
/// x_ui = p_u · q_i + b_i.
///
/// `implicit`'s conventions, followed here:
/// - the movie bias b_i is an extra factor column: user rows hold 1 there (never
///   updated), movie rows the bias, so the score is one dot product over
///   `factors + 1` columns and the bias gets the step lr·(±z − reg·b_i);
/// - an epoch is n SGD samples (n = interactions), each drawn with replacement:
///   a uniformly random interaction gives (u, i), and the movie of a second
///   uniformly random interaction is the negative j, so negatives are uniform
///   over interactions (popularity-proportional over movies); with
///   `verify_negative_samples`, a j that u rated is skipped (the sample counts);
/// - factors start uniform in [−0.5, 0.5) / factors (bias column included),
///   movies and users without interactions at zero, users' bias column at 1.
///
/// The score of (u, i) is p_u · q_i + b_i, a ranking score (`predictsRatings`
/// false). Complexity O(iterations · n · factors), memory O((users + movies) · factors).
///
/// Seed use: movie factors from `SplitMix64.derive(seed, "bpr.items")`, user
/// factors from `"bpr.users"`, the samples from `"bpr.samples"` (xoshiro256**;
/// an index below n is the high word of a 64-bit draw times n). One thread, in
/// sample order, so a seed gives bit-identical factors (`implicit` runs
/// lock-free "Hogwild" threads, deterministic only with one thread).
public struct BPR: RatingModel {
    public static let kindName = "bpr"
    public var kind: String { Self.kindName }

    public var factors: Int = BPR.table.defaultValue(of: \.factors)
    public var learningRate: Double = BPR.table.defaultValue(of: \.learningRate)
    public var regularization: Double = BPR.table.defaultValue(of: \.regularization)
    public var iterations: Int = BPR.table.defaultValue(of: \.iterations)
    public var verifyNegativeSamples: Bool = BPR.table.defaultValue(of: \.verifyNegativeSamples)

    public static let table = ParameterTable<BPR>([
        .int("factors", 1...4096, default: 100, "number of latent factors (the movie bias is one more column)", \.factors),
        .double("learning_rate", 0, lowerOpen: true, default: 0.01, "SGD step size", \.learningRate),
        .double("regularization", 0, default: 0.01, "L2 penalty on the factors and biases touched by a step",
                \.regularization),
        .int("iterations", 0...100_000, default: 100, "epochs, each as many samples as training interactions",
             \.iterations),
        .bool("verify_negative_samples", default: true, "skip a sampled negative the user has rated",
              \.verifyNegativeSamples),
    ])

    public init(factors: Int = BPR.table.defaultValue(of: \.factors),
                learningRate: Double = BPR.table.defaultValue(of: \.learningRate),
                regularization: Double = BPR.table.defaultValue(of: \.regularization),
                iterations: Int = BPR.table.defaultValue(of: \.iterations),
                verifyNegativeSamples: Bool = BPR.table.defaultValue(of: \.verifyNegativeSamples)) {
        self.factors = factors
        self.learningRate = learningRate
        self.regularization = regularization
        self.iterations = iterations
        self.verifyNegativeSamples = verifyNegativeSamples
    }
    public init(parameters: Parameters) throws {
        self.init()
        try Self.table.read(parameters, kind: Self.kindName, into: &self)
    }
    public var parameters: Parameters { Self.table.values(of: self) }

    /// Samples drawn, checked and then stepped through at a time.
    static let block = 4096

    public func fit(_ train: TrainingSet, seed: UInt64, options: FitOptions) throws -> FittedImplicitMF {
        let x = Interactions(train)
        let width = factors + 1, scale = 0.5 / Double(factors)
        var q = FactorMatrix.uniform(rows: train.movieCount, factors: width, low: -scale, high: scale,
                                     seed: SplitMix64.derive(seed, "bpr.items"))
        var p = FactorMatrix.uniform(rows: train.userCount, factors: width, low: -scale, high: scale,
                                     seed: SplitMix64.derive(seed, "bpr.users"))
        let counts = x.movieCounts()
        for i in 0..<train.movieCount where counts[i] == 0 {
            for f in 0..<width { q.storage[i * q.stride + f] = 0 }
        }
        for u in 0..<train.userCount {
            if x.offsets[u] == x.offsets[u + 1] { for f in 0..<width { p.storage[u * p.stride + f] = 0 } }
            p.storage[u * p.stride + factors] = 1
        }
        let n = x.count
        if n > 0 && iterations > 0 {
            var userOf = [Int32](repeating: 0, count: n)
            for u in 0..<x.userCount { for k in x.offsets[u]..<x.offsets[u + 1] { userOf[k] = Int32(u) } }
            let pw = AlignedRows(p), qw = AlignedRows(q)
            let step = BPRStep(learningRate: Float(learningRate), regularization: Float(regularization),
                               biasColumn: factors, stride: p.stride)
            var rng = Xoshiro256StarStar(seed: SplitMix64.derive(seed, "bpr.samples"))
            var samples = [Int32](repeating: 0, count: 3 * Self.block)
            let verify = verifyNegativeSamples
            x.offsets.withUnsafeBufferPointer { off in
                x.movies.withUnsafeBufferPointer { mv in
                    userOf.withUnsafeBufferPointer { uo in
                        samples.withUnsafeMutableBufferPointer { s in
                            for epoch in 1...iterations {
                                var done = 0
                                while done < n {
                                    let todo = min(Self.block, n - done)
                                    var kept = 0
                                    for _ in 0..<todo {
                                        let liked = Int(rng.next().multipliedFullWidth(by: UInt64(n)).high)
                                        let other = Int(rng.next().multipliedFullWidth(by: UInt64(n)).high)
                                        let u = uo[liked], j = mv[other]
                                        if verify && Self.contains(mv, off[Int(u)], off[Int(u) + 1], j) { continue }
                                        s[3 * kept] = u
                                        s[3 * kept + 1] = mv[liked]
                                        s[3 * kept + 2] = j
                                        kept += 1
                                    }
                                    if AVX2.isAvailable {
                                        _ = ImplicitKernelsAVX2.bpr(UnsafePointer(s.baseAddress!), kept, pw.base, qw.base, step)
                                    } else {
                                        _ = BPRStep.run(UnsafePointer(s.baseAddress!), kept, pw.base, qw.base, step)
                                    }
                                    done += todo
                                }
                                options.progress?(epoch, iterations)
                            }
                        }
                    }
                }
            }
            pw.copy(into: &p)
            qw.copy(into: &q)
        }
        guard p.storage.allSatisfy(\.isFinite), q.storage.allSatisfy(\.isFinite) else {
            throw RatingModelError("the factors are not finite after \(iterations) iterations; lower learning_rate",
                                   kind: Self.kindName, key: "learning_rate")
        }
        return FittedImplicitMF(summary: TrainingSummary(train), users: p, items: q)
    }

    /// Whether the sorted `movies[lo..<hi]` holds `m` (binary search).
    @inline(__always)
    static func contains(_ movies: UnsafeBufferPointer<Int32>, _ lo: Int, _ hi: Int, _ m: Int32) -> Bool {
        var lo = lo, hi = hi
        let end = hi
        while lo < hi {
            let mid = (lo + hi) >> 1
            if movies[mid] < m { lo = mid + 1 } else { hi = mid }
        }
        return lo < end && movies[lo] == m
    }
}
