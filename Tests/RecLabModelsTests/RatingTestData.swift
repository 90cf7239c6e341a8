import RecLabCore
import RecLabData
@testable import RecLabModels

/// Small rating sets built by the tests themselves.
enum RatingTestData {
    /// A planted low-rank set: r = clip(μ + b_u + b_i + p_u·q_i + ε) rounded to
    /// half stars, ε ~ N(0, noise). Returns the dataset's ratings and the RMSE of
    /// the noiseless planted rating (before rounding) against the observed one:
    /// the best any model can do on this data (the noise floor).
    static func planted(users: Int, movies: Int, ratingsPerUser: Int, rank: Int, noise: Double, seed: UInt64)
        -> (ratings: Ratings, floor: Double)
    {
        var rng = Xoshiro256StarStar(seed: seed)
        let bu = (0..<users).map { _ in 0.3 * rng.nextGaussian() }
        let bi = (0..<movies).map { _ in 0.4 * rng.nextGaussian() }
        let p = (0..<users * rank).map { _ in 0.5 * rng.nextGaussian() }
        let q = (0..<movies * rank).map { _ in 0.5 * rng.nextGaussian() }
        var r = Ratings()
        var sse = 0.0
        for u in 0..<users {
            var chosen = Set<Int>()
            while chosen.count < min(movies, ratingsPerUser) { chosen.insert(Int(rng.next() % UInt64(movies))) }
            for i in chosen.sorted() {
                var truth = 3.5 + bu[u] + bi[i]
                for f in 0..<rank { truth += p[u * rank + f] * q[i * rank + f] }
                let observed = min(5, max(0.5, ((truth + noise * rng.nextGaussian()) * 2).rounded() / 2))
                let clippedTruth = min(5, max(0.5, truth))
                sse += (clippedTruth - observed) * (clippedTruth - observed)
                r.append(user: Int32(u), movie: Int32(i), value: Float(observed), timestamp: Int32(u * 1000 + i))
            }
        }
        return (r, (sse / Double(r.count)).squareRoot())
    }

    static func dataset(_ r: Ratings, users: Int, movies: Int) -> Dataset {
        Dataset(name: "synthetic", users: Vocabulary(0..<users), movies: Vocabulary(0..<movies),
                titles: (0..<movies).map { "Movie \($0)" }, genres: Array(repeating: [], count: movies), ratings: r)
    }
}
