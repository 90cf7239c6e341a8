import RecLabData

/// The tutorial's metadata text per movie.
///
/// The tutorial (pandas) left-joins movies with tags, joins each movie's tags
/// with single spaces in `tags.csv` order (a movie without tags gets ""), and
/// then joins that string and the genres string with one space:
/// `metadata = " ".join([tags, genres])`, where `genres` had its `|`
/// separators replaced by spaces. Hence `"<tag1> <tag2> … <genre1> <genre2> …"`,
/// and a movie with neither tags nor genres gets `" "` (an all-zero TF-IDF row).
/// MovieLens' "(no genres listed)" is kept as written, as the tutorial does.
/// (Replacing `|` does not change the TF-IDF tokens: `|` is not a word character.)
public enum MovieMetadata {
    /// Texts for `movies` (dataset inner ids), in that order.
    public static func texts(_ dataset: Dataset, movies: [Int32]) -> [String] {
        var tagsByMovie = [[String]](repeating: [], count: dataset.movieCount)
        for k in 0..<dataset.tags.count {
            let m = Int(dataset.tags.movies[k])
            if m >= 0 && m < dataset.movieCount { tagsByMovie[m].append(dataset.tags.texts[k]) }
        }
        return movies.map { m in
            let i = Int(m)
            let genres = i < dataset.genres.count ? dataset.genres[i].joined(separator: " ") : ""
            return tagsByMovie[i].joined(separator: " ") + " " + genres
        }
    }
}
