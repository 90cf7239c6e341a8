import Foundation
import RecLabCore

/// Writes a MovieLens-layout folder drawn from a planted model, so accuracy
/// at scale can be checked against a known noise floor.
///
/// Model: the noiseless score of user u for movie i is
/// `s = μ + b_u + b_i + p_u·q_i` with `b_u ~ N(0, σ_u²)`, `b_i ~ N(0, σ_i²)`
/// and factor entries `~ N(0, (sd²/k)^{1/2})` so that `p_u·q_i` has standard
/// deviation `interactionSD`. The observed rating is `s + ε`, `ε ~ N(0, σ²)`,
/// rounded to the nearest half star and clipped to 0.5–5.
/// Which movies a user rates: each user rates `minRatingsPerUser` plus a
/// power-law share of the remaining ratings, ∝ (U/(rank + c))^γ − (U/(U + c))^γ
/// (largest-remainder rounding, so the total is exact; the least active user
/// rates exactly the minimum), drawn without replacement with probability
/// ∝ (popularity rank + offset)^−exponent (alias sampling with rejection of
/// repeats; an exponential-race draw finishes users whose remaining movies
/// are mostly rare). Genres come from latent topics (a random direction per
/// genre in factor space; a movie takes its 1–4 best-aligned topics), tags
/// from the words of a genre of the tagged movie, timestamps uniformly in a
/// per-user activity window inside `firstTime...lastTime`.
///
/// Seeds: every random quantity comes from `SplitMix64.derive(seed, label)`
/// streams (`"synth:movies"`, `"synth:users"`, `"synth:tags"`, and one stream
/// per user), so the output is identical for a seed whatever the thread
/// count. Cost: O(ratings · k) plus 9 `erfc` per rating for the noise floor;
/// users are generated in parallel blocks and written in order.
public enum PlantedModelGenerator {
    public static let version = "reclab-planted-2"

    public static func generate(_ config: PlantedModelConfig, to directory: URL) throws -> PlantedModelReport {
        let started = DispatchTime.now().uptimeNanoseconds
        try config.validate()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let U = config.users, M = config.movies, K = config.factors
        let factorSD = Float((config.interactionSD * config.interactionSD / Double(K)).squareRoot().squareRoot())

        // Movies: biases, factors, popularity, genres.
        var mr = Xoshiro256StarStar(seed: SplitMix64.derive(config.seed, "synth:movies"))
        var movieBias = [Float](repeating: 0, count: M)
        var movieFactors = [Float](repeating: 0, count: M * K)
        for j in 0..<M {
            movieBias[j] = Float(mr.nextGaussian() * config.movieBiasSD)
            for f in 0..<K { movieFactors[j * K + f] = Float(mr.nextGaussian()) * factorSD }
        }
        let popularityRank = shuffled(M, &mr)
        let movieWeights = popularityRank.map { pow(Double($0) + 1 + config.popularityOffset, -config.popularityExponent) }
        let genreCount = PlantedVocabulary.genres.count
        var directions = [Float](repeating: 0, count: genreCount * K)
        for g in 0..<directions.count { directions[g] = Float(mr.nextGaussian()) }
        var movieGenres: [[Int]] = []
        movieGenres.reserveCapacity(M)
        for j in 0..<M {
            if mr.nextUnit() < 0.003 { movieGenres.append([]); continue }
            var affinity: [(Double, Int)] = []
            for g in 0..<genreCount {
                var d: Float = 0
                for f in 0..<K { d += movieFactors[j * K + f] * directions[g * K + f] }
                affinity.append((Double(d) / Double(factorSD) + 0.7 * mr.nextGaussian(), g))
            }
            let u = mr.nextUnit()
            let c = u < 0.35 ? 1 : u < 0.75 ? 2 : u < 0.95 ? 3 : 4
            movieGenres.append(affinity.sorted { $0.0 > $1.0 }.prefix(c).map(\.1).sorted())
        }

        // Users: biases, factors, activity.
        var ur = Xoshiro256StarStar(seed: SplitMix64.derive(config.seed, "synth:users"))
        var userBias = [Float](repeating: 0, count: U)
        var userFactors = [Float](repeating: 0, count: U * K)
        for u in 0..<U {
            userBias[u] = Float(ur.nextGaussian() * config.userBiasSD)
            for f in 0..<K { userFactors[u * K + f] = Float(ur.nextGaussian()) * factorSD }
        }
        let activityRank = shuffled(U, &ur)
        // Extra ratings ∝ (U/(rank + offset))^γ − (U/(U + offset))^γ: a power law that reaches 0
        // at the least active user, who then rates exactly the minimum (as in MovieLens).
        let floorWeight = pow(Double(U) / (Double(U) + config.activityOffset), config.activityExponent)
        let activityWeights = activityRank.map {
            max(0, pow(Double(U) / (Double($0) + 1 + config.activityOffset), config.activityExponent) - floorWeight)
        }
        let counts = allocate(total: config.ratings, minimum: config.minRatingsPerUser, cap: M, weights: activityWeights)
        var userStart = [Int](repeating: 0, count: U + 1)
        for u in 0..<U { userStart[u + 1] = userStart[u] + counts[u] }

        // Ratings, in parallel blocks of users, written in user order.
        let alias = AliasTable(movieWeights)
        let userBase = SplitMix64.derive(config.seed, "synth:user")
        let model = Model(k: K, mean: Float(config.globalMean), noise: config.noise, userBias: userBias,
                          userFactors: userFactors, movieBias: movieBias, movieFactors: movieFactors,
                          movieWeights: movieWeights, alias: alias, counts: counts, userBase: userBase,
                          firstTime: config.firstTime, lastTime: config.lastTime)
        let ratingsSink = try ByteSink(directory.appendingPathComponent("ratings.csv"))
        try ratingsSink.write("userId,movieId,rating,timestamp\n")
        let blockSize = 512
        let blocks = (U + blockSize - 1) / blockSize
        let wave = 4 * ParallelChunks.workerCount
        var totals = Accumulator()
        var perMovie = [Int](repeating: 0, count: M)
        var b = 0
        while b < blocks {
            let n = min(wave, blocks - b)
            let first = b
            let outputs = ParallelChunks.map(n) { w in
                model.block(users: ((first + w) * blockSize)..<min(U, (first + w + 1) * blockSize))
            }
            for o in outputs {
                try ratingsSink.write(o.bytes)
                totals.add(o.sums)
                for m in o.movies { perMovie[Int(m)] += 1 }
            }
            b += n
        }
        try ratingsSink.close()

        try writeMovies(directory, M: M, genres: movieGenres, rng: &mr)
        let tagCount = config.tagCount
        try writeTags(directory, count: tagCount, seed: SplitMix64.derive(config.seed, "synth:tags"),
                      movieWeights: movieWeights, userWeights: counts.map(Double.init), genres: movieGenres,
                      config: config)

        let sortedCounts = perMovie.sorted(by: >)
        let top = sortedCounts.prefix(max(1, M / 10)).reduce(0, +)
        let n = Double(max(totals.n, 1))
        let report = PlantedModelReport(
            generator: version, config: config, users: U, movies: M, ratings: totals.n, tags: tagCount,
            meanRating: totals.sum / n, noiseFloorRMSE: (totals.bayes / n).squareRoot(),
            roundedTruthRMSE: (totals.rounded / n).squareRoot(), truthRMSE: (totals.truth / n).squareRoot(),
            top10PercentMovieShare: Double(top) / n, maxRatingsPerUser: counts.max() ?? 0,
            minRatingsPerUser: counts.min() ?? 0,
            seconds: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        try enc.encode(report).write(to: directory.appendingPathComponent(PlantedModelReport.fileName))
        return report
    }

    /// A uniformly random permutation of 0..<n (Fisher–Yates).
    static func shuffled(_ n: Int, _ rng: inout Xoshiro256StarStar) -> [Int] {
        var a = Array(0..<n)
        if n < 2 { return a }
        for i in stride(from: n - 1, to: 0, by: -1) {
            let j = Int(rng.next() % UInt64(i + 1))
            a.swapAt(i, j)
        }
        return a
    }

    /// `minimum` each plus `total − n·minimum` shared ∝ weights with the
    /// largest-remainder method, no count above `cap` (the excess moves to the
    /// next-heaviest users). The counts sum to `total` exactly.
    static func allocate(total: Int, minimum: Int, cap: Int, weights: [Double]) -> [Int] {
        let n = weights.count
        let extra = total - n * minimum
        let sum = weights.reduce(0, +)
        var counts = [Int](repeating: minimum, count: n)
        var remainders: [(Double, Int)] = []
        var given = 0
        for i in 0..<n {
            let share = Double(extra) * weights[i] / sum
            let whole = Int(share.rounded(.down))
            counts[i] += whole
            given += whole
            remainders.append((share - Double(whole), i))
        }
        remainders.sort { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }
        for k in 0..<(extra - given) { counts[remainders[k % n].1] += 1 }
        var excess = 0
        for i in 0..<n where counts[i] > cap { excess += counts[i] - cap; counts[i] = cap }
        if excess > 0 {
            let order = (0..<n).sorted { weights[$0] != weights[$1] ? weights[$0] > weights[$1] : $0 < $1 }
            var k = 0
            while excess > 0 {
                let i = order[k % n]
                if counts[i] < cap { counts[i] += 1; excess -= 1 }
                k += 1
            }
        }
        return counts
    }

    struct Accumulator: Sendable {
        var n = 0
        var sum = 0.0, bayes = 0.0, rounded = 0.0, truth = 0.0
        mutating func add(_ o: Accumulator) {
            n += o.n; sum += o.sum; bayes += o.bayes; rounded += o.rounded; truth += o.truth
        }
    }

    private static func writeMovies(_ dir: URL, M: Int, genres: [[Int]], rng: inout Xoshiro256StarStar) throws {
        let movies = try ByteSink(dir.appendingPathComponent("movies.csv"))
        let links = try ByteSink(dir.appendingPathComponent("links.csv"))
        try movies.write("movieId,title,genres\n")
        try links.write("movieId,imdbId,tmdbId\n")
        var mb: [UInt8] = [], lb: [UInt8] = []
        for j in 0..<M {
            let id = j + 1
            let year = 1920 + Int(95 * rng.nextUnit().squareRoot())
            let word = PlantedVocabulary.titleWords[Int(rng.next() % UInt64(PlantedVocabulary.titleWords.count))]
            let title: String
            switch id % 50 {
            case 0: title = "\"\(word)\" No. \(id) (\(year))"
            case let r where r % 9 == 0: title = "\(word) of \(id), The (\(year))"
            default: title = "\(word) \(id) (\(year))"
            }
            mb.appendDecimal(id); mb.append(0x2C)
            mb.appendCSVField(title); mb.append(0x2C)
            let g = genres[j].isEmpty ? PlantedVocabulary.noGenres : genres[j].map { PlantedVocabulary.genres[$0] }.joined(separator: "|")
            mb.append(contentsOf: Array(g.utf8)); mb.append(0x0A)
            lb.appendDecimal(id); lb.append(0x2C)
            let imdb = String(100_000 + id)
            lb.append(contentsOf: Array((String(repeating: "0", count: max(0, 7 - imdb.count)) + imdb).utf8)); lb.append(0x2C)
            if id % 97 != 0 { lb.appendDecimal(10_000 + id) }
            lb.append(0x0A)
            if mb.count > (1 << 20) { try movies.write(mb); mb.removeAll(keepingCapacity: true) }
            if lb.count > (1 << 20) { try links.write(lb); lb.removeAll(keepingCapacity: true) }
        }
        try movies.write(mb); try links.write(lb)
        try movies.close(); try links.close()
    }

    private static func writeTags(_ dir: URL, count: Int, seed: UInt64, movieWeights: [Double], userWeights: [Double],
                                  genres: [[Int]], config: PlantedModelConfig) throws {
        let sink = try ByteSink(dir.appendingPathComponent("tags.csv"))
        try sink.write("userId,movieId,tag,timestamp\n")
        var rng = Xoshiro256StarStar(seed: seed)
        let movies = AliasTable(movieWeights)
        let users = AliasTable(userWeights)
        let wordWeights = AliasTable((0..<8).map { 1 / Double($0 + 1) })
        var buf: [UInt8] = []
        for _ in 0..<count {
            let m = movies.sample(&rng), u = users.sample(&rng)
            let topics = genres[m]
            let topic = topics.isEmpty ? Int(rng.next() % UInt64(PlantedVocabulary.genres.count))
                                       : topics[Int(rng.next() % UInt64(topics.count))]
            let word = PlantedVocabulary.tagWords[topic][wordWeights.sample(&rng)]
            let t = config.firstTime + Int(rng.nextUnit() * Double(config.lastTime - config.firstTime))
            buf.appendDecimal(u + 1); buf.append(0x2C)
            buf.appendDecimal(m + 1); buf.append(0x2C)
            buf.appendCSVField(word); buf.append(0x2C)
            buf.appendDecimal(t); buf.append(0x0A)
            if buf.count > (1 << 20) { try sink.write(buf); buf.removeAll(keepingCapacity: true) }
        }
        try sink.write(buf)
        try sink.close()
    }
}
