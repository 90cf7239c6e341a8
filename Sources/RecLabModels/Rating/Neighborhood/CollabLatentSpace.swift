import RecLabData
import RecLabLinearAlgebra

/// The collab latent space of a training set, for `LatentKNN`: the movie ×
/// user matrix of the training ratings (missing = 0; with `centering`, each
/// rating minus its user's or its movie's mean training rating), reduced by
/// truncated SVD to `svd.components` components — capped at
/// min(movies, users) − 1 of the training ratings, the most a truncated SVD
/// of that matrix has.
///
/// Rows are the movies with at least one training rating, in inner-id order;
/// columns the users in training order. Movies without training ratings get
/// no row. Cost: the SVD's (`TruncatedSVD`), plus O(ratings) to build the matrix.
enum CollabLatentSpace {
    static func build(_ train: TrainingSet, centering: CollabCentering, svd: TruncatedSVDOptions) throws -> LatentMatrix {
        var movieRow = [Int](repeating: -1, count: train.movieCount)
        for m in train.userMovies where movieRow[Int(m)] < 0 { movieRow[Int(m)] = 0 }
        var next = 0
        for i in 0..<movieRow.count where movieRow[i] == 0 { movieRow[i] = next; next += 1 }
        var userCol = [Int32](repeating: -1, count: train.userCount)
        var users = 0
        for u in train.userOrder { userCol[Int(u)] = Int32(users); users += 1 }
        var meanByMovie = [Float](repeating: 0, count: train.movieCount)
        var meanByUser = [Float](repeating: 0, count: train.userCount)
        if centering != .none {
            var sum = [Double](repeating: 0, count: centering == .user ? train.userCount : train.movieCount)
            var n = [Int](repeating: 0, count: sum.count)
            for u in train.userOrder {
                for k in train.userOffsets[Int(u)]..<train.userOffsets[Int(u) + 1] {
                    let g = centering == .user ? Int(u) : Int(train.userMovies[k])
                    sum[g] += Double(train.userValues[k]); n[g] += 1
                }
            }
            let means = zip(sum, n).map { $1 > 0 ? Float($0 / Double($1)) : 0 }
            if centering == .user { meanByUser = means } else { meanByMovie = means }
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
        var options = svd
        options.components = min(svd.components, max(1, min(next, users) - 1))
        let latent = try TruncatedSVD.fit(matrix, options: options).transformed
        return try LatentMatrix(rows: latent.rows, columns: latent.cols, values: latent.values, movieRows: movieRow)
    }
}
