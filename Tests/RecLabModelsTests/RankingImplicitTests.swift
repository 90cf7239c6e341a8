import Foundation
import Testing
import RecLabCore
import RecLabData
@testable import RecLabModels
import _TestSupport

/// `als_implicit` and `bpr`: the CG solve against an independent Cholesky
/// solve, the `implicit` library's ranking quality on ml-latest-small, and the
/// conventions the models document.
@Suite("Ranking models: als_implicit and bpr")
struct RankingImplicitTests {
    // MARK: - The weighted normal equations, solved independently

    /// Solves the symmetric positive-definite `a` (n × n, row-major) x = b in Double by a plain Cholesky factorisation.
    static func choleskySolve(_ a: [Double], _ b: [Double], n: Int) -> [Double] {
        var l = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                var s = a[i * n + j]
                for k in 0..<j { s -= l[i * n + k] * l[j * n + k] }
                l[i * n + j] = i == j ? s.squareRoot() : s / l[j * n + j]
            }
        }
        var y = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var s = b[i]
            for k in 0..<i { s -= l[i * n + k] * y[k] }
            y[i] = s / l[i * n + i]
        }
        var x = [Double](repeating: 0, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) {
            var s = y[i]
            for k in (i + 1)..<n { s -= l[k * n + i] * x[k] }
            x[i] = s / l[i * n + i]
        }
        return x
    }

    /// The exact solution of row r's normal equations (G + (c − 1) Σ y_i y_iᵀ) x = c Σ y_i,
    /// G = YᵀY + λI, from the Float factors in Double.
    static func exactRow(rated: [Int], fixed y: FactorMatrix, regularization: Double, confidence: Double) -> [Double] {
        let f = y.factors
        var a = [Double](repeating: 0, count: f * f), b = [Double](repeating: 0, count: f)
        for i in 0..<y.rows {
            let row = y.row(i).map(Double.init)
            for p in 0..<f { for q in 0..<f { a[p * f + q] += row[p] * row[q] } }
        }
        for p in 0..<f { a[p * f + p] += regularization }
        for i in rated {
            let row = y.row(i).map(Double.init)
            for p in 0..<f {
                b[p] += confidence * row[p]
                for q in 0..<f { a[p * f + q] += (confidence - 1) * row[p] * row[q] }
            }
        }
        return choleskySolve(a, b, n: f)
    }

    static let planted = RatingModelContractTests.train

    @Test("With many CG steps a user's factors are the exact solution of the weighted normal equations (1e-6)")
    func cgSolvesTheUserEquations() throws {
        let x = Interactions(Self.planted)
        let f = 8, lambda = 0.1, alpha = 3.0
        let y = FactorMatrix.uniform(rows: x.movieCount, factors: f, low: -0.5, high: 0.5, seed: 11)
        let start = FactorMatrix.uniform(rows: x.userCount, factors: f, low: 0, high: 0.01, seed: 12)
        let users = AlignedRows(start), items = AlignedRows(y)
        ALSImplicit.halfStep(solving: users, rows: x.userCount, given: items, givenRows: x.movieCount,
                             offsets: x.offsets, indices: x.movies, regularization: Float(lambda),
                             shape: .init(factors: f, stride: y.stride, confidence: Float(1 + alpha), cgSteps: 60),
                             threads: 2)
        var solved = start
        users.copy(into: &solved)
        var worst = 0.0
        for u in 0..<x.userCount {
            let rated = x.movies(of: Int32(u)).map { Int($0) }
            let got = solved.row(u).map(Double.init)
            if rated.isEmpty {
                #expect(got.allSatisfy { $0 == 0 }, "user \(u) has no interaction: zero factors")
                continue
            }
            let exact = Self.exactRow(rated: rated, fixed: y, regularization: lambda, confidence: 1 + alpha)
            worst = max(worst, zip(got, exact).map { abs($0 - $1) }.max()!)
        }
        #expect(worst <= 1e-6, "largest |x_CG − x_exact| = \(worst)")
    }

    @Test("After a fit with many CG steps the movie factors solve their normal equations given the user factors (Float accuracy)")
    func fittedItemsSolveTheirEquations() throws {
        let model = ALSImplicit(factors: 6, regularization: 0.2, alpha: 2, iterations: 3, cgSteps: 60)
        let fitted = try model.fit(Self.planted, seed: 5)
        let byMovie = Interactions(Self.planted).transposed()
        var worst = 0.0, largest = 0.0, checked = 0
        for i in 0..<fitted.items.rows {
            let rated = byMovie.movies(of: Int32(i)).map { Int($0) }
            guard !rated.isEmpty else { continue }
            let exact = Self.exactRow(rated: rated, fixed: fitted.users, regularization: 0.2, confidence: 3)
            worst = max(worst, zip(fitted.items.row(i).map(Double.init), exact).map { abs($0 - $1) }.max()!)
            largest = max(largest, exact.map(abs).max()!)
            checked += 1
        }
        #expect(checked == 80)
        // Float CG reaches about the unit roundoff (6e-8) times the system's condition number: the fitted
        // user factors are nearly of the planted rank 3 in 6 columns, so the smallest eigenvalues are near λ
        // and the condition number is in the hundreds (1e-6 on the better-conditioned system above). A wrong
        // weight, sign or Gram matrix is off by O(|y|).
        #expect(worst <= 2e-5 * largest, "largest |y_CG − y_exact| = \(worst), largest |y_exact| = \(largest)")
    }

    @Test("The fit is bit-identical on one thread and on several")
    func threadCountChangesNothing() throws {
        var one = ALSImplicit(factors: 16, iterations: 4)
        one.threads = 1
        var many = one
        many.threads = 4
        let a = try one.fit(Self.planted, seed: 9), b = try many.fit(Self.planted, seed: 9)
        #expect(a.users.storage.map(\.bitPattern) == b.users.storage.map(\.bitPattern))
        #expect(a.items.storage.map(\.bitPattern) == b.items.storage.map(\.bitPattern))
    }

    // MARK: - implicit's conventions

    @Test("BPR keeps implicit's bias column: users hold 1, a user without interactions scores the movie biases, an unrated movie 0")
    func bprBiasColumn() throws {
        let fitted = try BPR(factors: 5, iterations: 20).fit(Self.planted, seed: 3)
        #expect(fitted.users.factors == 6 && fitted.items.factors == 6)
        for u in 0..<fitted.users.rows { #expect(fitted.users.storage[u * fitted.users.stride + 5] == 1) }
        // User 60 and movies 80, 81 have no training rating.
        #expect(fitted.users.row(60).dropLast().allSatisfy { $0 == 0 })
        #expect(fitted.items.row(80).allSatisfy { $0 == 0 } && fitted.items.row(81).allSatisfy { $0 == 0 })
        #expect(fitted.estimate(user: 60, movie: 7) == .value(Double(fitted.items.storage[7 * fitted.items.stride + 5])))
        #expect(fitted.estimate(user: 3, movie: 81) == .value(0))
        let biases = (0..<80).map { fitted.items.storage[$0 * fitted.items.stride + 5] }
        #expect(Set(biases).count > 40, "the movie biases were learned")
    }

    @Test("BPR ranks a user's rated movies above the others on its training data (AUC > 0.8)")
    func bprLearnsTheTrainingOrder() throws {
        let fitted = try BPR(factors: 16, learningRate: 0.05, iterations: 60).fit(Self.planted, seed: 1)
        let x = Interactions(Self.planted)
        var above = 0, pairs = 0
        for u in 0..<60 {
            let rated = Set(x.movies(of: Int32(u)))
            let score = (0..<80).map { m -> Double in
                guard case .value(let s) = fitted.estimate(user: Int32(u), movie: Int32(m)) else { return .nan }
                return s
            }
            for i in rated { for j in 0..<80 where !rated.contains(Int32(j)) {
                pairs += 1
                if score[Int(i)] > score[j] { above += 1 }
            } }
        }
        #expect(Double(above) / Double(pairs) > 0.8, "AUC \(Double(above) / Double(pairs))")
    }

    @Test("ALS with confidence 1 + alpha: a larger alpha pulls a user's rated movies' scores towards 1")
    func alphaWeighsTheInteractions() throws {
        func meanRatedScore(alpha: Double) throws -> Double {
            let fitted = try ALSImplicit(factors: 16, regularization: 0.01, alpha: alpha, iterations: 10).fit(Self.planted, seed: 2)
            let x = Interactions(Self.planted)
            var s = 0.0
            for k in 0..<x.count {
                let u = Int32(x.offsets.lastIndex { $0 <= k }!)
                if case .value(let v) = fitted.estimate(user: u, movie: x.movies[k]) { s += v }
            }
            return s / Double(x.count)
        }
        let low = try meanRatedScore(alpha: 0), high = try meanRatedScore(alpha: 40)
        #expect(high > low && high > 0.8 && high < 1.05, "mean score of rated cells: alpha 0 → \(low), alpha 40 → \(high)")
    }

    @Test("Bad parameters are refused naming the key", arguments: [
        ("als_implicit", "alpha", ParameterValue.double(-1)), ("als_implicit", "factors", .int(0)),
        ("als_implicit", "regularization", .double(0)), ("als_implicit", "cg_steps", .int(0)),
        ("bpr", "factors", .int(0)), ("bpr", "learning_rate", .double(0)), ("bpr", "regularization", .double(-0.1)),
        ("bpr", "iterations", .int(-1)),
    ])
    func badParameters(kind: String, key: String, value: ParameterValue) throws {
        let error = #expect(throws: RatingModelError.self) { try ModelRegistry.make(kind: kind, parameters: [key: value]) }
        #expect(error?.key == key && error?.kind == kind)
        #expect(error?.description.contains("parameter '\(key)'") == true)
    }

    // MARK: - Ranking quality against implicit on ml-latest-small

    /// The fixture: `scripts/oracles/implicit_models.py` (implicit 0.7.3; versions and command in the file).
    struct Oracle: Decodable {
        struct Stat: Decodable { var mean: Double; var sd: Double }
        struct Model: Decodable {
            var parameters: [String: ParameterValueJSON]
            var summary: [String: Stat]
            var seeds: [[String: Double]]
            var users: Int
        }
        var k: Int
        var threshold: Double
        var training_count: Int
        var models: [String: Model]
    }

    /// A JSON number or boolean as a registry value.
    enum ParameterValueJSON: Decodable {
        case number(Double), bool(Bool)
        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let b = try? c.decode(Bool.self) { self = .bool(b) } else { self = .number(try c.decode(Double.self)) }
        }
        func value(for spec: ParameterSpec) -> ParameterValue {
            switch self {
            case .bool(let b): return .bool(b)
            case .number(let d):
                if case .int = spec.domain { return .int(Int(d)) }
                return .double(d)
            }
        }
    }

    /// precision@k, recall@k and NDCG@k as `TopNMetrics` defines them (binary gains, discount 1/log₂(rank + 1),
    /// averaged over users with a relevant test movie), from `recommend`'s lists (training movies excluded).
    static func topN(_ fitted: some FittedRatingModel, train: TrainingSet, relevant: [Int32: Set<Int32>], k: Int)
        -> (precision: Double, recall: Double, ndcg: Double, users: Int) {
        var p = 0.0, r = 0.0, n = 0.0
        for (u, rel) in relevant {
            let top = fitted.recommend(user: u, count: k, train: train).map(\.movie)
            var hits = 0, dcg = 0.0
            for (rank, m) in top.enumerated() where rel.contains(m) {
                hits += 1
                dcg += 1 / log2(Double(rank) + 2)
            }
            let idcg = (0..<min(k, rel.count)).reduce(0.0) { $0 + 1 / log2(Double($1) + 2) }
            p += Double(hits) / Double(k)
            r += Double(hits) / Double(rel.count)
            n += dcg / idcg
        }
        let users = Double(relevant.count)
        return (p / users, r / users, n / users, relevant.count)
    }

    /// Seeds RecLab fits per model (the oracle has its own count, in the fixture).
    static let seeds: [UInt64] = [0, 1, 2]

    /// Tolerance on a difference of seed means: three standard errors of the difference
    /// (sd from each tool's seed-to-seed spread, n its seed count) plus a floor of 0.005 for
    /// what the seeds do not show (the two tools' samplers and float summation orders differ).
    static func tolerance(_ a: [Double], oracle: Oracle.Stat, oracleSeeds: Int) -> Double {
        let mean = a.reduce(0, +) / Double(a.count)
        let sd = (a.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(a.count - 1)).squareRoot()
        return 3 * (sd * sd / Double(a.count) + oracle.sd * oracle.sd / Double(oracleSeeds)).squareRoot() + 0.005
    }

    @Test("Top-10 precision, recall and NDCG equal implicit's within the seed spread on ml-latest-small",
          .requiresRealData, arguments: ["als_implicit", "bpr"])
    func matchesImplicit(kind: String) throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/implicit_ranking.json")
        let oracle = try JSONDecoder().decode(Oracle.self, from: Data(contentsOf: url))
        let expected = try #require(oracle.models[kind])
        let ds = try #require(try RealData.mlLatestSmall())
        let train = TrainingSet(dataset: ds, indices: (0..<ds.ratings.count).filter { $0 % 5 != 0 })
        #expect(train.count == oracle.training_count)
        var relevant: [Int32: Set<Int32>] = [:]
        for row in stride(from: 0, to: ds.ratings.count, by: 5) where Double(ds.ratings.values[row]) >= oracle.threshold {
            relevant[ds.ratings.users[row], default: []].insert(ds.ratings.movies[row])
        }
        #expect(relevant.count == expected.users)
        let specs = try #require(ModelRegistry.specs(for: kind))
        var parameters: Parameters = [:]
        for (name, v) in expected.parameters {
            let spec = try #require(specs.first { $0.name == name }, "unknown parameter \(name) in the fixture")
            parameters[name] = v.value(for: spec)
        }
        let model = try ModelRegistry.make(kind: kind, parameters: parameters)
        var got: [String: [Double]] = ["precision": [], "recall": [], "ndcg": []]
        for seed in Self.seeds {
            let m = Self.topN(try model.fit(train, seed: seed), train: train, relevant: relevant, k: oracle.k)
            got["precision"]!.append(m.precision)
            got["recall"]!.append(m.recall)
            got["ndcg"]!.append(m.ndcg)
        }
        for (name, values) in got.sorted(by: { $0.key < $1.key }) {
            let stat = try #require(expected.summary[name])
            let mean = values.reduce(0, +) / Double(values.count)
            let tol = Self.tolerance(values, oracle: stat, oracleSeeds: expected.seeds.count)
            #expect(abs(mean - stat.mean) <= tol,
                    "\(kind) \(name)@\(oracle.k): RecLab \(mean) (seeds \(values)), implicit \(stat.mean) ± \(stat.sd), tolerance \(tol)")
        }
    }
}
