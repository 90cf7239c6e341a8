/// External ids of each movie (`links.csv`): IMDb and TMDB, nil where the
/// release gives none. Indexed by inner movie id, like `Dataset.titles`.
/// Empty when the layout has no links file.
public struct Links: Sendable, Equatable {
    public var imdb: [Int?]
    public var tmdb: [Int?]

    public init(imdb: [Int?] = [], tmdb: [Int?] = []) {
        self.imdb = imdb
        self.tmdb = tmdb
    }

    public var isEmpty: Bool { imdb.isEmpty }
}
