import Foundation
import RecLabCore

/// A delimited ratings file, how to read it, and an optional item metadata file.
public struct DelimitedSource: Sendable, Hashable {
    public var ratings: URL
    public var format: DelimitedFormat
    public var items: URL?
    public var itemsFormat: ItemsFileFormat?

    public init(ratings: URL, format: DelimitedFormat, items: URL? = nil, itemsFormat: ItemsFileFormat? = nil) {
        self.ratings = ratings
        self.format = format
        self.items = items
        self.itemsFormat = itemsFormat
    }

    /// The cache variant: `delimited-` and a hash of the format, the mappings and the items file's path,
    /// so a different reading of the same file never shares a cache.
    var cacheVariant: String {
        var text = format.canonical
        if let items, let itemsFormat {
            text += "\nitems:" + items.standardizedFileURL.path + "\n" + itemsFormat.canonical
        }
        let h = Array(text.utf8).withUnsafeBytes { FastHash.of($0) }
        return "delimited-" + String(h, radix: 16)
    }
}

/// What a delimited load did besides producing the dataset.
public struct DelimitedLoadOutcome: Sendable {
    public var dataset: Dataset
    public var cache: LoadReport.CacheOutcome
    /// Why an existing cache was not used, if one was found.
    public var cacheRejection: String?
    public var skippedRows: Int
    public var firstProblems: [DataError]
}

/// Loads any delimited ratings file (CSV, TSV, a custom separator; with or
/// without a header) into a `Dataset`, the conventions of Surprise's
/// `Dataset.load_from_file(path, Reader(…))` and LensKit's loaders.
///
/// Ids are text: users and items get dense inner ids in order of first
/// appearance in the ratings file (then items named only by the items
/// file, in its order). When every id of a kind is a plain decimal integer
/// (`42`, not `042` or `4.0`), the integers are the raw ids, as for
/// MovieLens; otherwise the raw id is the inner id and `Dataset.userLabels`
/// / `movieLabels` keep the ids as written. An item without a title gets its
/// id as title; the text columns of the items file become its content text
/// (`Dataset.genres`). Ratings must lie on the format's scale.
///
/// Strict by default (the first bad row is a `DataError` naming file, line
/// and column); lenient skips and counts bad rows. The binary cache
/// (`DatasetCache`) is keyed by the files' sizes and checksums and by the
/// format and mappings.
public enum DelimitedLoader {
    public static func load(_ source: DelimitedSource, name: String? = nil,
                            options: LoadOptions = LoadOptions()) throws -> DelimitedLoadOutcome {
        var lenientLimit: Int?
        if case .lenient(let limit) = options.strictness { lenientLimit = max(0, limit) }
        let displayName = name ?? source.ratings.deletingPathExtension().lastPathComponent
        var cache: DatasetCache?
        var outcome = DelimitedLoadOutcome(dataset: Dataset(name: displayName, users: Vocabulary(), movies: Vocabulary(),
                                                            titles: [], genres: [], ratings: Ratings()),
                                           cache: .disabled, cacheRejection: nil, skippedRows: 0, firstProblems: [])
        if options.cache != .disabled {
            cache = try? DatasetCache(owner: source.ratings, sources: [source.ratings] + (source.items.map { [$0] } ?? []),
                                      variant: source.cacheVariant, lenient: lenientLimit != nil,
                                      cacheDirectory: options.cacheDirectory)
        }
        if let cache, options.cache == .automatic {
            switch cache.lookup() {
            case .hit(var ds, let report):
                ds.name = displayName
                outcome.dataset = ds
                outcome.cache = .hit(cache.fileURL)
                outcome.skippedRows = report.skippedRows
                outcome.firstProblems = report.firstProblems
                return outcome
            case .absent: break
            case .rejected(let why): outcome.cacheRejection = why
            }
        }
        var issues = lenientLimit.map { IssueLog(limit: $0) }
        var ds = try parse(source, issues: &issues)
        ds.name = displayName
        outcome.dataset = ds
        outcome.skippedRows = issues?.count ?? 0
        outcome.firstProblems = issues?.first ?? []
        if let cache {
            do {
                try cache.store(ds, report: DatasetCache.StoredReport(skippedRows: outcome.skippedRows, firstProblems: outcome.firstProblems))
                outcome.cache = .written(cache.fileURL)
            } catch {
                outcome.cache = .notWritten("\(error)")
            }
        } else if options.cache != .disabled {
            outcome.cache = .notWritten("no cache directory: set RECLAB_CACHE_DIR, XDG_CACHE_HOME or HOME")
        }
        return outcome
    }

    /// The ratings of `file` (read with `format`), with ids mapped through
    /// `dataset`'s vocabularies: for rows given apart from the dataset (the
    /// files of a fixed split). A user or item the dataset does not hold is
    /// an error naming the file, line and column; so is a rating off the
    /// dataset's scale. Rows keep the file's order.
    public static func ratings(of file: URL, format: DelimitedFormat, in dataset: Dataset) throws -> Ratings {
        var users: [String: Int32] = Dictionary(minimumCapacity: dataset.userCount)
        for i in 0..<dataset.userCount { users[dataset.userID(Int32(i))] = Int32(i) }
        var movies: [String: Int32] = Dictionary(minimumCapacity: dataset.movieCount)
        for i in 0..<dataset.movieCount { movies[dataset.movieID(Int32(i))] = Int32(i) }
        let mapped = try MappedFile(file)
        var out = Ratings()
        var scale = format.scale
        scale.lower = max(scale.lower, dataset.ratingScale.lowerBound)
        scale.upper = min(scale.upper, dataset.ratingScale.upperBound)
        try readRatings(mapped, format: format, scale: scale, problem: { throw $0 }) { sc, user, item, value, time, line, labels in
            guard let u = users[user] else {
                throw DataError("user '\(user)' is not in the dataset '\(dataset.name)'", file: mapped.path, line: line,
                                column: labels[0], kind: .unknownReference)
            }
            guard let m = movies[item] else {
                throw DataError("item '\(item)' is not in the dataset '\(dataset.name)'", file: mapped.path, line: line,
                                column: labels[1], kind: .unknownReference)
            }
            out.append(user: u, movie: m, value: value, timestamp: time)
        }
        return out
    }

    // MARK: - Parsing

    /// Text ids in order of first appearance.
    struct Interner {
        var index: [String: Int32] = [:]
        var labels: [String] = []

        mutating func insert(_ s: String) -> Int32 {
            if let i = index[s] { return i }
            let i = Int32(labels.count)
            index[s] = i
            labels.append(s)
            return i
        }

        /// The vocabulary and labels: integer raw ids when every id is a plain integer, else inner ids and labels.
        var vocabulary: (Vocabulary, [String]) {
            var ints: [Int] = []
            ints.reserveCapacity(labels.count)
            for s in labels {
                guard let v = Int(s), String(v) == s else {
                    return (Vocabulary(uniqueRawIDs: Array(0..<labels.count)), labels)
                }
                ints.append(v)
            }
            return (Vocabulary(uniqueRawIDs: ints), [])
        }
    }

    static func parse(_ source: DelimitedSource, issues: inout IssueLog?) throws -> Dataset {
        let file = try MappedFile(source.ratings)
        var users = Interner(), items = Interner()
        var ratings = Ratings()
        var log = issues
        func problem(_ e: DataError) throws {
            guard log != nil else { throw e }
            log!.record(e)
        }
        try readRatings(file, format: source.format, scale: source.format.scale, problem: problem) { _, user, item, value, time, _, _ in
            ratings.append(user: users.insert(user), movie: items.insert(item), value: value, timestamp: time)
        }
        if ratings.isEmpty && (log?.count ?? 0) == 0 {
            throw DataError("no ratings in the file", file: file.path, kind: .emptyFile)
        }
        var titles: [String?] = []
        var texts: [[String]] = []
        if let url = source.items, let format = source.itemsFormat {
            let itemsFile = try MappedFile(url)
            let table = try DelimitedTable(path: itemsFile.path, delimiter: format.delimiter, header: format.header,
                                           columns: [("item", format.item), ("title", format.title)]
                                               + format.text.map { ("text", $0) })
            var seen = Set<Int32>()
            try table.forEach(itemsFile, problem: problem) { sc, f, line, r in
                let id = try sc.string(f[r.indices[0]], encoding: .utf8, line: line, column: r.labels[0])
                let inner = items.insert(id)
                guard seen.insert(inner).inserted else {
                    throw DataError("duplicate item id '\(id)'", file: itemsFile.path, line: line, column: r.labels[0],
                                    kind: .invalidValue)
                }
                let k = Int(inner)
                if titles.count <= k {
                    titles.append(contentsOf: [String?](repeating: nil, count: k + 1 - titles.count))
                    texts.append(contentsOf: [[String]](repeating: [], count: k + 1 - texts.count))
                }
                if r.indices[1] >= 0 {
                    titles[k] = try sc.string(f[r.indices[1]], encoding: .utf8, line: line, column: r.labels[1])
                }
                var text: [String] = []
                for c in 2..<r.indices.count {
                    let v = try sc.string(f[r.indices[c]], encoding: .utf8, line: line, column: r.labels[c])
                    if !v.isEmpty { text.append(v) }
                }
                texts[k] = text
            }
        }
        issues = log
        let (userVocabulary, userLabels) = users.vocabulary
        let (itemVocabulary, itemLabels) = items.vocabulary
        let n = items.labels.count
        return Dataset(name: source.ratings.lastPathComponent, users: userVocabulary, movies: itemVocabulary,
                       titles: (0..<n).map { $0 < titles.count ? titles[$0] ?? items.labels[$0] : items.labels[$0] },
                       genres: (0..<n).map { $0 < texts.count ? texts[$0] : [] },
                       ratings: ratings, ratingScale: source.format.scale.range,
                       userLabels: userLabels, movieLabels: itemLabels)
    }

    /// Reads every rating row of `file`: ids as text, the rating checked against `scale`, the timestamp (0 when unmapped).
    static func readRatings(_ file: MappedFile, format: DelimitedFormat, scale: RatingScale, problem: (DataError) throws -> Void,
                            _ row: (RecordScanner, String, String, Float, Int32, Int, [String]) throws -> Void) throws {
        let table = try DelimitedTable(path: file.path, delimiter: format.delimiter, header: format.header,
                                       columns: [("user", format.user), ("item", format.item), ("rating", format.rating),
                                                 ("timestamp", format.timestamp)])
        try table.forEach(file, problem: problem) { sc, f, line, r in
            let user = try id(sc, f[r.indices[0]], line: line, column: r.labels[0], role: "user")
            let item = try id(sc, f[r.indices[1]], line: line, column: r.labels[1], role: "item")
            let rs = f[r.indices[2]]
            let bytes = sc.bytes(rs)
            guard let v = bytes.withUnsafeBufferPointer({ b in b.baseAddress.flatMap { FieldParsing.decimal($0, 0, b.count) } }) else {
                throw DataError("expected a number, found '\(sc.display(rs))'", file: file.path, line: line,
                                column: r.labels[2], kind: .invalidValue)
            }
            guard v >= scale.lower && v <= scale.upper && scale.isOnStep(v) else {
                throw DataError("rating \(sc.display(rs)) is outside the scale (expected \(scale))", file: file.path, line: line,
                                column: r.labels[2], kind: .invalidValue)
            }
            var time: Int32 = 0
            if r.indices[3] >= 0 {
                let ts = f[r.indices[3]]
                let tb = sc.bytes(ts)
                guard let t = tb.withUnsafeBufferPointer({ b in b.baseAddress.flatMap { FieldParsing.int($0, 0, b.count) } }),
                      t >= Int64(Int32.min), t <= Int64(Int32.max) else {
                    throw DataError("expected Unix seconds (an integer that fits 32 bits), found '\(sc.display(ts))'",
                                    file: file.path, line: line, column: r.labels[3], kind: .invalidValue)
                }
                time = Int32(t)
            }
            try row(sc, user, item, v, time, line, r.labels)
        }
    }

    private static func id(_ sc: RecordScanner, _ span: FieldSpan, line: Int, column: String, role: String) throws -> String {
        let s = try sc.string(span, encoding: .utf8, line: line, column: column)
        guard !s.isEmpty else {
            throw DataError("empty \(role) id", file: sc.path, line: line, column: column, kind: .invalidValue)
        }
        return s
    }
}
