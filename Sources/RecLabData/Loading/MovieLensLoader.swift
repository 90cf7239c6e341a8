import Foundation

/// Loads a MovieLens folder (any layout, see `MovieLensLayout`) into a `Dataset`.
///
/// Strict by default: the first bad row is a `DataError` naming file, line,
/// column and what was expected. With `LoadOptions(strictness: .lenient)`
/// bad rows are skipped and reported in the `LoadReport`. A binary cache
/// (`DatasetCache`) makes a second load skip parsing; it is keyed by the
/// source files' sizes and checksums and verified before use.
public enum MovieLensLoader {
    /// Loads `directory`; `name` defaults to the folder name.
    public static func load(_ directory: URL, name: String? = nil, options: LoadOptions = LoadOptions()) throws -> Dataset {
        try loadWithReport(directory, name: name, options: options).dataset
    }

    /// Loads `directory` and says how (layout, skipped rows, cache use, time).
    public static func loadWithReport(_ directory: URL, name: String? = nil,
                                      options: LoadOptions = LoadOptions()) throws -> LoadOutcome {
        let start = DispatchTime.now().uptimeNanoseconds
        func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
        let layout = try MovieLensLayout.detect(directory)
        var lenientLimit: Int?
        if case .lenient(let limit) = options.strictness { lenientLimit = max(0, limit) }

        var cacheOutcome = LoadReport.CacheOutcome.disabled
        var rejection: String?
        var cache: DatasetCache?
        if options.cache != .disabled {
            cache = try? DatasetCache(directory: directory, layout: layout, lenient: lenientLimit != nil,
                                      cacheDirectory: options.cacheDirectory)
        }
        if let cache, options.cache == .automatic {
            switch cache.lookup() {
            case .hit(var ds, let report):
                ds.name = name ?? directory.lastPathComponent
                return LoadOutcome(dataset: ds, report: LoadReport(
                    layout: layout, skippedRows: report.skippedRows, firstProblems: report.firstProblems,
                    cache: .hit(cache.fileURL), cacheRejection: nil, seconds: elapsed()))
            case .absent:
                break
            case .rejected(let why):
                rejection = why
            }
        }

        var parser = SourceParser(directory: directory, layout: layout, lenientLimit: lenientLimit)
        var ds = try parser.parse()
        ds.name = name ?? directory.lastPathComponent
        let issues = parser.issues ?? IssueLog(limit: 0)
        if let cache {
            do {
                try cache.store(ds, report: DatasetCache.StoredReport(skippedRows: issues.count, firstProblems: issues.first))
                cacheOutcome = .written(cache.fileURL)
            } catch {
                cacheOutcome = .notWritten("\(error)")
            }
        } else if options.cache != .disabled {
            cacheOutcome = .notWritten("no cache directory: set RECLAB_CACHE_DIR, XDG_CACHE_HOME or HOME")
        }
        return LoadOutcome(dataset: ds, report: LoadReport(
            layout: layout, skippedRows: issues.count, firstProblems: issues.first,
            cache: cacheOutcome, cacheRejection: rejection, seconds: elapsed()))
    }
}
