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
    public var nFactors = 20
    public var nEpochs = 20
    public var initMean = 0.0
    public var initStdDev = 0.1
    public var lrBU: Float = 0.007, lrBI: Float = 0.007, lrPU: Float = 0.007, lrQI: Float = 0.007, lrYJ: Float = 0.007
    public var regBU: Float = 0.02, regBI: Float = 0.02, regPU: Float = 0.02, regQI: Float = 0.02, regYJ: Float = 0.02

    public init() {}

    public static let kindName = "svdpp"
    public var kind: String { Self.kindName }

    public static let specs: [ParameterSpec] = [
        ParameterSpec("n_factors", .int(1...4096), default: .int(20), help: "number of latent factors"),
        ParameterSpec("n_epochs", .int(0...100_000), default: .int(20), help: "passes of SGD"),
        ParameterSpec("init_mean", .double(lower: -10, upper: 10, lowerOpen: false), default: .double(0),
                      help: "mean of the normal initialisation"),
        ParameterSpec("init_std_dev", .double(lower: 0, upper: 10, lowerOpen: false), default: .double(0.1),
                      help: "standard deviation of the normal initialisation"),
        ParameterSpec("lr_all", .double(lower: 0, upper: .infinity, lowerOpen: true), default: .double(0.007),
                      help: "learning rate of every parameter"),
        ParameterSpec("reg_all", .double(lower: 0, upper: .infinity, lowerOpen: false), default: .double(0.02),
                      help: "regularisation of every parameter"),
    ] + ["bu", "bi", "pu", "qi", "yj"].flatMap { p in [
        ParameterSpec("lr_\(p)", .double(lower: 0, upper: .infinity, lowerOpen: true), default: .double(0.007),
                      help: "learning rate of \(p) (default: lr_all)", inheritsFrom: "lr_all"),
        ParameterSpec("reg_\(p)", .double(lower: 0, upper: .infinity, lowerOpen: false), default: .double(0.02),
                      help: "regularisation of \(p) (default: reg_all)", inheritsFrom: "reg_all"),
    ] }

    public init(parameters: Parameters) throws {
        let r = try ParameterReader(kind: Self.kindName, specs: Self.specs, parameters: parameters)
        nFactors = r.int("n_factors"); nEpochs = r.int("n_epochs")
        initMean = r.double("init_mean"); initStdDev = r.double("init_std_dev")
        lrBU = r.float("lr_bu"); lrBI = r.float("lr_bi"); lrPU = r.float("lr_pu"); lrQI = r.float("lr_qi"); lrYJ = r.float("lr_yj")
        regBU = r.float("reg_bu"); regBI = r.float("reg_bi"); regPU = r.float("reg_pu"); regQI = r.float("reg_qi")
        regYJ = r.float("reg_yj")
    }

    public var parameters: Parameters {
        var p: Parameters = ["n_factors": .int(nFactors), "n_epochs": .int(nEpochs), "init_mean": .double(initMean),
                             "init_std_dev": .double(initStdDev)]
        for (k, v) in [("lr_bu", lrBU), ("lr_bi", lrBI), ("lr_pu", lrPU), ("lr_qi", lrQI), ("lr_yj", lrYJ),
                       ("reg_bu", regBU), ("reg_bi", regBI), ("reg_pu", regPU), ("reg_qi", regQI), ("reg_yj", regYJ)] {
            p[k] = .double(Double(v))
        }
        return p
    }

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
