/// One similar movie with all three scores (cosine similarities in [-1, 1]).
public struct Neighbour: Sendable, Hashable, Codable {
    /// Inner id in the dataset the model was fitted on.
    public var movie: Int32
    /// MovieLens movieId.
    public var movieID: Int
    public var title: String
    public var content: Float
    public var collab: Float
    public var hybrid: Float

    public init(movie: Int32, movieID: Int, title: String, content: Float, collab: Float, hybrid: Float) {
        self.movie = movie
        self.movieID = movieID
        self.title = title
        self.content = content
        self.collab = collab
        self.hybrid = hybrid
    }

    public func score(_ method: SimilarityMethod) -> Float {
        switch method {
        case .content: return content
        case .collab: return collab
        case .hybrid: return hybrid
        }
    }
}
