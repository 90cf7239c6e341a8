/// Sections `summary.counts` (Int64: users, movies, ratings), `summary.scale`
/// (Float32: lower, upper), `summary.mean` (Float64), `summary.known_users`,
/// `summary.known_movies` (UInt8 0/1 by inner id).
extension TrainingSummary {
    func encode(into w: inout ModelPayloadWriter) {
        w.append("summary.counts", ints: [userCount, movieCount, ratingCount])
        w.append("summary.scale", floats: [ratingScale.lowerBound, ratingScale.upperBound])
        w.append("summary.mean", doubles: [globalMean])
        w.append("summary.known_users", bools: knownUsers)
        w.append("summary.known_movies", bools: knownMovies)
    }

    init(decoding r: ModelPayloadReader) throws {
        let counts = try r.ints("summary.counts", count: 3)
        guard counts.allSatisfy({ $0 >= 0 }) else { throw r.fail("summary.counts", "negative count in \(counts)") }
        let scale = try r.floats("summary.scale", count: 2)
        guard scale[0].isFinite, scale[1].isFinite, scale[0] <= scale[1] else {
            throw r.fail("summary.scale", "expected a rating scale lower ≤ upper, found \(scale)")
        }
        let mean = try r.double("summary.mean")
        guard mean.isFinite else { throw r.fail("summary.mean", "global mean is not finite") }
        userCount = counts[0]
        movieCount = counts[1]
        ratingCount = counts[2]
        ratingScale = scale[0]...scale[1]
        globalMean = mean
        knownUsers = try r.bools("summary.known_users", count: counts[0])
        knownMovies = try r.bools("summary.known_movies", count: counts[1])
    }
}

/// Sections `curve.train`, `curve.validation` (Float64) and `curve.diverged`
/// (Int64: the epoch, or −1).
extension LearningCurve {
    func encode(into w: inout ModelPayloadWriter) {
        w.append("curve.train", doubles: trainRMSE)
        w.append("curve.validation", doubles: validationRMSE)
        w.append("curve.diverged", ints: [divergedAtEpoch ?? -1])
    }

    init(decoding r: ModelPayloadReader) throws {
        let diverged = try r.int("curve.diverged")
        self.init(trainRMSE: try r.doubles("curve.train"), validationRMSE: try r.doubles("curve.validation"),
                  divergedAtEpoch: diverged >= 0 ? diverged : nil)
    }
}

extension FactorMatrix {
    /// Sections `<tag>.shape` (Int64: rows, factors) and `<tag>` (Float32, rows × stride, padding included).
    func encode(_ tag: String, into w: inout ModelPayloadWriter) {
        w.append(tag + ".shape", ints: [rows, factors])
        w.append(tag, floats: storage)
    }

    /// Reads a matrix that must have `rows` rows; the padding columns must be zero.
    init(decoding r: ModelPayloadReader, _ tag: String, rows expectedRows: Int) throws {
        let shape = try r.ints(tag + ".shape", count: 2)
        guard shape[0] == expectedRows else {
            throw r.fail(tag + ".shape", "expected \(expectedRows) rows (the training set's id count), found \(shape[0])")
        }
        guard (1...65_536).contains(shape[1]) else { throw r.fail(tag + ".shape", "implausible factor count \(shape[1])") }
        // The stored values are read (and their count checked) before the matrix
        // is allocated, so a damaged shape cannot make the reader allocate more
        // than the file holds.
        let stride = FactorMatrix(rows: 0, factors: shape[1]).stride
        let values = try r.floats(tag, count: r.product(shape[0], stride, for: tag + ".shape"))
        self.init(rows: shape[0], factors: shape[1])
        if stride > factors {
            for row in 0..<rows where values[(row * stride + factors)..<((row + 1) * stride)].contains(where: { $0 != 0 }) {
                throw r.fail(tag, "padding columns of row \(row) are not zero")
            }
        }
        storage = values
    }

    /// Reads the user factors at `users` (one row per user of `s`), then the movie factors at
    /// `movies` (one row per movie); the two must have the same width.
    static func decodingPair(_ r: ModelPayloadReader, users: String, movies: String, summary s: TrainingSummary) throws
        -> (users: FactorMatrix, movies: FactorMatrix) {
        let u = try FactorMatrix(decoding: r, users, rows: s.userCount)
        let m = try FactorMatrix(decoding: r, movies, rows: s.movieCount)
        guard u.factors == m.factors else {
            throw r.fail(movies, "user and movie factors differ in width (\(u.factors) vs \(m.factors))")
        }
        return (u, m)
    }
}
