import RecLabCore
import RecLabData

/// Surprise's `SVDpp` (Koren 2008): r̂ = μ + b_u + b_i + q_iᵀ(p_u + |I_u|^-½ Σ_{j∈I_u} y_j),
/// I_u the movies u rated in training.
///
/// Same SGD as Surprise 1.1.5 `SVDpp.sgd` (biases 0; p, q, y from
/// N(init_mean, init_std_dev); ratings in training order, users grouped), per rating:
/// err = r − r̂; b_u, b_i as SVD; p_u += lr_pu·(err·q_i − reg_pu·p_u);
/// q_i += lr_qi·(err·(p_u + imp_u) − reg_qi·q_i); and for every j ∈ I_u,
/// y_j += lr_yj·(err·q_i·|I_u|^-½ − reg_yj·y_j) with the old q_i.
///
/// Surprise does that last update eagerly, O(|I_u|·k) per rating, O(Σ_u |I_u|²·k)
/// per epoch. It is the same affine map y ← a·y + c_t (a = 1 − lr_yj·reg_yj,
/// c_t = lr_yj·err·|I_u|^-½·q_i) for every j ∈ I_u, and while u's ratings are being
/// visited no other user touches those y_j; so the maps are composed
/// (A = Πa, C = Σ of the c_t carried through the later a's), the implicit sum is
/// kept as Σy_j = A·S + |I_u|·C, and y_j ← A·y_j + C is applied once per user.
/// Mathematically identical to Surprise's order of updates; per epoch O(n·k).
/// Float arithmetic; differences from the eager Double loop are rounding only.
///
/// Seed use: `SplitMix64.derive(seed, "svdpp.p" / "svdpp.q" / "svdpp.y")`.
public struct SVDpp: RatingModel {
    public var nFactors: Int = SVDpp.table.defaultValue(of: \.nFactors)
    public var nEpochs: Int = SVDpp.table.defaultValue(of: \.nEpochs)
    public var initMean: Double = SVDpp.table.defaultValue(of: \.initMean)
    public var initStdDev: Double = SVDpp.table.defaultValue(of: \.initStdDev)
    public var lrBU: Float = SVDpp.table.defaultValue(of: \.lrBU), lrBI: Float = SVDpp.table.defaultValue(of: \.lrBI)
    public var lrPU: Float = SVDpp.table.defaultValue(of: \.lrPU), lrQI: Float = SVDpp.table.defaultValue(of: \.lrQI)
    public var lrYJ: Float = SVDpp.table.defaultValue(of: \.lrYJ)
    public var regBU: Float = SVDpp.table.defaultValue(of: \.regBU), regBI: Float = SVDpp.table.defaultValue(of: \.regBI)
    public var regPU: Float = SVDpp.table.defaultValue(of: \.regPU), regQI: Float = SVDpp.table.defaultValue(of: \.regQI)
    public var regYJ: Float = SVDpp.table.defaultValue(of: \.regYJ)

    public init() {}

    public static let kindName = "svdpp"
    public var kind: String { Self.kindName }

    /// `lr_all` and `reg_all` are aliases: each per-parameter rate takes their value unless given.
    public static let table: ParameterTable<SVDpp> = {
        let lrAll = 0.007, regAll = 0.02
        let perParameter: [(String, WritableKeyPath<SVDpp, Float> & Sendable, WritableKeyPath<SVDpp, Float> & Sendable)] = [
            ("bu", \.lrBU, \.regBU), ("bi", \.lrBI, \.regBI), ("pu", \.lrPU, \.regPU), ("qi", \.lrQI, \.regQI),
            ("yj", \.lrYJ, \.regYJ),
        ]
        return ParameterTable([
            .int("n_factors", 1...4096, default: 20, "number of latent factors", \.nFactors),
            .int("n_epochs", 0...100_000, default: 20, "passes of SGD", \.nEpochs),
            .double("init_mean", -10, 10, default: 0, "mean of the normal initialisation", \.initMean),
            .double("init_std_dev", 0, 10, default: 0.1, "standard deviation of the normal initialisation", \.initStdDev),
        ] + ParameterBinding.sgdRates(lrAll: lrAll, regAll: regAll, terms: perParameter))
    }()

    public init(parameters: Parameters) throws {
        try Self.table.read(parameters, kind: Self.kindName, into: &self)
    }

    public var parameters: Parameters { Self.table.values(of: self) }

    public func fit(_ train: TrainingSet, seed: UInt64, options: FitOptions) throws -> FittedSVDpp {
        let summary = TrainingSummary(train)
        var p = FactorMatrix.normal(rows: train.userCount, factors: nFactors, mean: initMean, std: initStdDev,
                                    seed: SplitMix64.derive(seed, "svdpp.p"), include: summary.knownUsers)
        var q = FactorMatrix.normal(rows: train.movieCount, factors: nFactors, mean: initMean, std: initStdDev,
                                    seed: SplitMix64.derive(seed, "svdpp.q"), include: summary.knownMovies)
        var y = FactorMatrix.normal(rows: train.movieCount, factors: nFactors, mean: initMean, std: initStdDev,
                                    seed: SplitMix64.derive(seed, "svdpp.y"), include: summary.knownMovies)
        var bu = [Float](repeating: 0, count: train.userCount)
        var bi = [Float](repeating: 0, count: train.movieCount)
        var curve = LearningCurve()
        let mu = Float(train.globalMean)
        for epoch in 1...max(1, nEpochs) where nEpochs > 0 {
            let sse = epochSGD(train, mu: mu, p: &p, q: &q, y: &y, bu: &bu, bi: &bi)
            let going = curve.record(epoch: epoch, of: nEpochs, sse: sse, count: train.count, options: options) {
                FittedSVDpp(summary: summary, learningCurve: $0, bu: bu, bi: bi, q: q, z: Self.userVectors(train, p: p, y: y))
            }
            if !going { break }
        }
        return FittedSVDpp(summary: summary, learningCurve: curve, bu: bu, bi: bi, q: q,
                           z: Self.userVectors(train, p: p, y: y))
    }

    /// z_u = p_u + |I_u|^-½ Σ_{j∈I_u} y_j for every known user (p_u for the others).
    static func userVectors(_ t: TrainingSet, p: FactorMatrix, y: FactorMatrix) -> FactorMatrix {
        var z = p
        let stride = p.stride
        for u in t.userOrder {
            let lo = t.userOffsets[Int(u)], hi = t.userOffsets[Int(u) + 1]
            var s = [Double](repeating: 0, count: stride)
            for k in lo..<hi {
                let j = Int(t.userMovies[k])
                for f in 0..<stride { s[f] += Double(y.storage[j * stride + f]) }
            }
            let inv = 1 / Double(hi - lo).squareRoot()
            for f in 0..<stride { z.storage[Int(u) * stride + f] += Float(s[f] * inv) }
        }
        return z
    }

    /// One epoch; returns Σ err² of the online errors.
    func epochSGD(_ t: TrainingSet, mu: Float, p: inout FactorMatrix, q: inout FactorMatrix, y: inout FactorMatrix,
                  bu: inout [Float], bi: inout [Float]) -> Double {
        let stride = p.stride, chunks = stride / 8
        var sse = 0.0
        let a = 1 - lrYJ * regYJ
        let av = SIMD8<Float>(repeating: a)
        let lrPUv = SIMD8<Float>(repeating: lrPU), lrQIv = SIMD8<Float>(repeating: lrQI)
        let regPUv = SIMD8<Float>(repeating: regPU), regQIv = SIMD8<Float>(repeating: regQI)
        // Scratch rows: S (Σ stored y_j), C (composed offset), impl (current implicit feedback).
        var scratch = [Float](repeating: 0, count: 3 * stride)
        t.userMovies.withUnsafeBufferPointer { movies in
        t.userValues.withUnsafeBufferPointer { values in
        p.storage.withUnsafeMutableBufferPointer { P in
        q.storage.withUnsafeMutableBufferPointer { Q in
        y.storage.withUnsafeMutableBufferPointer { Y in
        scratch.withUnsafeMutableBufferPointer { W in
            let S = UnsafeMutableRawPointer(W.baseAddress!)
            let C = S + 4 * stride, I = S + 8 * stride
            for u32 in t.userOrder {
                let u = Int(u32)
                let lo = t.userOffsets[u], hi = t.userOffsets[u + 1]
                let n = hi - lo
                let invSqrt = 1 / Float(n).squareRoot()
                let nv = SIMD8<Float>(repeating: Float(n))
                // S = Σ y_j (stored), C = 0, A = 1.
                for c in 0..<chunks {
                    S.storeBytes(of: SIMD8<Float>(), toByteOffset: c * 32, as: SIMD8<Float>.self)
                    C.storeBytes(of: SIMD8<Float>(), toByteOffset: c * 32, as: SIMD8<Float>.self)
                }
                for k in lo..<hi {
                    let yj = UnsafeRawPointer(Y.baseAddress! + Int(movies[k]) * stride)
                    for c in 0..<chunks {
                        let s = S.loadUnaligned(fromByteOffset: c * 32, as: SIMD8<Float>.self)
                        S.storeBytes(of: s + yj.loadUnaligned(fromByteOffset: c * 32, as: SIMD8<Float>.self),
                                     toByteOffset: c * 32, as: SIMD8<Float>.self)
                    }
                }
                var A: Float = 1
                let pu = UnsafeMutableRawPointer(P.baseAddress! + u * stride)
                for k in lo..<hi {
                    let i = Int(movies[k])
                    let qi = UnsafeMutableRawPointer(Q.baseAddress! + i * stride)
                    // impl = |I_u|^-½ (A·S + n·C); dot = q_i·(p_u + impl)
                    let Av = SIMD8<Float>(repeating: A), sv = SIMD8<Float>(repeating: invSqrt)
                    var acc = SIMD8<Float>()
                    for c in 0..<chunks {
                        let off = c * 32
                        let imp = sv * (Av * S.loadUnaligned(fromByteOffset: off, as: SIMD8<Float>.self)
                                        + nv * C.loadUnaligned(fromByteOffset: off, as: SIMD8<Float>.self))
                        I.storeBytes(of: imp, toByteOffset: off, as: SIMD8<Float>.self)
                        acc = acc + qi.loadUnaligned(fromByteOffset: off, as: SIMD8<Float>.self)
                            * (pu.loadUnaligned(fromByteOffset: off, as: SIMD8<Float>.self) + imp)
                    }
                    let dot = ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]))
                    let err = values[k] - (mu + bu[u] + bi[i] + dot)
                    sse += Double(err) * Double(err)
                    bu[u] += lrBU * (err - regBU * bu[u])
                    bi[i] += lrBI * (err - regBI * bi[i])
                    let e = SIMD8<Float>(repeating: err)
                    let cy = SIMD8<Float>(repeating: lrYJ * err * invSqrt)
                    for c in 0..<chunks {
                        let off = c * 32
                        let pv = pu.loadUnaligned(fromByteOffset: off, as: SIMD8<Float>.self)
                        let qv = qi.loadUnaligned(fromByteOffset: off, as: SIMD8<Float>.self)
                        let imp = I.loadUnaligned(fromByteOffset: off, as: SIMD8<Float>.self)
                        pu.storeBytes(of: pv + lrPUv * (e * qv - regPUv * pv), toByteOffset: off, as: SIMD8<Float>.self)
                        qi.storeBytes(of: qv + lrQIv * (e * (pv + imp) - regQIv * qv), toByteOffset: off,
                                      as: SIMD8<Float>.self)
                        // C ← a·C + lr_yj·err·|I_u|^-½·q_i(old)
                        let cv = C.loadUnaligned(fromByteOffset: off, as: SIMD8<Float>.self)
                        C.storeBytes(of: av * cv + cy * qv, toByteOffset: off, as: SIMD8<Float>.self)
                    }
                    A *= a
                }
                // Apply the composed map to every y_j, j ∈ I_u.
                let Av = SIMD8<Float>(repeating: A)
                for k in lo..<hi {
                    let yj = UnsafeMutableRawPointer(Y.baseAddress! + Int(movies[k]) * stride)
                    for c in 0..<chunks {
                        let off = c * 32
                        let v = yj.loadUnaligned(fromByteOffset: off, as: SIMD8<Float>.self)
                        yj.storeBytes(of: Av * v + C.loadUnaligned(fromByteOffset: off, as: SIMD8<Float>.self),
                                      toByteOffset: off, as: SIMD8<Float>.self)
                    }
                }
            }
        }}}}}}
        return sse
    }
}

/// A fitted `SVDpp`; the implicit part is folded into z_u = p_u + |I_u|^-½ Σ y_j.
public struct FittedSVDpp: FittedRatingModel {
    public let summary: TrainingSummary
    public let learningCurve: LearningCurve
    public let bu: [Float]
    public let bi: [Float]
    public let q: FactorMatrix
    public let z: FactorMatrix

    /// Surprise's `SVDpp.estimate`: μ (+ b_u if known) (+ b_i if known) (+ q_i·z_u if both).
    public func estimate(user u: Int32, movie i: Int32) -> Estimate {
        if let e = learningCurve.divergedAtEpoch { return .impossible("SGD diverged at epoch \(e)") }
        let ku = summary.knows(user: u), ki = summary.knows(movie: i)
        var est = summary.globalMean
        if ku { est += Double(bu[Int(u)]) }
        if ki { est += Double(bi[Int(i)]) }
        if ku && ki { est += Double(z.dot(row: Int(u), with: q, row: Int(i))) }
        return .value(est)
    }
}
