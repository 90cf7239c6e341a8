import RecLabResults

extension MarkdownReport {
    static func dataSection(_ ctx: inout Context) -> String {
        guard let data = ctx.run.data else { return "" }
        let ds = data.dataset
        var parts = [ctx.heading("Data")]
        switch ds.origin {
        case .movieLens:
            parts.append("MovieLens data from GroupLens, used under its licence. Please cite: \(movieLensCitation)")
        case .synthetic:
            parts.append("> **Synthetic data.** These ratings were generated, not collected from people: the numbers test the pipeline, not recommendation quality on real users.")
        case .other:
            parts.append("User-supplied data, read from the ratings file the configuration below names (no MovieLens citation applies).")
        }
        parts.append(ctx.config(["dataset", "split"]))

        var rows: [[String]] = [
            ["Users", Markdown.count(ds.userCount)],
            ["Movies (rated)", Markdown.count(ds.movieCount)],
            ["Ratings", Markdown.count(ds.ratingCount)],
            ["Tags", Markdown.count(ds.tagCount)],
            ["Density (ratings / users × movies)", Markdown.percent(1 - ds.sparsity, 3)],
            ["Sparsity", Markdown.percent(ds.sparsity, 3)],
        ]
        if let lo = ds.ratingHistogram.first?.value, let hi = ds.ratingHistogram.last?.value {
            let total = ds.ratingHistogram.reduce(0.0) { $0 + $1.value * Double($1.count) }
            let n = ds.ratingHistogram.reduce(0) { $0 + $1.count }
            rows.append(["Rating values", "\(Markdown.fixed(lo, 1))–\(Markdown.fixed(hi, 1)), mean \(Markdown.fixed(total / Double(Swift.max(n, 1)), 3))"])
        }
        if let a = ds.firstTimestamp, let b = ds.lastTimestamp {
            rows.append(["Rated between", "\(Markdown.date(a)) and \(Markdown.date(b))"])
        }
        func dist(_ d: CountDistribution) -> String {
            "min \(d.min), median \(Markdown.fixed(d.median, 1)), mean \(Markdown.fixed(d.mean, 1)), 90th pct \(Markdown.fixed(d.p90, 1)), max \(Markdown.count(d.max))"
        }
        rows.append(["Ratings per user", dist(ds.ratingsPerUser)])
        rows.append(["Ratings per movie", dist(ds.ratingsPerMovie)])
        if !ds.genres.isEmpty {
            let byCount = ds.genres.sorted { ($1.count, $0.name) < ($0.count, $1.name) }
            let top = byCount.prefix(8).map { "\($0.name) \(Markdown.count($0.count))" }.joined(separator: ", ")
            rows.append(["Genres (movies)", top + (ds.genres.count > 8 ? ", … (\(ds.genres.count) genres)" : "")])
        }
        parts.append("Dataset `\(ds.name)` after filtering:\n\n" + Markdown.table(["Quantity", "Value"], rows, align: ["l", "r"]))

        if !data.filters.isEmpty {
            parts.append(
                "Filters, in the order applied:\n\n"
                    + Markdown.table(
                        ["Rule", "Ratings removed", "Users removed", "Movies removed"],
                        data.filters.map { [$0.rule, Markdown.count($0.ratingsRemoved), Markdown.count($0.usersRemoved), Markdown.count($0.moviesRemoved)] },
                        align: ["l", "r", "r", "r"]))
        }
        if !data.splits.isEmpty {
            let rows = data.splits.map { s in
                [s.kind, String(s.seed), s.fold.map(String.init) ?? "–", Markdown.count(s.trainCount), Markdown.count(s.testCount),
                 Markdown.percent(Double(s.testCount) / Double(Swift.max(1, s.trainCount + s.testCount)), 1),
                 Markdown.count(s.unseenUsers), Markdown.count(s.unseenMovies), Markdown.count(s.testRatingsWithUnseenMovie)]
            }
            parts.append(
                "Splits (one per seed or fold; trials on the same split are paired in the comparison):\n\n"
                    + Markdown.table(
                        ["Kind", "Seed", "Fold", "Train", "Test", "Test share", "Unseen users", "Unseen movies", "Test ratings of unseen movies"],
                        rows, align: ["l", "r", "r", "r", "r", "r", "r", "r", "r"]))
        }
        parts.append(ctx.images([.ratingHistogram, .activityDistributions]))
        if let d = ds.duplicateRatings, d > 0 {
            parts.append("> **Duplicate ratings:** \(plural(d, "rating")) repeat a (user, movie) pair rated earlier in the data; they are kept as separate ratings (a model sees the pair \(d == 1 ? "twice" : "more than once")). `dataset.filters.drop_duplicates: true` keeps only the latest rating of each pair.")
        }

        var read = "\(Markdown.count(ds.userCount)) users rated \(Markdown.count(ds.movieCount)) movies \(Markdown.count(ds.ratingCount)) times: the matrix is \(Markdown.percent(ds.sparsity, 2)) empty"
        read += "; the median user rated \(Markdown.fixed(ds.ratingsPerUser.median, 0)) movies and the median movie has \(Markdown.fixed(ds.ratingsPerMovie.median, 0)) ratings"
        if let mode = ds.ratingHistogram.max(by: { $0.count < $1.count }) {
            read += "; the most common rating is \(Markdown.fixed(mode.value, 1))"
        }
        if let s = data.splits.first {
            read += ". Each split tests on \(Markdown.count(s.testCount)) ratings"
            if s.testRatingsWithUnseenMovie > 0 || s.testRatingsWithUnseenUser > 0 {
                read += ", of which \(Markdown.count(s.testRatingsWithUnseenMovie)) \(s.testRatingsWithUnseenMovie == 1 ? "is" : "are") of movies absent from its training set (predicted from biases or the global mean)"
            }
        }
        parts.append(reading(read + "."))
        return join(parts)
    }
}
