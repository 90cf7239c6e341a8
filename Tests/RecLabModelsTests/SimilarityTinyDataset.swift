import RecLabData

/// A hand-made dataset small enough to reason about: two sci-fi movies
/// tagged alike, two comedies, one movie with neither tags nor genres, and
/// one movie nobody rated.
enum SimilarityTinyDataset {
    static func make() -> Dataset {
        let movies = Vocabulary([10, 20, 30, 40, 50, 60, 70])
        let titles = ["Alien (1979)", "Aliens (1986)", "Airplane! (1980)", "Naked Gun, The (1988)",
                      "Untitled (2000)", "Unrated (2001)", "Blade Runner (1982)"]
        let genres = [["Horror", "Sci-Fi"], ["Action", "Sci-Fi"], ["Comedy"], ["Comedy", "Crime"], [], ["Drama"],
                      ["Sci-Fi", "Thriller"]]
        let users = Vocabulary([1, 2, 3, 4, 5])
        var r = Ratings()
        // (user, movie, rating); user 5 (inner 4) rates a single movie.
        let triples: [(Int32, Int32, Float)] = [
            (0, 0, 5), (0, 1, 4.5), (0, 6, 4), (0, 2, 1),
            (1, 0, 4), (1, 1, 5), (1, 6, 4.5), (1, 3, 2),
            (2, 2, 5), (2, 3, 4.5), (2, 0, 1), (2, 4, 3),
            (3, 2, 4), (3, 3, 5), (3, 1, 2), (3, 4, 3),
            (4, 6, 3.5),
        ]
        for (u, m, v) in triples { r.append(user: u, movie: m, value: v, timestamp: 0) }
        var t = Tags()
        for (m, text) in [(0, "space monster"), (1, "space marines"), (0, "ridley scott"), (6, "ridley scott"),
                          (2, "spoof"), (3, "spoof"), (3, "leslie nielsen")] {
            t.append(user: 0, movie: Int32(m), text: text, timestamp: 0)
        }
        return Dataset(name: "tiny", users: users, movies: movies, titles: titles, genres: genres, ratings: r, tags: t)
    }
}
