import Testing
import RecLabCore
import RecLabData
@testable import RecLabModels
import _AVX2Kernels

@Suite("SVD")
struct RatingSVDTests {
    /// A plain Double re-implementation of Surprise's SGD loop, for checking the SIMD kernel.
    static func referenceSGD(_ t: TrainingSet, p: [Float], q: [Float], stride: Int, k: Int, epochs: Int,
                             lr: Double, reg: Double) -> (bu: [Double], bi: [Double], p: [Double], q: [Double]) {
        var P = p.map(Double.init), Q = q.map(Double.init)
        var bu = [Double](repeating: 0, count: t.userCount), bi = [Double](repeating: 0, count: t.movieCount)
        let (us, ms, vs) = t.triples()
        for _ in 0..<epochs {
            for n in us.indices {
                let u = Int(us[n]), i = Int(ms[n])
                var dot = 0.0
                for f in 0..<k { dot += Q[i * stride + f] * P[u * stride + f] }
                let err = Double(vs[n]) - (t.globalMean + bu[u] + bi[i] + dot)
                bu[u] += lr * (err - reg * bu[u]); bi[i] += lr * (err - reg * bi[i])
                for f in 0..<k {
                    let puf = P[u * stride + f], qif = Q[i * stride + f]
                    P[u * stride + f] += lr * (err * qif - reg * puf)
                    Q[i * stride + f] += lr * (err * puf - reg * qif)
                }
            }
        }
        return (bu, bi, P, Q)
    }

    @Test func kernelMatchesAPlainDoubleImplementationOfSurprisesLoop() throws {
        let d = RatingTestData.planted(users: 30, movies: 40, ratingsPerUser: 15, rank: 2, noise: 0.3, seed: 11)
        let t = TrainingSet(ratings: d.ratings, userCount: 30, movieCount: 40)
        let model = SVD(nFactors: 13, nEpochs: 5, lrAll: 0.01, regAll: 0.05)
        let fitted = try model.fit(t, seed: 9)
        let p0 = FactorMatrix.normal(rows: 30, factors: 13, mean: 0, std: 0.1, seed: SplitMix64.derive(9, "svd.p"), include: t.knownMask().users)
        let q0 = FactorMatrix.normal(rows: 40, factors: 13, mean: 0, std: 0.1, seed: SplitMix64.derive(9, "svd.q"), include: t.knownMask().movies)
        let ref = Self.referenceSGD(t, p: p0.storage, q: q0.storage, stride: p0.stride, k: 13, epochs: 5, lr: 0.01, reg: 0.05)
        // Float vs Double over 5 epochs of ~450 updates: agreement to 1e-4.
        for u in 0..<30 { #expect(isApprox(Double(fitted.bu[u]), ref.bu[u], abs: 1e-4)) }
        for i in 0..<40 { #expect(isApprox(Double(fitted.bi[i]), ref.bi[i], abs: 1e-4)) }
        for j in ref.q.indices { #expect(isApprox(Double(fitted.q.storage[j]), ref.q[j], abs: 1e-4)) }
        for j in ref.p.indices { #expect(isApprox(Double(fitted.p.storage[j]), ref.p[j], abs: 1e-4)) }
    }

    @Test func recoversThePlantedNoiseFloor() throws {
        let users = 600, movies = 250
        let d = RatingTestData.planted(users: users, movies: movies, ratingsPerUser: 200, rank: 3, noise: 0.5, seed: 5)
        let ds = RatingTestData.dataset(d.ratings, users: users, movies: movies)
        // 90/10 hold-out by row parity of a seeded shuffle.
        var rng = Xoshiro256StarStar(seed: 1)
        var train: [Int] = [], test: [Int] = []
        for k in 0..<d.ratings.count { (rng.nextUnit() < 0.1 ? { test.append(k) } : { train.append(k) })() }
        let t = TrainingSet(dataset: ds, indices: train)
        let fitted = try SVD(nFactors: 3, nEpochs: 80, lrAll: 0.005, regAll: 0.05).fit(t, seed: 2)
        let rmse = fitted.rmse(on: ds.ratings.subset(test))
        // The noise floor includes half-star rounding; tolerance 0.02 (the issue's).
        #expect(rmse < d.floor + 0.02, "RMSE \(rmse) vs planted floor \(d.floor)")
        #expect(rmse > d.floor - 0.05)
    }

    @Test func divergingLearningRateIsMarkedAndNeverNaN() throws {
        let d = RatingTestData.planted(users: 50, movies: 60, ratingsPerUser: 20, rank: 2, noise: 0.3, seed: 3)
        let t = TrainingSet(ratings: d.ratings, userCount: 50, movieCount: 60)
        let fitted = try SVD(nFactors: 20, nEpochs: 30, lrAll: 5, regAll: 0.02).fit(t, seed: 1)
        let epoch = try #require(fitted.learningCurve.divergedAtEpoch)
        #expect(epoch >= 1 && epoch <= 30)
        #expect(fitted.learningCurve.trainRMSE.allSatisfy { $0.isFinite })
        #expect(fitted.learningCurve.trainRMSE.count == epoch - 1)
        let p = fitted.predict(user: 1, movie: 2)
        #expect(p.value.isFinite && p.wasImpossible)
        #expect(isApprox(Double(p.value), t.globalMean, abs: 1e-6))
    }

    @Test func unknownSidesFollowSurprise() throws {
        // User 2 and movie 2 have no rating.
        let r = Ratings(users: [0, 0, 1], movies: [0, 1, 0], values: [4, 2, 5], timestamps: [0, 0, 0])
        let t = TrainingSet(ratings: r, userCount: 3, movieCount: 3)
        let f = try SVD(nFactors: 4, nEpochs: 3).fit(t, seed: 1)
        let mu = t.globalMean
        #expect(f.estimate(user: 2, movie: 2) == .value(mu))
        #expect(f.estimate(user: 0, movie: 2) == .value(mu + Double(f.bu[0])))
        #expect(f.estimate(user: 2, movie: 1) == .value(mu + Double(f.bi[1])))
        let unbiased = try SVD(nFactors: 4, nEpochs: 3, biased: false).fit(t, seed: 1)
        guard case .impossible = unbiased.estimate(user: 2, movie: 0) else { Issue.record("expected impossible"); return }
        #expect(unbiased.predict(user: 2, movie: 0).value == Float(mu))
    }

    @Test func learningCurveHasOneEntryPerEpochAndProgressIsReported() throws {
        let d = RatingTestData.planted(users: 40, movies: 50, ratingsPerUser: 20, rank: 2, noise: 0.3, seed: 4)
        let t = TrainingSet(ratings: d.ratings, userCount: 40, movieCount: 50)
        let seen = EpochLog()
        let f = try SVD(nFactors: 8, nEpochs: 6).fit(t, seed: 1, options: FitOptions(progress: { e, n in seen.add(e, n) },
                                                                                      validation: d.ratings))
        #expect(f.learningCurve.trainRMSE.count == 6)
        #expect(f.learningCurve.validationRMSE.count == 6)
        #expect(seen.epochs == Array(1...6))
        #expect(f.learningCurve.trainRMSE.last! < f.learningCurve.trainRMSE.first!)
    }

    @Test func parallelBlocksAreDeterministicAndAsAccurate() throws {
        let users = 300, movies = 200
        let d = RatingTestData.planted(users: users, movies: movies, ratingsPerUser: 60, rank: 3, noise: 0.4, seed: 8)
        let ds = RatingTestData.dataset(d.ratings, users: users, movies: movies)
        let train = Array(stride(from: 0, to: d.ratings.count, by: 1).filter { $0 % 5 != 0 })
        let test = ds.ratings.subset(Array(stride(from: 0, to: d.ratings.count, by: 5)))
        let t = TrainingSet(dataset: ds, indices: train)
        let seq = try SVD(nFactors: 20, nEpochs: 30, lrAll: 0.01, regAll: 0.05).fit(t, seed: 3)
        let par1 = try SVD(nFactors: 20, nEpochs: 30, lrAll: 0.01, regAll: 0.05, parallel: true).fit(t, seed: 3)
        let par2 = try SVD(nFactors: 20, nEpochs: 30, lrAll: 0.01, regAll: 0.05, parallel: true).fit(t, seed: 3)
        #expect(par1.q.storage == par2.q.storage)
        // ±0.01 on this small set (the ±0.002 target is checked on real data in the oracle suite).
        #expect(isApprox(par1.rmse(on: test), seq.rmse(on: test), abs: 0.01))
    }
}

final class EpochLog: @unchecked Sendable {
    private var lock = NSLockLike()
    private(set) var epochs: [Int] = []
    func add(_ e: Int, _ n: Int) { lock.with { epochs.append(e) } }
}

import Foundation
import _TestSupport
struct NSLockLike { let l = NSLock(); func with(_ f: () -> Void) { l.lock(); f(); l.unlock() } }

@Suite("SVD kernel dispatch")
struct RatingSVDKernelDispatchTests {
    /// The AVX2 build and the baseline build of the SGD step run the same IEEE
    /// operations in the same order: bit-identical parameters (exact equality).
    @Test func avx2AndBaselineKernelsAgreeBitForBit() throws {
        let d = RatingTestData.planted(users: 50, movies: 60, ratingsPerUser: 20, rank: 2, noise: 0.3, seed: 6)
        let t = TrainingSet(ratings: d.ratings, userCount: 50, movieCount: 60)
        let schedule = BlockSchedule(sequential: t)
        let p0 = FactorMatrix.normal(rows: 50, factors: 37, mean: 0, std: 0.1, seed: 1)
        let q0 = FactorMatrix.normal(rows: 60, factors: 37, mean: 0, std: 0.1, seed: 2)
        let step = SGDStep(mu: Float(t.globalMean), biased: true, lrBU: 0.01, lrBI: 0.02, lrPU: 0.005, lrQI: 0.007,
                           regBU: 0.02, regBI: 0.03, regPU: 0.05, regQI: 0.04, chunks: p0.stride / 8)
        func runAll(baselineOnly: Bool) -> ([Float], [Float], [Float], [Float], Double) {
            var p = p0.storage, q = q0.storage
            var bu = [Float](repeating: 0, count: 50), bi = [Float](repeating: 0, count: 60)
            var sse = 0.0
            for _ in 0..<3 {
                sse = schedule.users.withUnsafeBufferPointer { us in
                    schedule.movies.withUnsafeBufferPointer { ms in
                        schedule.values.withUnsafeBufferPointer { vs in
                            p.withUnsafeMutableBufferPointer { pp in
                                q.withUnsafeMutableBufferPointer { qp in
                                    bu.withUnsafeMutableBufferPointer { bup in
                                        bi.withUnsafeMutableBufferPointer { bip in
                                            SVDKernel.run(us.baseAddress!, ms.baseAddress!, vs.baseAddress!, 0..<t.count,
                                                          pp.baseAddress!, p0.stride, qp.baseAddress!, q0.stride,
                                                          bup.baseAddress!, bip.baseAddress!, step, baselineOnly: baselineOnly)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            return (p, q, bu, bi, sse)
        }
        let a = runAll(baselineOnly: true), b = runAll(baselineOnly: false)
        #expect(a.0 == b.0 && a.1 == b.1 && a.2 == b.2 && a.3 == b.3 && a.4 == b.4)
        #expect(a.4 > 0)
    }
}
