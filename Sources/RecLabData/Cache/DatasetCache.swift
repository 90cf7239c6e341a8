#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import RecLabCore

/// The binary cache of a parsed MovieLens folder or delimited ratings file.
///
/// File layout (all integers little-endian):
/// `"RECLABDC"`, version `UInt32`, header length `UInt32`, then a header
/// holding the variant (the MovieLens layout, or `delimited-<hash of the
/// format and column mappings>`), the strict/lenient flag, each source file's name,
/// size and `FastHash`, and a directory of sections (length + `FastHash`
/// each), closed by the header's own hash; then the sections: a small JSON
/// meta record, the id vocabularies, the four rating columns, titles, genres,
/// tags, links and the id labels as raw arrays.
///
/// A cache is used only when the version, the header hash, every source
/// file's size and checksum, and every section's length and checksum match;
/// anything else is reported as `.rejected(reason)` and the loader parses the
/// sources and rewrites it (atomically, through a temporary file + rename).
///
/// Location: `<folder or file name>-<path hash>/` (see `tag(for:)`) inside the
/// `cacheDirectory` of the load options when one is given, else inside
/// RecLab's user cache folder `CacheDirectory.subfolder("datasets")`, that is
/// `$RECLAB_CACHE_DIR/datasets/`, else `$XDG_CACHE_HOME/reclab/datasets/`,
/// else `~/.cache/reclab/datasets/`. Never inside the data folder: data
/// folders may be read-only or shared, and a cache there would be picked up
/// by copies and commits of the data. The variant is part of the file name,
/// so a delimited file read with another format or mapping has its own cache.
struct DatasetCache {
    static let version: UInt32 = 2
    static let magic = Array("RECLABDC".utf8)

    /// The folder or file the cache belongs to (its name and path pick the cache subfolder).
    let directory: URL
    /// The files whose sizes and checksums key the cache, in a fixed order.
    let sources: [URL]
    let variant: String
    let lenient: Bool
    let fileURL: URL

    /// The cache of a MovieLens folder.
    init(directory: URL, layout: MovieLensLayout, lenient: Bool, cacheDirectory: URL?,
         environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        try self.init(owner: directory, sources: layout.sourceFiles(in: directory), variant: layout.rawValue,
                      lenient: lenient, cacheDirectory: cacheDirectory, environment: environment)
    }

    /// The cache of `owner` (a folder or file) read from `sources` in the way `variant` names.
    init(owner: URL, sources: [URL], variant: String, lenient: Bool, cacheDirectory: URL?,
         environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        self.directory = owner
        self.sources = sources
        self.variant = variant
        self.lenient = lenient
        let explicit = cacheDirectory.map { $0.appendingPathComponent(Self.tag(for: owner), isDirectory: true) }
        guard let dir = explicit ?? Self.defaultDirectory(for: owner, environment: environment) else {
            throw DataError("no cache directory: set RECLAB_CACHE_DIR, XDG_CACHE_HOME or HOME", kind: .other)
        }
        fileURL = dir.appendingPathComponent("dataset-\(variant)-\(lenient ? "lenient" : "strict").rlcache")
    }

    /// Where the cache of `dataDirectory` lives when the load options name no
    /// cache directory (see the type's documentation), or nil when the
    /// environment gives no cache folder at all.
    static func defaultDirectory(for dataDirectory: URL, environment: [String: String]) -> URL? {
        CacheDirectory.subfolder("datasets", environment: environment)?
            .appendingPathComponent(tag(for: dataDirectory), isDirectory: true)
    }

    /// `<folder name>-<hash of its absolute path>`: one subfolder per data
    /// folder inside a shared cache directory.
    static func tag(for dataDirectory: URL) -> String {
        let abs = dataDirectory.standardizedFileURL.resolvingSymlinksInPath()
        return abs.lastPathComponent + "-" + String(Array(abs.path.utf8).withUnsafeBytes { FastHash.of($0) } & 0xFFFF_FFFF, radix: 16)
    }

    /// Skipped-row information kept with a lenient load.
    struct StoredReport: Codable {
        var skippedRows: Int
        var firstProblems: [DataError]
    }

    private struct Meta: Codable {
        var users: Int
        var movies: Int
        var ratings: Int
        var tags: Int
        var scaleLower: Float
        var scaleUpper: Float
        var hasLinks: Bool
        var report: StoredReport
    }

    enum ReadResult {
        case absent
        case rejected(String)
        case hit(Dataset, StoredReport)
    }

    private struct SourceKey: Equatable, Sendable {
        var name: String
        var size: UInt64
        var hash: UInt64
    }

    /// Size and checksum of each source file.
    private func sourceKeys() throws -> [SourceKey] {
        try sources.map { url in
            let (size, hash) = try Self.hashFile(url)
            return SourceKey(name: url.lastPathComponent, size: size, hash: hash)
        }
    }

    /// `FastHash` of a whole file, read in 8 MiB blocks.
    static func hashFile(_ url: URL) throws -> (UInt64, UInt64) {
        let fd = open(url.path, O_RDONLY)
        guard fd >= 0 else { throw DataError("cannot open file", file: url.path, kind: .missingFile) }
        defer { close(fd) }
        let blockSize = 8 << 20
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: blockSize, alignment: 64)
        defer { buffer.deallocate() }
        var h = FastHash()
        var total: UInt64 = 0
        while true {
            let n = read(fd, buffer, blockSize)
            if n < 0 { throw DataError("cannot read file", file: url.path, kind: .missingFile) }
            if n == 0 { break }
            h.update(UnsafeRawBufferPointer(start: buffer, count: n))
            total += UInt64(n)
        }
        return (total, h.finalize())
    }

    // MARK: - Writing

    func store(_ ds: Dataset, report: StoredReport) throws {
        let keys = try sourceKeys()
        var sections: [[UInt8]] = []
        func add<T>(_ a: [T]) { sections.append(a.withUnsafeBytes { Array($0) }) }
        func addStrings(_ s: [String]) {
            var lengths: [UInt32] = []
            lengths.reserveCapacity(s.count)
            var bytes: [UInt8] = []
            for x in s { let u = Array(x.utf8); lengths.append(UInt32(u.count)); bytes.append(contentsOf: u) }
            add(lengths)
            sections.append(bytes)
        }
        let meta = Meta(users: ds.users.count, movies: ds.movies.count, ratings: ds.ratings.count, tags: ds.tags.count,
                        scaleLower: ds.ratingScale.lowerBound, scaleUpper: ds.ratingScale.upperBound,
                        hasLinks: !ds.links.isEmpty, report: report)
        sections.append(Array(try JSONEncoder().encode(meta)))
        add(ds.users.rawIDs.map(Int64.init))
        add(ds.movies.rawIDs.map(Int64.init))
        add(ds.ratings.users)
        add(ds.ratings.movies)
        add(ds.ratings.values)
        add(ds.ratings.timestamps)
        addStrings(ds.titles)
        addStrings(ds.genres.map { $0.joined(separator: "|") })
        add(ds.tags.users)
        add(ds.tags.movies)
        add(ds.tags.timestamps)
        addStrings(ds.tags.texts)
        add(ds.links.imdb.map { Int64($0 ?? -1) })
        add(ds.links.tmdb.map { Int64($0 ?? -1) })
        addStrings(ds.userLabels)
        addStrings(ds.movieLabels)

        var header = ByteWriter()
        header.string(variant)
        header.u32(lenient ? 1 : 0)
        header.u32(UInt32(keys.count))
        for k in keys { header.string(k.name); header.u64(k.size); header.u64(k.hash) }
        header.u32(UInt32(sections.count))
        for s in sections { header.u64(UInt64(s.count)); header.u64(s.withUnsafeBytes { FastHash.of($0) }) }
        let headerHash = header.bytes.withUnsafeBytes { FastHash.of($0) }
        header.u64(headerHash)

        var prefix = ByteWriter()
        prefix.bytes = Self.magic
        prefix.u32(Self.version)
        prefix.u32(UInt32(header.bytes.count))

        let dir = fileURL.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let tmp = dir.appendingPathComponent(".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        let fd = open(tmp.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw DataError("cannot create cache file", file: tmp.path) }
        var ok = true
        for chunk in [prefix.bytes, header.bytes] + sections where ok {
            ok = chunk.withUnsafeBytes { Self.writeAll(fd, $0) }
        }
        close(fd)
        guard ok, rename(tmp.path, fileURL.path) == 0 else {
            unlink(tmp.path)
            throw DataError("cannot write cache file", file: fileURL.path)
        }
    }

    private static func writeAll(_ fd: Int32, _ b: UnsafeRawBufferPointer) -> Bool {
        var done = 0
        while done < b.count {
            let n = write(fd, b.baseAddress! + done, b.count - done)
            if n <= 0 { return false }
            done += n
        }
        return true
    }

    // MARK: - Reading

    func lookup() -> ReadResult {
        let fd = open(fileURL.path, O_RDONLY)
        guard fd >= 0 else { return .absent }
        defer { close(fd) }
        do {
            return try decode(fd)
        } catch let e as CacheRejection {
            return .rejected(e.reason)
        } catch {
            return .rejected("\(error)")
        }
    }

    private struct CacheRejection: Error { var reason: String }

    private func decode(_ fd: Int32) throws -> ReadResult {
        var offset = 0
        func readBytes(_ n: Int) throws -> [UInt8] {
            let out = try [UInt8](unsafeUninitializedCapacity: n) { buf, count in
                guard n == 0 || Self.readAll(fd, UnsafeMutableRawBufferPointer(buf), at: offset) else {
                    throw CacheRejection(reason: "truncated cache file")
                }
                count = n
            }
            offset += n
            return out
        }
        let prefix = try readBytes(16)
        var pr = ByteReader(prefix)
        guard try pr.raw(8) == Self.magic else { throw CacheRejection(reason: "not a RecLab cache file") }
        let version = try pr.u32()
        guard version == Self.version else {
            throw CacheRejection(reason: "cache format version \(version), this build reads version \(Self.version)")
        }
        let headerLength = Int(try pr.u32())
        guard headerLength >= 8 && headerLength < (64 << 20) else { throw CacheRejection(reason: "corrupt cache header") }
        let header = try readBytes(headerLength)
        let stored = header[(headerLength - 8)...].withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
        guard header[..<(headerLength - 8)].withUnsafeBytes({ FastHash.of($0) }) == stored else {
            throw CacheRejection(reason: "corrupt cache header (checksum mismatch)")
        }
        var h = ByteReader(header)
        guard try h.string() == variant, try h.u32() == (lenient ? 1 : 0) else {
            throw CacheRejection(reason: "cache is for another layout, format or mode")
        }
        let keyCount = Int(try h.u32())
        var cached: [SourceKey] = []
        for _ in 0..<keyCount { cached.append(SourceKey(name: try h.string(), size: try h.u64(), hash: try h.u64())) }
        // Cheap checks first: the file list and sizes, then the checksums.
        let sources = self.sources.filter { FileManager.default.fileExists(atPath: $0.path) }
        guard sources.map(\.lastPathComponent) == cached.map(\.name) else {
            throw CacheRejection(reason: "stale cache: the source file list changed")
        }
        for (url, key) in zip(sources, cached) {
            let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.uint64Value
            guard size == key.size else { throw CacheRejection(reason: "stale cache: \(key.name) changed size") }
        }
        let sectionCount = Int(try h.u32())
        var dirEntries: [SectionEntry] = []
        for _ in 0..<sectionCount { dirEntries.append(SectionEntry(length: Int(try h.u64()), hash: try h.u64())) }
        guard sectionCount == 22 else { throw CacheRejection(reason: "corrupt cache (section count)") }

        // Checksum the sources on one core while the other reads and checks the payload.
        let payload = ResultBox()
        let payloadStart = offset, entries = dirEntries, keys = cached
        let stale: [String?] = ParallelChunks.map(2) { part in
            if part == 0 {
                for (url, key) in zip(sources, keys) {
                    guard let h = try? Self.hashFile(url).1, h == key.hash else {
                        return "stale cache: \(key.name) changed (checksum)"
                    }
                }
                return nil
            }
            payload.result = Result { try self.decodePayload(fd, at: payloadStart, entries) }
            return nil
        }
        if let reason = stale[0] { throw CacheRejection(reason: reason) }
        guard let result = payload.result else { throw CacheRejection(reason: "cache payload not read") }
        let (ds, report) = try result.get()
        return .hit(ds, report)
    }

    private struct SectionEntry: Sendable {
        var length: Int
        var hash: UInt64
    }

    /// Carries the payload worker's result out of `concurrentPerform`
    /// (written by one worker, read after the join).
    private final class ResultBox: @unchecked Sendable {
        var result: Result<(Dataset, StoredReport), any Error>?
    }

    private func decodePayload(_ fd: Int32, at start: Int, _ dirEntries: [SectionEntry]) throws -> (Dataset, StoredReport) {
        var offset = start
        var k = 0
        func section<T>(_ type: T.Type) throws -> [T] {
            let length = dirEntries[k].length, hash = dirEntries[k].hash
            let stride = MemoryLayout<T>.stride
            guard length % stride == 0 else { throw CacheRejection(reason: "corrupt cache (section \(k) length)") }
            let n = length / stride
            let out = try [T](unsafeUninitializedCapacity: n) { buf, count in
                let raw = UnsafeMutableRawBufferPointer(start: UnsafeMutableRawPointer(buf.baseAddress), count: length)
                guard length == 0 || Self.readAll(fd, raw, at: offset) else {
                    throw CacheRejection(reason: "truncated cache file (section \(k))")
                }
                guard FastHash.of(UnsafeRawBufferPointer(raw)) == hash else {
                    throw CacheRejection(reason: "corrupt cache payload (section \(k) checksum mismatch)")
                }
                count = n
            }
            offset += length
            k += 1
            return out
        }
        func strings() throws -> [String] {
            let lengths = try section(UInt32.self)
            let bytes = try section(UInt8.self)
            var out: [String] = []
            out.reserveCapacity(lengths.count)
            var at = 0
            try bytes.withUnsafeBufferPointer { b in
                for l in lengths {
                    let l = Int(l)
                    guard at + l <= b.count else { throw CacheRejection(reason: "corrupt cache (string table)") }
                    out.append(String(decoding: UnsafeBufferPointer(rebasing: b[at..<(at + l)]), as: UTF8.self))
                    at += l
                }
            }
            return out
        }
        let metaBytes = try section(UInt8.self)
        let meta = try JSONDecoder().decode(Meta.self, from: Data(metaBytes))
        let users = try section(Int64.self).map(Int.init)
        let movies = try section(Int64.self).map(Int.init)
        let ratings = Ratings(users: try section(Int32.self), movies: try section(Int32.self),
                              values: try section(Float.self), timestamps: try section(Int32.self))
        let titles = try strings()
        let genres = try strings().map { $0.isEmpty ? [] : $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init) }
        let tagUsers = try section(Int32.self)
        let tagMovies = try section(Int32.self)
        let tagTimes = try section(Int32.self)
        let tagTexts = try strings()
        let imdb = try section(Int64.self).map { $0 < 0 ? nil : Int($0) }
        let tmdb = try section(Int64.self).map { $0 < 0 ? nil : Int($0) }
        let userLabels = try strings()
        let movieLabels = try strings()
        guard users.count == meta.users, movies.count == meta.movies, ratings.count == meta.ratings,
              tagTexts.count == meta.tags, tagUsers.count == meta.tags, tagMovies.count == meta.tags,
              tagTimes.count == meta.tags, titles.count == movies.count, genres.count == movies.count,
              imdb.count == tmdb.count, !meta.hasLinks || imdb.count == movies.count,
              userLabels.isEmpty || userLabels.count == users.count, movieLabels.isEmpty || movieLabels.count == movies.count
        else { throw CacheRejection(reason: "corrupt cache (inconsistent counts)") }
        let ds = Dataset(name: directory.lastPathComponent, users: Vocabulary(uniqueRawIDs: users),
                         movies: Vocabulary(uniqueRawIDs: movies), titles: titles, genres: genres, ratings: ratings,
                         tags: Tags(users: tagUsers, movies: tagMovies, texts: tagTexts, timestamps: tagTimes),
                         ratingScale: meta.scaleLower...meta.scaleUpper,
                         links: Links(imdb: imdb, tmdb: tmdb), userLabels: userLabels, movieLabels: movieLabels)
        return (ds, meta.report)
    }

    private static func readAll(_ fd: Int32, _ b: UnsafeMutableRawBufferPointer, at offset: Int) -> Bool {
        var done = 0
        while done < b.count {
            let n = pread(fd, b.baseAddress! + done, b.count - done, off_t(offset + done))
            if n <= 0 { return false }
            done += n
        }
        return true
    }
}

/// Little-endian writer for the cache header.
struct ByteWriter {
    var bytes: [UInt8] = []
    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func string(_ s: String) { let u = Array(s.utf8); u32(UInt32(u.count)); bytes.append(contentsOf: u) }
}

/// Bounds-checked little-endian reader for the cache header.
struct ByteReader {
    let bytes: [UInt8]
    var at = 0
    init(_ b: [UInt8]) { bytes = b }
    private struct Truncated: Error {}
    mutating func raw(_ n: Int) throws -> [UInt8] {
        guard n >= 0, at + n <= bytes.count else { throw Truncated() }
        defer { at += n }
        return Array(bytes[at..<(at + n)])
    }
    mutating func u32() throws -> UInt32 { try raw(4).withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self)) } }
    mutating func u64() throws -> UInt64 { try raw(8).withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) } }
    mutating func string() throws -> String { String(decoding: try raw(Int(try u32())), as: UTF8.self) }
}
