import RecLabCore
import RecLabEvaluation
import RecLabModels
import RecLabResults

/// The content key of a trial: SHA-256 (`RecLabCore.SHA256`) of the canonical
/// encoding (`CanonicalValue`: sorted keys, typed numbers) of
///
///     { "data":    { "fingerprint": <data checksum>, "filters": {…},
///                    "implicit": { "threshold"? } (only for implicit data) },
///       "fit_seed": "<seed>",
///       "metrics": [sorted metric names],
///       "model":   { "kind": <kind>, "params": {every parameter, defaults included} },
///       "split":   { "kind", "seed", "test_fraction" | "folds" + "fold" | "last_n" }
///                  (kind files: { "kind", "train", "test": SHA-256 of each file, "fold" },
///                  never the paths: see `SplitFileChecksums`),
///       "version": <RecLabVersion.string>,
///       "ranking": { "relevance", "candidates", "exclude_train" } }
///                  (only when a ranking metric is computed under another protocol
///                  than `RankingProtocol.standard`, so trials stored before the
///                  protocol could be stated keep their keys)
///
/// The model's display name and the trial's position in the sweep are not in
/// it, so renaming a model or adding a grid value never recomputes a finished
/// trial, while changing any parameter, seed, filter, the data or RecLab does.
public enum TrialKey {
    public static func canonical(kind: String, parameters: Parameters, split: SplitSpec, splitSeed: UInt64, fold: Int?,
                                 fitSeed: UInt64, dataFingerprint: String, filters: FilterSpec,
                                 metrics: [MetricSpec], ranking: RankingProtocol = .standard, implicit: ImplicitSpec? = nil,
                                 version: String = RecLabVersion.string) -> CanonicalValue {
        var f: [String: CanonicalValue] = [
            "min_user_ratings": .int(filters.minUserRatings), "min_movie_ratings": .int(filters.minMovieRatings),
        ]
        if let v = filters.minRating { f["min_rating"] = .double(v) }
        if let v = filters.maxRating { f["max_rating"] = .double(v) }
        if filters.dropDuplicates { f["drop_duplicates"] = .bool(true) }
        if filters.kCore { f["k_core"] = .bool(true) }
        if filters.dropUnratedMovies { f["drop_unrated_movies"] = .bool(true) }
        var data: [String: CanonicalValue] = ["fingerprint": .string(dataFingerprint), "filters": .map(f)]
        if let implicit { data["implicit"] = .map(implicit.threshold.map { ["threshold": .double($0)] } ?? [:]) }
        var key: [String: CanonicalValue] = [
            "data": .map(data),
            "fit_seed": .string(String(fitSeed)),
            "metrics": .list(metrics.map(\.description).sorted().map(CanonicalValue.string)),
            "model": .map(["kind": .string(kind), "params": CanonicalValue(parameters)]),
            "split": split.canonical(seed: splitSeed, fold: fold),
            "version": .string(version),
        ]
        if ranking != .standard, metrics.contains(where: \.isTopN) { key["ranking"] = canonical(ranking) }
        return .map(key)
    }

    static func canonical(_ p: RankingProtocol) -> CanonicalValue {
        let relevance: CanonicalValue = p.relevance.threshold.map { .double(Double($0)) } ?? .string("any")
        let candidates: CanonicalValue
        switch p.candidates {
        case .allUnrated: candidates = .string("all_unrated")
        case .sampled(let n, let seed): candidates = .map(["negatives": .int(n), "seed": .string(String(seed))])
        }
        return .map(["relevance": relevance, "candidates": candidates, "exclude_train": .bool(p.excludeTrain)])
    }

    public static func hash(_ canonical: CanonicalValue) -> String { canonical.sha256 }
}
