extension DatasetFilter {
    /// The filtered dataset and what each step dropped. O(ratings + users + movies)
    /// per step (per round for the k-core); no sorting.
    public func apply(to ds: Dataset) throws -> (Dataset, FilterReport) {
        try validate()
        let n = ds.ratings.count
        let users = ds.users.count, movies = ds.movies.count
        var keep = [Bool](repeating: true, count: n)
        var steps: [FilterReport.Step] = []
        let r = ds.ratings

        // 1. Rating range.
        if minRating != nil || maxRating != nil {
            let lo = minRating ?? -.infinity, hi = maxRating ?? .infinity
            var dropped = 0
            for i in 0..<n where keep[i] && !(r.values[i] >= lo && r.values[i] <= hi) { keep[i] = false; dropped += 1 }
            steps.append(.init(name: "rating range", droppedRatings: dropped, droppedUsers: 0, droppedMovies: 0, droppedTags: 0))
        }

        // 2. Duplicates: group rows by user (counting sort), then per user
        //    remember the best row of each movie in a stamped table.
        if dropDuplicates {
            var start = [Int](repeating: 0, count: users + 1)
            for i in 0..<n where keep[i] { start[Int(r.users[i]) + 1] += 1 }
            for u in 0..<users { start[u + 1] += start[u] }
            var order = [Int32](repeating: 0, count: start[users])
            var fill = start
            for i in 0..<n where keep[i] { let u = Int(r.users[i]); order[fill[u]] = Int32(i); fill[u] += 1 }
            var stamp = [Int32](repeating: -1, count: movies)
            var best = [Int32](repeating: 0, count: movies)
            var dropped = 0
            for u in 0..<users {
                for k in start[u]..<start[u + 1] {
                    let i = Int(order[k]), m = Int(r.movies[i])
                    if stamp[m] != Int32(u) { stamp[m] = Int32(u); best[m] = Int32(i); continue }
                    let j = Int(best[m])
                    // Rows come in file order, so i > j: i wins ties.
                    if r.timestamps[i] >= r.timestamps[j] { keep[j] = false; best[m] = Int32(i) } else { keep[i] = false }
                    dropped += 1
                }
            }
            steps.append(.init(name: "duplicates", droppedRatings: dropped, droppedUsers: 0, droppedMovies: 0, droppedTags: 0))
        }

        // 3. Minimum ratings per user / movie, once or to a fixed point.
        var rounds = 0
        if minUserRatings > 1 || minMovieRatings > 1 {
            var byUser = 0, byMovie = 0
            var usersOut = Set<Int32>(), moviesOut = Set<Int32>()
            while true {
                rounds += 1
                var uc = [Int](repeating: 0, count: users), mc = [Int](repeating: 0, count: movies)
                for i in 0..<n where keep[i] { uc[Int(r.users[i])] += 1; mc[Int(r.movies[i])] += 1 }
                var changed = false
                for i in 0..<n where keep[i] {
                    let u = r.users[i], m = r.movies[i]
                    if uc[Int(u)] < minUserRatings {
                        keep[i] = false; byUser += 1; usersOut.insert(u); changed = true
                    } else if mc[Int(m)] < minMovieRatings {
                        keep[i] = false; byMovie += 1; moviesOut.insert(m); changed = true
                    }
                }
                if !changed || !kCore { break }
            }
            steps.append(.init(name: "min ratings per user", droppedRatings: byUser, droppedUsers: usersOut.count,
                               droppedMovies: 0, droppedTags: 0))
            steps.append(.init(name: "min ratings per movie", droppedRatings: byMovie, droppedUsers: 0,
                               droppedMovies: moviesOut.count, droppedTags: 0))
        }

        // Which users and movies still have ratings.
        var userRated = [Bool](repeating: false, count: users), movieRated = [Bool](repeating: false, count: movies)
        for i in 0..<n where keep[i] { userRated[Int(r.users[i])] = true; movieRated[Int(r.movies[i])] = true }

        // 4. Movies without ratings (and their tags and links).
        var keepMovie = [Bool](repeating: true, count: movies)
        var keepTag = [Bool](repeating: true, count: ds.tags.count)
        if dropUnratedMovies {
            var droppedTags = 0
            for m in 0..<movies where !movieRated[m] { keepMovie[m] = false }
            for t in 0..<ds.tags.count where !keepMovie[Int(ds.tags.movies[t])] { keepTag[t] = false; droppedTags += 1 }
            steps.append(.init(name: "movies without ratings", droppedRatings: 0, droppedUsers: 0,
                               droppedMovies: keepMovie.lazy.filter { !$0 }.count, droppedTags: droppedTags))
        }

        // Users with neither ratings nor tags leave the vocabulary.
        var keepUser = userRated
        for t in 0..<ds.tags.count where keepTag[t] { keepUser[Int(ds.tags.users[t])] = true }
        let droppedUsers = keepUser.lazy.filter { !$0 }.count
        if droppedUsers > 0 {
            steps.append(.init(name: "users without ratings or tags", droppedRatings: 0, droppedUsers: droppedUsers,
                               droppedMovies: 0, droppedTags: 0))
        }

        // Renumber densely, in the original order.
        func renumber(_ keep: [Bool]) -> [Int32] {
            var next: Int32 = 0
            return keep.map { k in k ? { defer { next += 1 }; return next }() : -1 }
        }
        let newUser = renumber(keepUser), newMovie = renumber(keepMovie)
        var out = Ratings()
        out.reserveCapacity(keep.lazy.filter { $0 }.count)
        for i in 0..<n where keep[i] {
            out.append(user: newUser[Int(r.users[i])], movie: newMovie[Int(r.movies[i])], value: r.values[i], timestamp: r.timestamps[i])
        }
        var tags = Tags()
        for t in 0..<ds.tags.count where keepTag[t] {
            tags.append(user: newUser[Int(ds.tags.users[t])], movie: newMovie[Int(ds.tags.movies[t])],
                        text: ds.tags.texts[t], timestamp: ds.tags.timestamps[t])
        }
        let movieIdx = (0..<movies).filter { keepMovie[$0] }
        let userIdx = (0..<users).filter { keepUser[$0] }
        let links = ds.links.isEmpty ? Links() : Links(imdb: movieIdx.map { ds.links.imdb[$0] }, tmdb: movieIdx.map { ds.links.tmdb[$0] })
        let result = Dataset(name: ds.name, users: Vocabulary(uniqueRawIDs: userIdx.map { ds.users.rawIDs[$0] }),
                             movies: Vocabulary(uniqueRawIDs: movieIdx.map { ds.movies.rawIDs[$0] }),
                             titles: movieIdx.map { ds.titles[$0] }, genres: movieIdx.map { ds.genres[$0] },
                             ratings: out, tags: tags, ratingScale: ds.ratingScale, links: links,
                             userLabels: ds.userLabels.isEmpty ? [] : userIdx.map { ds.userLabels[$0] },
                             movieLabels: ds.movieLabels.isEmpty ? [] : movieIdx.map { ds.movieLabels[$0] })
        let report = FilterReport(
            before: .init(users: users, movies: movies, ratings: n, tags: ds.tags.count),
            after: .init(users: result.users.count, movies: result.movies.count, ratings: out.count, tags: tags.count),
            steps: steps, coreRounds: rounds)
        return (result, report)
    }
}
