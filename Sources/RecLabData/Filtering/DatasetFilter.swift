/// Which ratings, users and movies to keep, as the experiment file states it.
///
/// Steps run in this order, each counted in the `FilterReport`:
/// 1. rating range (`minRating`…`maxRating`);
/// 2. duplicate (user, movie) pairs: the latest rating is kept (on equal
///    timestamps, the later row);
/// 3. minimum ratings per user and per movie, once (`kCore == false`: both
///    counts taken on the same input) or repeated until no rating is dropped
///    (`kCore == true`: the iterative k-core, every remaining user and movie
///    then meets its minimum);
/// 4. movies without ratings (`dropUnratedMovies`), with their tags and links.
/// Users left with neither ratings nor tags are then removed from the
/// vocabulary. Inner ids are renumbered densely, keeping the original order.
///
/// Decodes from YAML/JSON with every key optional; unknown keys are errors.
public struct DatasetFilter: Sendable, Equatable, Codable {
    public var minRating: Float?
    public var maxRating: Float?
    public var dropDuplicates: Bool
    public var minUserRatings: Int
    public var minMovieRatings: Int
    public var kCore: Bool
    public var dropUnratedMovies: Bool

    public init(minRating: Float? = nil, maxRating: Float? = nil, dropDuplicates: Bool = false,
                minUserRatings: Int = 0, minMovieRatings: Int = 0, kCore: Bool = false,
                dropUnratedMovies: Bool = false) {
        self.minRating = minRating
        self.maxRating = maxRating
        self.dropDuplicates = dropDuplicates
        self.minUserRatings = minUserRatings
        self.minMovieRatings = minMovieRatings
        self.kCore = kCore
        self.dropUnratedMovies = dropUnratedMovies
    }

    /// Keeps everything.
    public static let none = DatasetFilter()

    enum CodingKeys: String, CodingKey, CaseIterable {
        case minRating, maxRating, dropDuplicates, minUserRatings, minMovieRatings, kCore, dropUnratedMovies
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        let all = try decoder.container(keyedBy: AnyKey.self)
        let known = Set(CodingKeys.allCases.map(\.rawValue))
        if let bad = all.allKeys.first(where: { !known.contains($0.stringValue) }) {
            throw DecodingError.dataCorruptedError(
                forKey: bad, in: all,
                debugDescription: "unknown filter key '\(bad.stringValue)' (expected one of: \(CodingKeys.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        minRating = try c.decodeIfPresent(Float.self, forKey: .minRating)
        maxRating = try c.decodeIfPresent(Float.self, forKey: .maxRating)
        dropDuplicates = try c.decodeIfPresent(Bool.self, forKey: .dropDuplicates) ?? false
        minUserRatings = try c.decodeIfPresent(Int.self, forKey: .minUserRatings) ?? 0
        minMovieRatings = try c.decodeIfPresent(Int.self, forKey: .minMovieRatings) ?? 0
        kCore = try c.decodeIfPresent(Bool.self, forKey: .kCore) ?? false
        dropUnratedMovies = try c.decodeIfPresent(Bool.self, forKey: .dropUnratedMovies) ?? false
    }

    /// Checks the settings; a `DataError(.configuration)` names the bad key.
    public func validate() throws {
        if minUserRatings < 0 { throw DataError("must be ≥ 0, found \(minUserRatings)", column: "minUserRatings", kind: .configuration) }
        if minMovieRatings < 0 { throw DataError("must be ≥ 0, found \(minMovieRatings)", column: "minMovieRatings", kind: .configuration) }
        if let lo = minRating, let hi = maxRating, lo > hi {
            throw DataError("minRating \(lo) is above maxRating \(hi)", column: "minRating", kind: .configuration)
        }
        for (k, v) in [("minRating", minRating), ("maxRating", maxRating)] {
            if let v, !v.isFinite { throw DataError("must be a finite number", column: k, kind: .configuration) }
        }
    }
}
