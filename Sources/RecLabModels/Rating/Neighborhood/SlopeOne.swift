import Foundation
import RecLabLinearAlgebra

/// Surprise's `SlopeOne` (Lemire & Maclachlan 2005).
///
/// dev(i, j) = mean over users u who rated both of (r_ui − r_uj);
/// r̂(u, i) = μ_u + mean of dev(i, j) over the j ∈ I_u with at least one
/// co-rating with i (μ_u alone if there is none). Unknown user or movie:
/// impossible (global mean), as Surprise.
///
/// `surprise_int_ratings: true` reproduces Surprise 1.1.5 exactly, which
/// declares r_ui, r_uj `cdef int` and so truncates half stars (3.5 → 3) in the
/// deviations (not in the user means); the default uses the ratings as given.
///
/// Memory: packed movie × movie triangles of deviations (Float) and counts
/// (Int32), 4·n² bytes; refused beyond the similarity memory limit. Work
/// O(Σ_u |I_u|²/2), rows in parallel, deterministic. No seed.
public struct SlopeOne: RatingModel {
    public var memoryLimitBytes = SimilarityMatrix.defaultMemoryLimit
    public var surpriseIntRatings: Bool = SlopeOne.table.defaultValue(of: \.surpriseIntRatings)
    public init() {}
    public static let kindName = "slope_one"
    public var kind: String { Self.kindName }
    public static let table = ParameterTable<SlopeOne>([
        .bool("surprise_int_ratings", default: false,
              "truncate ratings to integers in the deviations, as Surprise 1.1.5 does (a bug kept for comparison)",
              \.surpriseIntRatings),
    ])
    public init(parameters: Parameters) throws {
        try Self.table.read(parameters, kind: Self.kindName, into: &self)
    }
    public var parameters: Parameters { Self.table.values(of: self) }

    public func fit(_ train: TrainingSet, seed: UInt64, options: FitOptions) throws -> FittedSlopeOne {
        let n = train.movieCount
        let cells = max(0, n * (n - 1) / 2)
        guard cells * 8 <= memoryLimitBytes else {
            throw RatingModelError(String(format: "slope one over %d movies needs %.1f GB (limit %.1f GB)", n,
                                          Double(cells * 8) / 1e9, Double(memoryLimitBytes) / 1e9), kind: Self.kindName)
        }
        let truncate = surpriseIntRatings
        let byMovie = train.byMovie()
        let users = KNN.sortedLists((offsets: train.userOffsets, others: train.userMovies, values: train.userValues))
        var dev = [Float](repeating: 0, count: cells)
        var freq = [Int32](repeating: 0, count: cells)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        let chunk = 16, chunks = (n + chunk - 1) / chunk
        dev.withUnsafeMutableBufferPointer { dp in
            freq.withUnsafeMutableBufferPointer { fp in
                let D = UnsafeSendablePointer(dp.baseAddress ?? UnsafeMutablePointer<Float>(bitPattern: 16)!)
                let F = UnsafeSendablePointer(fp.baseAddress ?? UnsafeMutablePointer<Int32>(bitPattern: 16)!)
                let next = AtomicCounter()
                DispatchQueue.concurrentPerform(iterations: workers) { _ in
                    var sum = [Double](repeating: 0, count: n)
                    var cnt = [Int32](repeating: 0, count: n)
                    var touched: [Int] = []
                    while true {
                        let c = next.increment()
                        if c >= chunks { break }
                        for a in (c * chunk)..<min(n, (c + 1) * chunk) {
                            touched.removeAll(keepingCapacity: true)
                            for k in byMovie.offsets[a]..<byMovie.offsets[a + 1] {
                                let u = Int(byMovie.users[k])
                                let ra = truncate ? Double(Int(byMovie.values[k])) : Double(byMovie.values[k])
                                var lo = users.offsets[u], hi = users.offsets[u + 1]
                                while lo < hi {
                                    let mid = (lo + hi) / 2
                                    if Int(users.others[mid]) <= a { lo = mid + 1 } else { hi = mid }
                                }
                                for m in lo..<users.offsets[u + 1] {
                                    let b = Int(users.others[m])
                                    if cnt[b] == 0 { touched.append(b) }
                                    cnt[b] += 1
                                    sum[b] += ra - (truncate ? Double(Int(users.values[m])) : Double(users.values[m]))
                                }
                            }
                            let base = a * (2 * n - a - 1) / 2 - a - 1
                            for b in touched {
                                D.base[base + b] = Float(sum[b] / Double(cnt[b]))
                                F.base[base + b] = cnt[b]
                                sum[b] = 0; cnt[b] = 0
                            }
                        }
                    }
                }
            }
        }
        var means = [Double](repeating: 0, count: train.userCount)
        for u in train.userOrder {
            let vs = train.values(ratedBy: u)
            means[Int(u)] = vs.reduce(0.0) { $0 + Double($1) } / Double(vs.count)
        }
        options.progress?(1, 1)
        return FittedSlopeOne(summary: TrainingSummary(train), n: n, dev: dev, freq: freq, userMeans: means,
                              userOffsets: train.userOffsets, userMovies: train.userMovies)
    }
}

public struct FittedSlopeOne: FittedRatingModel {
    public let summary: TrainingSummary
    public var learningCurve: LearningCurve { LearningCurve() }
    let n: Int
    let dev: [Float]
    let freq: [Int32]
    let userMeans: [Double]
    let userOffsets: [Int]
    let userMovies: [Int32]

    /// (dev(i, j), freq(i, j)) with dev antisymmetric; i ≠ j.
    @inline(__always) func pair(_ i: Int, _ j: Int) -> (Double, Int32) {
        let (a, b, sign) = i < j ? (i, j, 1.0) : (j, i, -1.0)
        let idx = a * (2 * n - a - 1) / 2 + (b - a - 1)
        return (sign * Double(dev[idx]), freq[idx])
    }

    public func estimate(user u: Int32, movie i: Int32) -> Estimate {
        guard summary.knows(user: u), summary.knows(movie: i) else { return .impossible("User and/or item is unknown.") }
        var s = 0.0, count = 0
        for k in userOffsets[Int(u)]..<userOffsets[Int(u) + 1] {
            let j = Int(userMovies[k])
            if j == Int(i) { count += 1; continue }  // Surprise: freq(i, i) > 0 and dev(i, i) = 0
            let (d, f) = pair(Int(i), j)
            if f > 0 { s += d; count += 1 }
        }
        return .value(userMeans[Int(u)] + (count > 0 ? s / Double(count) : 0))
    }
}
