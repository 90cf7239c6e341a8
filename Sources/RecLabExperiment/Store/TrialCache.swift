import Foundation
import RecLabCore
import RecLabResults

/// The user-level trial cache: every finished trial (`ok` or `diverged`) of
/// every run, filed by its content key (`TrialKey`), so a run in any results
/// folder reuses a trial another run already computed — a variant experiment
/// recomputes only the models it changed.
///
/// Location: `CacheDirectory.subfolder("trials")` (`$RECLAB_CACHE_DIR/trials`,
/// else `$XDG_CACHE_HOME/reclab/trials`, else `~/.cache/reclab/trials`), one
/// file per key at `<first two hex digits>/<key>.trial`.
///
/// File format: one header line `reclab-trial 1 sha256=<hex>` followed by the
/// trial's JSON; the digest covers the JSON bytes. A cached trial is used only
/// when the header parses, the digest matches, the JSON decodes, and its
/// content key equals the file's name; anything else is reported as damaged,
/// removed and recomputed — never trusted.
///
/// Concurrency: entries are written with the results store's atomic write
/// (temporary file, `fsync`, `rename`), so concurrent runs that finish the same
/// trial each replace the file with identical bytes and a reader sees either
/// no file or a complete one.
public struct TrialCache: Sendable {
    public let directory: URL

    public init(directory: URL) { self.directory = directory }

    /// The cache under the user cache folder, or nil when there is none (no `HOME`, no variable set).
    public static func user(environment: [String: String] = ProcessInfo.processInfo.environment) -> TrialCache? {
        CacheDirectory.subfolder("trials", environment: environment).map(TrialCache.init(directory:))
    }

    static let magic = "reclab-trial 1 sha256="

    /// The file of a content key.
    public func url(for key: String) -> URL {
        let prefix = key.count >= 2 ? String(key.prefix(2)) : "xx"
        return directory.appendingPathComponent(prefix, isDirectory: true).appendingPathComponent("\(key).trial")
    }

    /// What a look-up found.
    public enum Lookup: Sendable {
        case hit(TrialResult)
        case miss
        /// The file exists but cannot be trusted; it has been removed.
        case damaged(String)
    }

    public func lookup(_ key: String) -> Lookup {
        let url = url(for: key)
        guard let data = FileManager.default.contents(atPath: url.path) else { return .miss }
        switch Self.decode(data, key: key) {
        case .success(let trial): return .hit(trial)
        case .failure(let why):
            try? FileManager.default.removeItem(at: url)
            return .damaged("\(url.path): \(why.reason)")
        }
    }

    /// Like `lookup`, but leaves a damaged file in place (for read-only callers such as `reclab plan`).
    public func peek(_ key: String) -> Lookup {
        let url = url(for: key)
        guard let data = FileManager.default.contents(atPath: url.path) else { return .miss }
        switch Self.decode(data, key: key) {
        case .success(let trial): return .hit(trial)
        case .failure(let why): return .damaged("\(url.path): \(why.reason)")
        }
    }

    /// Files a finished trial under its key. Failed trials are not cached.
    public func store(_ trial: TrialResult) throws {
        guard trial.status != .failed, !trial.contentHash.isEmpty else { return }
        try TrialStore.atomicWrite(Self.encode(trial), to: url(for: trial.contentHash))
    }

    struct Damage: Error { var reason: String }

    static func encode(_ trial: TrialResult) throws -> Data {
        let body: Data
        do { body = try ResultsLayout.encoder().encode(trial) } catch {
            throw ExperimentError("cannot encode trial \(trial.id) for the cache: \(error)")
        }
        var data = Data((magic + SHA256.hex(bytes: Array(body)) + "\n").utf8)
        data.append(body)
        return data
    }

    static func decode(_ data: Data, key: String) -> Result<TrialResult, Damage> {
        guard let newline = data.firstIndex(of: 0x0A) else { return .failure(Damage(reason: "no header line")) }
        let header = String(decoding: data[data.startIndex..<newline], as: UTF8.self)
        guard header.hasPrefix(magic) else { return .failure(Damage(reason: "not a RecLab trial cache file (header '\(header.prefix(40))')")) }
        let expected = String(header.dropFirst(magic.count))
        let body = data[data.index(after: newline)...]
        guard SHA256.hex(bytes: Array(body)) == expected else { return .failure(Damage(reason: "checksum mismatch")) }
        guard let trial = try? ResultsLayout.decoder().decode(TrialResult.self, from: Data(body)) else {
            return .failure(Damage(reason: "the trial does not decode"))
        }
        guard trial.contentHash == key else { return .failure(Damage(reason: "filed under the wrong key")) }
        guard trial.status != .failed else { return .failure(Damage(reason: "a failed trial")) }
        return .success(trial)
    }
}
