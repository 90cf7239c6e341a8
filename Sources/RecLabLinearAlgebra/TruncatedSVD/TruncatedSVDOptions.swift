/// Settings of a truncated SVD (a plain value the experiment runner fills).
public struct TruncatedSVDOptions: Sendable, Equatable, Hashable, Codable {
    public enum Method: String, Sendable, Hashable, Codable, CaseIterable {
        /// Exact for small matrices (see `resolvedMethod`), randomized otherwise.
        case auto
        /// Halko–Martinsson–Tropp randomized range finder.
        case randomized
        /// Eigenpairs of the smaller Gram matrix (`dsyevr`, double precision): deterministic.
        case exact
    }

    /// Number of singular triplets k; must satisfy 1 ≤ k < min(rows, cols).
    public var components: Int
    /// Extra random directions p (range-finder width k + p); scikit-learn uses 10.
    public var oversamples: Int
    /// Power iterations q, each followed by an LU normalisation (scikit-learn's
    /// `power_iteration_normalizer="LU"`); scikit-learn's TruncatedSVD uses 5.
    public var powerIterations: Int
    public var method: Method
    /// Seed of the Gaussian test matrix (xoshiro256** through SplitMix64).
    public var seed: UInt64

    public init(components: Int, oversamples: Int = 10, powerIterations: Int = 5,
                method: Method = .auto, seed: UInt64 = 42) {
        self.components = components
        self.oversamples = oversamples
        self.powerIterations = powerIterations
        self.method = method
        self.seed = seed
    }

    /// `.auto` takes the exact path when the smaller side has at most 1,024
    /// entries and building its Gram matrix costs at most ~2·10⁹ products
    /// (estimated as nnz · min(rows, cols)): there a dense eigen-solver is
    /// about as fast as the randomized path (ml-latest-small's 9,724 × 610
    /// rating matrix is such a case) and has no approximation error.
    public func resolvedMethod(rows: Int, cols: Int, nonZeros: Int) -> Method {
        switch method {
        case .exact, .randomized: return method
        case .auto:
            let side = min(rows, cols)
            return side <= 1024 && Double(nonZeros) * Double(side) <= 2e9 ? .exact : .randomized
        }
    }
}
