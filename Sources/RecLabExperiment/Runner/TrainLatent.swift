import RecLabCore
import RecLabData
import RecLabLinearAlgebra
import RecLabModels

/// The collab latent space of one split's training ratings, for the
/// tutorial's memory-based predictor (`latent_knn`): the movie × user matrix
/// of the training ratings (missing = 0, optionally centred as
/// `similarity.centering` says), reduced by truncated SVD to
/// `similarity.collab_components` components (seed
/// `derive(similarity.seed, "collab-svd")`, as the similarity stage).
///
/// Built from the training ratings only, so the test ratings never leak
/// into the predictor; the tutorial fitted its SVD on every rating, which
/// makes its RMSE optimistic. Movies without training ratings get no row.
enum TrainLatent {
    static func build(train: TrainingSet, spec: SimilaritySpec) throws -> LatentMatrix {
        var movieRow = [Int](repeating: -1, count: train.movieCount)
        for m in train.userMovies where movieRow[Int(m)] < 0 { movieRow[Int(m)] = 0 }
        var next = 0
        for i in 0..<movieRow.count where movieRow[i] == 0 { movieRow[i] = next; next += 1 }
        var userCol = [Int32](repeating: -1, count: train.userCount)
        var users = 0
        for u in train.userOrder { userCol[Int(u)] = Int32(users); users += 1 }
        var meanByMovie = [Float](repeating: 0, count: train.movieCount)
        var meanByUser = [Float](repeating: 0, count: train.userCount)
        if spec.centering != "none" {
            var sum = [Double](repeating: 0, count: spec.centering == "user" ? train.userCount : train.movieCount)
            var n = [Int](repeating: 0, count: sum.count)
            for u in train.userOrder {
                for k in train.userOffsets[Int(u)]..<train.userOffsets[Int(u) + 1] {
                    let g = spec.centering == "user" ? Int(u) : Int(train.userMovies[k])
                    sum[g] += Double(train.userValues[k]); n[g] += 1
                }
            }
            let means = zip(sum, n).map { $1 > 0 ? Float($0 / Double($1)) : 0 }
            if spec.centering == "user" { meanByUser = means } else { meanByMovie = means }
        }
        var rows: [Int32] = [], cols: [Int32] = [], vals: [Float] = []
        rows.reserveCapacity(train.count); cols.reserveCapacity(train.count); vals.reserveCapacity(train.count)
        for u in train.userOrder {
            for k in train.userOffsets[Int(u)]..<train.userOffsets[Int(u) + 1] {
                let m = Int(train.userMovies[k])
                rows.append(Int32(movieRow[m]))
                cols.append(userCol[Int(u)])
                vals.append(train.userValues[k] - meanByMovie[m] - meanByUser[Int(u)])
            }
        }
        let matrix = try CSRMatrix(rows: next, cols: users, triplets: rows, cols, vals)
        let components = min(spec.collabComponents, max(1, min(next, users) - 1))
        let options = TruncatedSVDOptions(components: components, oversamples: spec.oversampling,
                                          powerIterations: spec.powerIterations,
                                          method: TruncatedSVDOptions.Method(rawValue: spec.svdMethod) ?? .auto,
                                          seed: SplitMix64.derive(spec.seed, "collab-svd"))
        let svd = try TruncatedSVD.fit(matrix, options: options)
        let latent = svd.transformed
        return try LatentMatrix(rows: latent.rows, columns: latent.cols, values: latent.values, movieRows: movieRow)
    }
}
