/// Settings of a truncated SVD (a plain value the experiment runner fills).
public struct TruncatedSVDOptions: Sendable, Equatable, Hashable, Codable {
    public enum Method: String, Sendable, Hashable, Codable, CaseIterable {
        /// Exact for small matrices (see `exactThreshold`), randomized otherwise.
        case auto
        /// Halko–Martinsson–Tropp randomized range finder.
        case randomized
        /// Densify and run LAPACK's `sgesdd`: deterministic, O(m·n·min(m, n)).
        case exact
    }

    /// Number of singular triplets k; must satisfy 1 ≤ k < min(rows, cols).
    public var components: Int
    /// Extra random directions p (range-finder width k + p); scikit-learn uses 10.
    public var oversamples: Int
    /// Power iterations q, each re-orthonormalised by QR; scikit-learn's TruncatedSVD uses 5.
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

    /// `.auto` takes the exact path when min(rows, cols) ≤ 3 (k + p) and the
    /// dense matrix has at most 64 M entries (256 MB): there the exact SVD
    /// costs about what the randomized one does and has no approximation error.
    public func resolvedMethod(rows: Int, cols: Int) -> Method {
        switch method {
        case .exact, .randomized: return method
        case .auto:
            return min(rows, cols) <= 3 * (components + oversamples) && rows * cols <= 64_000_000 ? .exact : .randomized
        }
    }
}
