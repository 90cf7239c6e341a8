import Foundation
import RecLabCore
import RecLabData
import RecLabResults

/// The data stage, done once per run: load the release (or the delimited
/// ratings file), apply the filters, fingerprint the files, summarise. Every
/// trial shares the result.
public struct PreparedData: Sendable {
    /// The filtered data (vocabularies unchanged; only ratings are removed).
    public var dataset: Dataset
    public var summary: DataSummary
    /// SHA-256 over the data files' names and checksums (and, for a delimited
    /// file, the format and column mappings): the data's identity in trial keys.
    public var fingerprint: String
    /// The release's folder, or the folder holding the delimited ratings file.
    public var directory: URL
    /// Users and movies that keep at least one rating after filtering.
    public var activeUsers: Int
    public var activeMovies: Int

    /// Files that make up a MovieLens release, in fingerprint order.
    static let dataFiles = ["movies.csv", "ratings.csv", "tags.csv", "links.csv", "u.data", "u.item", "ratings.dat", "movies.dat", "tags.dat"]

    /// Loads `spec.source` (a name under RECLAB_DATA_DIR or a path) and applies `spec.filters`.
    /// `checksumCache` is a folder (the user cache's `checksums/`) holding, per data folder, a JSON
    /// file that remembers the files' checksums by absolute path, size and modification time.
    public static func load(_ spec: DatasetSpec, checksumCache: URL?) throws -> PreparedData {
        if let format = spec.format { return try loadDelimited(spec, format: format, checksumCache: checksumCache) }
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: spec.source, isDirectory: &isDir), !isDir.boolValue {
            throw ExperimentError("'\(spec.source)' is a file: a ratings file needs `dataset.format` (delimiter, header, columns, rating_scale)",
                                  key: "dataset.format")
        }
        let dir = try DataLocation.resolve(spec.source)
        let files = try checksums(dir, cache: checksumCache.map { $0.appendingPathComponent(cacheFileName(for: dir)) })
        let fingerprint = SHA256.hex(files.map { "\(URL(fileURLWithPath: $0.path).lastPathComponent):\($0.checksum)" }.joined(separator: "\n"))
        let raw = try MovieLensLoader.load(dir, name: spec.source.contains("/") ? nil : spec.source)
        return try finish(spec, raw: raw, files: files, fingerprint: fingerprint, directory: dir, origin: .movieLens)
    }

    /// A delimited ratings file (and its items file): read with `DelimitedLoader`, fingerprinted with the format.
    static func loadDelimited(_ spec: DatasetSpec, format: DelimitedFormat, checksumCache: URL?) throws -> PreparedData {
        let ratings = URL(fileURLWithPath: spec.source).standardizedFileURL
        let items = spec.items.map { URL(fileURLWithPath: $0.path).standardizedFileURL }
        for (url, key) in [(ratings, "dataset.path")] + (items.map { [($0, "dataset.items.path")] } ?? []) {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), !isDir.boolValue else {
                throw ExperimentError("no file at '\(url.path)'", key: key, expected: "the path of a delimited file")
            }
        }
        let dir = ratings.deletingLastPathComponent()
        let urls = [ratings] + (items.map { [$0] } ?? [])
        let files = try checksums(of: urls, cache: checksumCache.map { $0.appendingPathComponent(cacheFileName(for: ratings)) })
        let identity = files.map { "\(URL(fileURLWithPath: $0.path).lastPathComponent):\($0.checksum)" }
            + ["format:" + format.canonical] + (spec.items.map { ["items:" + $0.format.canonical] } ?? [])
        let source = DelimitedSource(ratings: ratings, format: format, items: items, itemsFormat: spec.items?.format)
        let raw = try DelimitedLoader.load(source).dataset
        return try finish(spec, raw: raw, files: files, fingerprint: SHA256.hex(identity.joined(separator: "\n")),
                          directory: dir, origin: .other)
    }

    /// Filters, counts and summarises a loaded dataset.
    private static func finish(_ spec: DatasetSpec, raw: Dataset, files: [DataFile], fingerprint: String, directory dir: URL,
                               origin: DataOrigin) throws -> PreparedData {
        var (filtered, drops) = try apply(spec.filters, to: raw)
        if let t = spec.implicit?.threshold {
            let (kept, step) = try interactions(atLeast: t, in: filtered)
            filtered = kept
            drops.append(step)
        }
        var userSeen = [Bool](repeating: false, count: filtered.userCount)
        var movieSeen = [Bool](repeating: false, count: filtered.movieCount)
        for u in filtered.ratings.users { userSeen[Int(u)] = true }
        for m in filtered.ratings.movies { movieSeen[Int(m)] = true }
        let summary = DataSummary(dataset: summarize(filtered, origin: origin), files: files, filters: drops)
        return PreparedData(dataset: filtered, summary: summary, fingerprint: fingerprint, directory: dir,
                            activeUsers: userSeen.filter { $0 }.count, activeMovies: movieSeen.filter { $0 }.count)
    }

    /// Applies the filters with `RecLabData.DatasetFilter` and records each step's drops.
    static func apply(_ f: FilterSpec, to ds: Dataset) throws -> (Dataset, [FilterDrop]) {
        guard !f.isEmpty else { return (ds, []) }
        let filter = DatasetFilter(minRating: f.minRating.map(Float.init), maxRating: f.maxRating.map(Float.init),
                                   dropDuplicates: f.dropDuplicates, minUserRatings: f.minUserRatings,
                                   minMovieRatings: f.minMovieRatings, kCore: f.kCore, dropUnratedMovies: f.dropUnratedMovies)
        do {
            let (out, report) = try filter.apply(to: ds)
            return (out, report.steps.map {
                FilterDrop(rule: $0.name, ratingsRemoved: $0.droppedRatings, usersRemoved: $0.droppedUsers, moviesRemoved: $0.droppedMovies)
            })
        } catch {
            throw ExperimentError("dataset.filters: \(error)", key: "dataset.filters")
        }
    }

    /// `dataset.implicit.threshold`: keeps the ratings at or above `threshold` (the interactions), after the filters.
    static func interactions(atLeast threshold: Double, in ds: Dataset) throws -> (Dataset, FilterDrop) {
        do {
            let (out, report) = try DatasetFilter(minRating: Float(threshold)).apply(to: ds)
            let removed = report.steps.reduce(0) { $0 + $1.droppedRatings }
            return (out, FilterDrop(rule: "implicit: ratings ≥ \(threshold) are interactions", ratingsRemoved: removed,
                                    usersRemoved: report.steps.reduce(0) { $0 + $1.droppedUsers },
                                    moviesRemoved: report.steps.reduce(0) { $0 + $1.droppedMovies }))
        } catch {
            throw ExperimentError("dataset.implicit: \(error)", key: "dataset.implicit.threshold")
        }
    }

    static func activeCounts(_ r: Ratings, users: Int, movies: Int) -> (Int, Int) {
        var us = [Bool](repeating: false, count: users), ms = [Bool](repeating: false, count: movies)
        for u in r.users { us[Int(u)] = true }
        for m in r.movies { ms[Int(m)] = true }
        return (us.filter { $0 }.count, ms.filter { $0 }.count)
    }

    /// `origin` `.other` (a delimited file): its items' text is not genres, so no genre counts.
    static func summarize(_ ds: Dataset, origin: DataOrigin = .movieLens) -> RecLabResults.DatasetSummary {
        var perUser = [Int](repeating: 0, count: ds.userCount)
        var perMovie = [Int](repeating: 0, count: ds.movieCount)
        for u in ds.ratings.users { perUser[Int(u)] += 1 }
        for m in ds.ratings.movies { perMovie[Int(m)] += 1 }
        var genreCounts: [String: Int] = [:]
        for (i, gs) in ds.genres.enumerated() where perMovie[i] > 0 && origin != .other { for g in gs { genreCounts[g, default: 0] += 1 } }
        let userCounts = perUser.filter { $0 > 0 }, movieCounts = perMovie.filter { $0 > 0 }
        return RecLabResults.DatasetSummary(
            name: ds.name, origin: origin, userCount: userCounts.count, movieCount: movieCounts.count,
            ratingCount: ds.ratings.count, tagCount: ds.tags.count,
            ratingsPerUser: CountDistribution(counts: userCounts), ratingsPerMovie: CountDistribution(counts: movieCounts),
            ratingHistogram: ValueCount.histogram(of: ds.ratings.values),
            firstTimestamp: ds.ratings.timestamps.min().map(Int64.init), lastTimestamp: ds.ratings.timestamps.max().map(Int64.init),
            genres: genreCounts.keys.sorted().map { NameCount(name: $0, count: genreCounts[$0] ?? 0) },
            duplicateRatings: duplicates(ds.ratings))
    }

    /// Ratings whose (user, movie) pair occurred earlier in the data: O(n log n), one sorted copy of the pairs.
    static func duplicates(_ r: Ratings) -> Int {
        var keys = [Int64](repeating: 0, count: r.count)
        for k in 0..<r.count { keys[k] = Int64(r.users[k]) << 32 | Int64(UInt32(bitPattern: r.movies[k])) }
        keys.sort()
        var n = 0
        for k in keys.indices.dropFirst() where keys[k] == keys[k - 1] { n += 1 }
        return n
    }

    private struct CacheEntry: Codable { var path: String; var bytes: Int64; var modified: Double; var sha256: String }

    /// `<folder>-<hash of its absolute path>.json`: one checksum file per data folder in the shared cache.
    static func cacheFileName(for dir: URL) -> String {
        let abs = dir.standardizedFileURL.resolvingSymlinksInPath().path
        return dir.lastPathComponent + "-" + String(SHA256.hex(abs).prefix(12)) + ".json"
    }

    /// SHA-256 of each data file present, reusing `cache` when size and modification time match.
    static func checksums(_ dir: URL, cache: URL?) throws -> [DataFile] {
        try checksums(of: dataFiles.map { dir.appendingPathComponent($0) }, cache: cache)
    }

    /// SHA-256 of each of `urls` that exists, in that order, reusing `cache` as above.
    static func checksums(of urls: [URL], cache: URL?) throws -> [DataFile] {
        var cached: [String: CacheEntry] = [:]
        if let cache, let data = FileManager.default.contents(atPath: cache.path),
           let entries = try? JSONDecoder().decode([CacheEntry].self, from: data) {
            for e in entries { cached[e.path] = e }
        }
        var out: [DataFile] = []
        var entries: [CacheEntry] = []
        for url in urls {
            guard let attrs = try? FileManager.default.attributesOfItem(atPath: url.path) else { continue }
            let bytes = (attrs[.size] as? NSNumber)?.int64Value ?? 0
            let modified = (attrs[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            let recorded = DataLocation.recordedPath(of: url)
            let absolute = url.standardizedFileURL.resolvingSymlinksInPath().path
            let sum: String
            if let e = cached[absolute], e.bytes == bytes, e.modified == modified {
                sum = e.sha256
            } else {
                sum = try sha256(of: url)
            }
            entries.append(CacheEntry(path: absolute, bytes: bytes, modified: modified, sha256: sum))
            out.append(DataFile(path: recorded, bytes: bytes, checksum: sum))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]  // byte-stable file for the same data
        if let cache, let data = try? encoder.encode(entries) {
            try? FileManager.default.createDirectory(at: cache.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? data.write(to: cache, options: .atomic)
        }
        return out
    }

    static func sha256(of url: URL) throws -> String {
        guard let sum = SHA256.hex(fileAtPath: url.path) else { throw ExperimentError("cannot read data file \(url.path)") }
        return sum
    }
}
