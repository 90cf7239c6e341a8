import Foundation

/// How `MovieLensLoader` treats bad rows and the binary cache.
public struct LoadOptions: Sendable, Equatable {
    /// Strict (default): the first bad row is an error. Lenient: bad rows are
    /// skipped, counted, and the first `reportLimit` kept in the `LoadReport`.
    public enum Strictness: Sendable, Equatable {
        case strict
        case lenient(reportLimit: Int)
        public static let lenient = Strictness.lenient(reportLimit: 10)
    }

    /// Whether to read and write the binary cache.
    public enum CachePolicy: String, Sendable, Equatable, Codable {
        /// Use a valid cache, otherwise parse and write one (best effort).
        case automatic
        /// Parse the sources and rewrite the cache.
        case rebuild
        /// Parse the sources; never read or write a cache.
        case disabled
    }

    public var strictness: Strictness
    public var cache: CachePolicy
    /// A cache root shared by any number of data folders (each gets its own
    /// subfolder); nil = the `datasets` subfolder of RecLab's user cache folder
    /// (`CacheDirectory`: `$RECLAB_CACHE_DIR`, `$XDG_CACHE_HOME/reclab` or `~/.cache/reclab`).
    public var cacheDirectory: URL?

    public init(strictness: Strictness = .strict, cache: CachePolicy = .automatic, cacheDirectory: URL? = nil) {
        self.strictness = strictness
        self.cache = cache
        self.cacheDirectory = cacheDirectory
    }

    public var isLenient: Bool {
        if case .lenient = strictness { return true }
        return false
    }
}

/// What a load did besides producing the dataset.
public struct LoadReport: Sendable, Equatable {
    public enum CacheOutcome: Sendable, Equatable {
        /// Caching was disabled.
        case disabled
        /// The dataset came from this cache file.
        case hit(URL)
        /// The sources were parsed and a cache written here.
        case written(URL)
        /// The sources were parsed; the cache could not be written (reason).
        case notWritten(String)
    }

    public var layout: MovieLensLayout
    /// Rows skipped in lenient mode (0 in strict mode).
    public var skippedRows: Int
    /// The first skipped rows' problems, in file order per file.
    public var firstProblems: [DataError]
    public var cache: CacheOutcome
    /// Why an existing cache was not used (stale, corrupt, other version), if one was found.
    public var cacheRejection: String?
    /// Wall-clock seconds spent in the load.
    public var seconds: Double
}

/// A loaded dataset and its load report.
public struct LoadOutcome: Sendable {
    public var dataset: Dataset
    public var report: LoadReport
}
