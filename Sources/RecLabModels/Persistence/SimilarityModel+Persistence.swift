import RecLabLinearAlgebra

/// Sections: `similarity.config` (JSON `SimilarityConfig`), `similarity.movies`
/// (Int32 inner ids), `similarity.movie_ids` (Int64 movieIds), `similarity.titles`,
/// `similarity.users` (Int32), `similarity.vocabulary` (the TF-IDF terms), and
/// per space (`content`, `collab`): `<s>.latent` (Float32, rows × k),
/// `<s>.shape` (Int64: rows, k, input rows, input columns, input non-zeros),
/// `<s>.singular` (Float32), `<s>.variances` (Float64, k), `<s>.total_variance`,
/// `<s>.method` (one string). The unit rows used for cosines are recomputed
/// from the latent rows by the same code as at fit time, so scores and
/// neighbour lists of a loaded model equal the fitted model's exactly.
extension SimilarityModel {
    public static let payloadType = "similarity"

    public func encode(into w: inout ModelPayloadWriter) throws {
        try w.append("similarity.config", json: config)
        w.append("similarity.movies", int32s: movies)
        w.append("similarity.movie_ids", ints: movieIDs)
        w.append("similarity.titles", strings: titles)
        w.append("similarity.users", int32s: users)
        w.append("similarity.vocabulary", strings: vocabulary)
        content.encode("content", into: &w)
        collab.encode("collab", into: &w)
    }

    public init(decoding r: ModelPayloadReader) throws {
        let config = try r.json("similarity.config", as: SimilarityConfig.self)
        let movies = try r.int32s("similarity.movies")
        guard movies.count >= 1 else { throw r.fail("similarity.movies", "no movies") }
        let movieIDs = try r.ints("similarity.movie_ids", count: movies.count)
        let titles = try r.strings("similarity.titles", count: movies.count)
        var rowByMovie: [Int32: Int] = [:]
        for (i, m) in movies.enumerated() {
            guard m >= 0, rowByMovie.updateValue(i, forKey: m) == nil else {
                throw r.fail("similarity.movies", "inner id \(m) is negative or repeated")
            }
        }
        self.init(config: config, movies: movies, movieIDs: movieIDs, titles: titles,
                  users: try r.int32s("similarity.users"),
                  content: try LatentSpace(decoding: r, "content", rows: movies.count),
                  collab: try LatentSpace(decoding: r, "collab", rows: movies.count),
                  vocabulary: try r.strings("similarity.vocabulary"), rowByMovie: rowByMovie)
    }
}

extension LatentSpace {
    func encode(_ s: String, into w: inout ModelPayloadWriter) {
        w.append("\(s).shape", ints: [latent.rows, latent.cols, inputRows, inputCols, inputNonZeros])
        w.append("\(s).latent", floats: latent.values)
        w.append("\(s).singular", floats: singularValues)
        w.append("\(s).variances", doubles: explainedVariance.variances)
        w.append("\(s).total_variance", doubles: [explainedVariance.totalVariance])
        w.append("\(s).method", strings: [svdMethod.rawValue])
    }

    init(decoding r: ModelPayloadReader, _ s: String, rows: Int) throws {
        let shape = try r.ints("\(s).shape", count: 5)
        guard shape[0] == rows, shape[1] >= 1, shape.allSatisfy({ $0 >= 0 }) else {
            throw r.fail("\(s).shape", "expected \(rows) rows and at least one component, found \(shape[0]) × \(shape[1])")
        }
        let k = shape[1]
        let values = try r.floats("\(s).latent", count: r.product(rows, k, for: "\(s).shape"))
        guard let method = TruncatedSVDOptions.Method(rawValue: try r.strings("\(s).method", count: 1)[0]) else {
            throw r.fail("\(s).method", "unknown SVD method")
        }
        let matrix: DenseMatrix
        do { matrix = try DenseMatrix(rows: rows, cols: k, values: values) } catch {
            throw r.fail("\(s).latent", "\(error)")
        }
        latent = matrix
        explainedVariance = ExplainedVariance(variances: try r.doubles("\(s).variances", count: k),
                                              totalVariance: try r.double("\(s).total_variance"))
        singularValues = try r.floats("\(s).singular", count: k)
        inputRows = shape[2]
        inputCols = shape[3]
        inputNonZeros = shape[4]
        svdMethod = method
        unitRows = matrix.rowNormalized()
    }
}
