/// Where a dataset comes from. The report cites Harper & Konstan (2015) for
/// MovieLens data and says "synthetic" for generated data.
public enum DataOrigin: String, Sendable, Hashable, Codable {
    case movieLens = "movielens"
    case synthetic
    case other
}
