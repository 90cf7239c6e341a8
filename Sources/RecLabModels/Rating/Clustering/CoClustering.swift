import RecLabCore

/// Surprise's `CoClustering` (George & Merugu 2005): users and movies each
/// assigned to one of a few clusters;
/// r̂(u, i) = A(C_u, C_i) + (μ_u − A_u(C_u)) + (μ_i − A_i(C_i)),
/// A the mean rating of a co-cluster, A_u / A_i of a user / movie cluster
/// (the global mean for an empty cluster), μ_u / μ_i the user / movie means.
///
/// As Surprise 1.1.5: random initial clusters; each epoch computes the
/// averages, reassigns every user to the cluster minimising its squared error
/// (ties: lowest cluster), then every movie (with the users' new clusters but
/// the same averages); averages recomputed at the end. Unknown user or movie
/// → the global mean. Surprise declares the rating `cdef int`, so in its whole
/// fit (user and movie means, errors, cluster averages) half stars are
/// truncated (3.5 → 3); RecLab uses the ratings as given unless
/// `surprise_int_ratings: true`, which reproduces that.
/// Complexity O(epochs · ratings · (clusters_u + clusters_i)).
/// Seed: initial clusters from `SplitMix64.derive(seed, "coclustering")`.
public struct CoClustering: RatingModel {
    public var userClusters: Int = CoClustering.table.defaultValue(of: \.userClusters)
    public var movieClusters: Int = CoClustering.table.defaultValue(of: \.movieClusters)
    public var nEpochs: Int = CoClustering.table.defaultValue(of: \.nEpochs)
    public var surpriseIntRatings: Bool = CoClustering.table.defaultValue(of: \.surpriseIntRatings)
    public init() {}
    public static let kindName = "co_clustering"
    public var kind: String { Self.kindName }
    public static let table = ParameterTable<CoClustering>([
        .int("n_cltr_u", 1...1000, default: 3, "number of user clusters", \.userClusters),
        .int("n_cltr_i", 1...1000, default: 3, "number of movie clusters", \.movieClusters),
        .int("n_epochs", 0...100_000, default: 20, "reassignment passes", \.nEpochs),
        .bool("surprise_int_ratings", default: false,
              "truncate ratings to integers while fitting, as Surprise 1.1.5 does (a bug kept for comparison)",
              \.surpriseIntRatings),
    ])
    public init(parameters: Parameters) throws {
        try Self.table.read(parameters, kind: Self.kindName, into: &self)
    }
    public var parameters: Parameters { Self.table.values(of: self) }

    public func fit(_ given: TrainingSet, seed: UInt64, options: FitOptions) throws -> FittedCoClustering {
        // Surprise-compatible mode fits on truncated ratings (the global mean included).
        let train = surpriseIntRatings ? given.mappingValues { Float(Int($0)) } : given
        var rng = Xoshiro256StarStar(seed: SplitMix64.derive(seed, "coclustering"))
        var cu = (0..<train.userCount).map { _ in Int(rng.next() % UInt64(userClusters)) }
        var ci = (0..<train.movieCount).map { _ in Int(rng.next() % UInt64(movieClusters)) }
        let ir = train.byMovie()
        var um = [Double](repeating: 0, count: train.userCount), im = [Double](repeating: 0, count: train.movieCount)
        for u in train.userOrder {
            let vs = train.values(ratedBy: u); um[Int(u)] = vs.reduce(0.0) { $0 + Double($1) } / Double(vs.count)
        }
        for i in 0..<train.movieCount where ir.offsets[i + 1] > ir.offsets[i] {
            var s = 0.0
            for k in ir.offsets[i]..<ir.offsets[i + 1] { s += Double(ir.values[k]) }
            im[i] = s / Double(ir.offsets[i + 1] - ir.offsets[i])
        }
        var curve = LearningCurve()
        let summary = TrainingSummary(given)
        var avg = averages(train, cu, ci, g: given.globalMean)
        for epoch in 0..<nEpochs {
            for u32 in train.userOrder {
                let u = Int(u32)
                var best = 0, bestErr = Double.infinity
                for c in 0..<userClusters {
                    var e = 0.0
                    for k in train.userOffsets[u]..<train.userOffsets[u + 1] {
                        let i = Int(train.userMovies[k]), ic = ci[i]
                        let est = avg.co[c * movieClusters + ic] + um[u] - avg.u[c] + im[i] - avg.i[ic]
                        let d = Double(train.userValues[k]) - est
                        e += d * d
                    }
                    if e < bestErr { bestErr = e; best = c }
                }
                cu[u] = best
            }
            for i in 0..<train.movieCount where ir.offsets[i + 1] > ir.offsets[i] {
                var best = 0, bestErr = Double.infinity
                for c in 0..<movieClusters {
                    var e = 0.0
                    for k in ir.offsets[i]..<ir.offsets[i + 1] {
                        let u = Int(ir.users[k]), uc = cu[u]
                        let est = avg.co[uc * movieClusters + c] + um[u] - avg.u[uc] + im[i] - avg.i[c]
                        let d = Double(ir.values[k]) - est
                        e += d * d
                    }
                    if e < bestErr { bestErr = e; best = c }
                }
                ci[i] = best
            }
            avg = averages(train, cu, ci, g: given.globalMean)
            let fitted = FittedCoClustering(summary: summary, learningCurve: curve, cu: cu, ci: ci, um: um, im: im, avg: avg,
                                            movieClusters: movieClusters)
            var sse = 0.0
            for u in train.userOrder {
                for (m, v) in zip(train.movies(ratedBy: u), train.values(ratedBy: u)) {
                    if case .value(let e) = fitted.estimate(user: u, movie: m) { sse += (e - Double(v)) * (e - Double(v)) }
                }
            }
            curve.trainRMSE.append(train.isEmpty ? 0 : (sse / Double(train.count)).squareRoot())
            if let v = options.validation { curve.validationRMSE.append(fitted.rmse(on: v)) }
            options.progress?(epoch + 1, nEpochs)
        }
        return FittedCoClustering(summary: summary, learningCurve: curve, cu: cu, ci: ci, um: um, im: im, avg: avg,
                                  movieClusters: movieClusters)
    }

    /// Cluster and co-cluster mean ratings; `g` (the training mean) for an empty one.
    func averages(_ t: TrainingSet, _ cu: [Int], _ ci: [Int], g: Double) -> (u: [Double], i: [Double], co: [Double]) {
        var su = [Double](repeating: 0, count: userClusters), nu = [Int](repeating: 0, count: userClusters)
        var si = [Double](repeating: 0, count: movieClusters), ni = [Int](repeating: 0, count: movieClusters)
        var sc = [Double](repeating: 0, count: userClusters * movieClusters), nc = [Int](repeating: 0, count: sc.count)
        for u in t.userOrder {
            for (m, v) in zip(t.movies(ratedBy: u), t.values(ratedBy: u)) {
                let a = cu[Int(u)], b = ci[Int(m)], r = Double(v)
                su[a] += r; nu[a] += 1; si[b] += r; ni[b] += 1; sc[a * movieClusters + b] += r; nc[a * movieClusters + b] += 1
            }
        }
        return (zip(su, nu).map { $1 > 0 ? $0 / Double($1) : g }, zip(si, ni).map { $1 > 0 ? $0 / Double($1) : g },
                zip(sc, nc).map { $1 > 0 ? $0 / Double($1) : g })
    }
}

public struct FittedCoClustering: FittedRatingModel {
    public let summary: TrainingSummary
    public let learningCurve: LearningCurve
    let cu: [Int], ci: [Int], um: [Double], im: [Double]
    let avg: (u: [Double], i: [Double], co: [Double])
    let movieClusters: Int

    public func estimate(user u: Int32, movie i: Int32) -> Estimate {
        guard summary.knows(user: u), summary.knows(movie: i) else { return .value(summary.globalMean) }
        let a = cu[Int(u)], b = ci[Int(i)]
        return .value(avg.co[a * movieClusters + b] + um[Int(u)] - avg.u[a] + im[Int(i)] - avg.i[b])
    }
}
