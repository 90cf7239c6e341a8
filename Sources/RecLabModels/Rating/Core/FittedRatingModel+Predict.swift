import RecLabData

extension FittedRatingModel {
    /// Surprise's `AlgoBase.predict`: the model's estimate, or the global mean
    /// when the estimate is impossible (or not finite), clipped to the rating scale.
    @inlinable
    public func predict(user: Int32, movie: Int32) -> Prediction {
        prediction(from: estimate(user: user, movie: movie))
    }

    /// `predict`'s fallback and clipping applied to an estimate.
    @inlinable
    public func prediction(from estimate: Estimate) -> Prediction {
        let s = summary
        var v: Double
        var impossible = false
        switch estimate {
        case .value(let e) where e.isFinite: v = e
        default: v = s.globalMean; impossible = true
        }
        v = min(Double(s.ratingScale.upperBound), max(Double(s.ratingScale.lowerBound), v))
        return Prediction(value: Float(v), wasImpossible: impossible)
    }

    /// Pair by pair (the protocol's default batch).
    public func predict(users: [Int32], movies: [Int32]) -> [Prediction] {
        (0..<min(users.count, movies.count)).map { predict(user: users[$0], movie: movies[$0]) }
    }

    /// Clipped predictions for every rating of `ratings` (value only).
    public func predict(_ ratings: Ratings) -> [Float] {
        predict(users: ratings.users, movies: ratings.movies).map(\.value)
    }

    /// RMSE of clipped predictions against `ratings` (Double sums, in rating order; 0 when empty).
    public func rmse(on ratings: Ratings) -> Double {
        guard !ratings.isEmpty else { return 0 }
        let p = predict(users: ratings.users, movies: ratings.movies)
        var s = 0.0
        for k in 0..<ratings.count {
            let d = Double(p[k].value) - Double(ratings.values[k])
            s += d * d
        }
        return (s / Double(ratings.count)).squareRoot()
    }

    /// The score a top-N list ranks `movie` by for `user`: the unclipped estimate, or the global
    /// mean when the estimate is impossible or not finite (what `BatchScoringModel.scores` writes).
    public func rankingScore(user: Int32, movie: Int32) -> Float {
        switch estimate(user: user, movie: movie) {
        case .value(let e) where e.isFinite: return Float(e)
        default: return Float(summary.globalMean)
        }
    }

    /// The `count` movies with the highest predicted rating for `user`, among
    /// movies not in `excluding` (the movies the user already rated), best
    /// first. Movies are ranked by the unclipped estimate (the global mean when
    /// impossible), so that several predictions clipped to the top of the scale
    /// still come in a meaningful order; ties broken by smaller movie id. The
    /// rating returned is the clipped prediction, as `predict` gives it.
    /// A `BatchScoringModel` scores all movies in one call (the same scores, so
    /// the same list). Complexity O(movies · estimate + movies · log count).
    public func recommend(user: Int32, count: Int, excluding: some Sequence<Int32>) -> [(movie: Int32, rating: Float)] {
        guard count > 0 else { return [] }
        var skip = [Bool](repeating: false, count: summary.movieCount)
        for m in excluding where m >= 0 && Int(m) < skip.count { skip[Int(m)] = true }
        var best = TopK(capacity: count)
        if let batch = self as? any BatchScoringModel {
            let scores = [Float](unsafeUninitializedCapacity: summary.movieCount) { buffer, initialized in
                batch.scores(user: user, into: buffer)
                initialized = buffer.count
            }
            for m in 0..<scores.count where !skip[m] { best.offer(id: Int32(m), score: scores[m]) }
        } else {
            for m in 0..<summary.movieCount where !skip[m] {
                best.offer(id: Int32(m), score: rankingScore(user: user, movie: Int32(m)))
            }
        }
        // A rating model's list shows predicted ratings (clipped to the scale); a ranking model's, its scores.
        if !predictsRatings { return best.sorted().map { ($0.id, $0.score) } }
        return best.sorted().map { ($0.id, predict(user: user, movie: $0.id).value) }
    }

    /// Top-N unrated movies for `user`, excluding what the user rated in `train`.
    public func recommend(user: Int32, count: Int, train: TrainingSet) -> [(movie: Int32, rating: Float)] {
        recommend(user: user, count: count, excluding: train.movies(ratedBy: user))
    }
}

/// A bounded min-heap keeping the `capacity` best (score, then smaller id) entries.
package struct TopK {
    package struct Entry { package var id: Int32; package var score: Float }
    private var heap: [Entry] = []
    package let capacity: Int

    package init(capacity: Int) { self.capacity = max(0, capacity); heap.reserveCapacity(self.capacity) }

    /// `a` ranks above `b`: higher score, then smaller id.
    @inline(__always) static func better(_ a: Entry, _ b: Entry) -> Bool {
        a.score > b.score || (a.score == b.score && a.id < b.id)
    }

    package mutating func offer(id: Int32, score: Float) {
        let e = Entry(id: id, score: score)
        if heap.count < capacity {
            heap.append(e)
            var c = heap.count - 1
            while c > 0 {
                let p = (c - 1) / 2
                if Self.better(heap[p], heap[c]) { heap.swapAt(p, c); c = p } else { break }
            }
        } else if capacity > 0, Self.better(e, heap[0]) {
            heap[0] = e
            var p = 0
            while true {
                let l = 2 * p + 1, r = l + 1
                var w = p
                if l < heap.count, Self.better(heap[w], heap[l]) { w = l }
                if r < heap.count, Self.better(heap[w], heap[r]) { w = r }
                if w == p { break }
                heap.swapAt(p, w); p = w
            }
        }
    }

    /// Best first.
    package func sorted() -> [Entry] { heap.sorted(by: Self.better) }
}
