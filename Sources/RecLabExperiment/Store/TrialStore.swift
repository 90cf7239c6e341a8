#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Foundation
import RecLabResults

/// The results store: one JSON file per finished trial under
/// `DIR/results/trials/<id>.json` (the `ResultsLayout` the report reads),
/// written atomically — encode, write to `.tmp-<id>-<pid>` in the same folder,
/// `fsync` the file, `rename` it over the final name, `fsync` the folder — so
/// a crash at any instant leaves either the old state or the complete file,
/// never a half-written one under a trusted name. See docs/design-results-store.md.
///
/// Trials are found again by content key (`TrialResult.contentHash`), not by
/// file name, so renaming a model or reordering a sweep reuses finished work.
/// Files of trials no longer in the plan are moved to `results/unused/` at the
/// end of a run (kept as a cache: a later plan that needs them again takes them back).
/// An append-only `results/trials.log` records `start` / `finish` lines per key.
public final class TrialStore: @unchecked Sendable {
    public let layout: ResultsLayout
    /// Claims that keep concurrent runs on this folder from running a trial twice.
    public let claims: TrialClaims
    private let lock = NSLock()

    public init(layout: ResultsLayout) {
        self.layout = layout
        claims = TrialClaims(directory: layout.resultsDirectory.appendingPathComponent("claims", isDirectory: true))
    }

    /// The stored result of `trial` if another run has finished it (`ok` or `diverged`), else nil;
    /// with `storedSince`, only a file written after that instant counts (a `--force` run
    /// recomputes what was there before it started).
    public func result(of trial: PlannedTrial, storedSince: Date? = nil) -> TrialResult? {
        let url = layout.trialURL(id: trial.id)
        if let since = storedSince {
            guard let modified = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date,
                  modified > since else { return nil }
        }
        guard let data = FileManager.default.contents(atPath: url.path),
              let t = try? ResultsLayout.decoder().decode(TrialResult.self, from: data),
              t.contentHash == trial.key, t.status != .failed else { return nil }
        return t
    }

    public var unusedDirectory: URL { layout.resultsDirectory.appendingPathComponent("unused", isDirectory: true) }
    public var logURL: URL { layout.resultsDirectory.appendingPathComponent("trials.log") }

    /// Creates the folders and removes temporary files an interrupted run left behind (not those
    /// of a concurrent run still writing, see `isAbandoned`).
    public func prepare() throws {
        let fm = FileManager.default
        do {
            try fm.createDirectory(at: layout.trialsDirectory, withIntermediateDirectories: true)
            for name in try fm.contentsOfDirectory(atPath: layout.trialsDirectory.path) where name.hasPrefix(".tmp-") {
                let url = layout.trialsDirectory.appendingPathComponent(name)
                if Self.isAbandoned(temporary: url) { try? fm.removeItem(at: url) }
            }
        } catch {
            throw ExperimentError("cannot prepare the results folder \(layout.trialsDirectory.path): \(error.localizedDescription)")
        }
    }

    /// What `finished()` found: usable results by key, and files it could not trust.
    public struct Scan: Sendable {
        public var byKey: [String: TrialResult] = [:]
        /// Where each result was found.
        public var files: [String: URL] = [:]
        public var unreadable: [String] = []
    }

    /// Every stored trial that finished (`ok` or `diverged`; a `failed` trial
    /// is retried), from `trials/` and `unused/`, indexed by content key.
    public func finished() -> Scan {
        var scan = Scan()
        let decoder = ResultsLayout.decoder()
        for dir in [unusedDirectory, layout.trialsDirectory] {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { continue }
            for name in names.sorted() where name.hasSuffix(".json") && !name.hasPrefix(".") {
                let url = dir.appendingPathComponent(name)
                guard let data = FileManager.default.contents(atPath: url.path),
                      let t = try? decoder.decode(TrialResult.self, from: data), !t.contentHash.isEmpty else {
                    scan.unreadable.append(url.path)
                    continue
                }
                guard t.status != .failed else { continue }
                scan.byKey[t.contentHash] = t
                scan.files[t.contentHash] = url
            }
        }
        return scan
    }

    /// Writes one trial durably (see the type's comment); safe from several threads.
    public func write(_ trial: TrialResult) throws {
        let url = layout.trialURL(id: trial.id)
        var data: Data
        do { data = try ResultsLayout.encoder().encode(trial) } catch {
            throw ExperimentError("cannot encode trial \(trial.id): \(error)")
        }
        data.append(0x0A)
        try Self.atomicWrite(data, to: url)
    }

    /// Moves a stored file (for example from `unused/`) to the trial's place under `trials/`.
    public func adopt(_ trial: TrialResult, from url: URL) throws {
        let dest = layout.trialURL(id: trial.id)
        if url.standardizedFileURL.path == dest.standardizedFileURL.path { return }
        try write(trial)
        if url.path != dest.path { try? FileManager.default.removeItem(at: url) }
    }

    /// Moves trial files whose key is not in `keys` to `unused/`, so the report shows only this plan.
    public func retire(keeping keys: Set<String>) {
        let fm = FileManager.default
        let decoder = ResultsLayout.decoder()
        guard let names = try? fm.contentsOfDirectory(atPath: layout.trialsDirectory.path) else { return }
        for name in names where name.hasSuffix(".json") && !name.hasPrefix(".") {
            let url = layout.trialsDirectory.appendingPathComponent(name)
            let t = fm.contents(atPath: url.path).flatMap { try? decoder.decode(TrialResult.self, from: $0) }
            if let t, keys.contains(t.contentHash) { continue }
            try? fm.createDirectory(at: unusedDirectory, withIntermediateDirectories: true)
            let dest = unusedDirectory.appendingPathComponent(name)
            try? fm.removeItem(at: dest)
            try? fm.moveItem(at: url, to: dest)
        }
    }

    /// Appends `<event> <key> <id>` to `results/trials.log` (one `write` with O_APPEND: lines never interleave).
    public func log(_ event: String, _ trial: PlannedTrial) {
        let line = "\(event) \(trial.key) \(trial.id)\n"
        lock.lock(); defer { lock.unlock() }
        let fd = open(logURL.path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        guard fd >= 0 else { return }
        defer { close(fd) }
        _ = line.utf8CString.withUnsafeBufferPointer { buf in
            posixWrite(fd, buf.baseAddress, buf.count - 1)
        }
    }

    /// True for a temporary file (`.tmp-<name>-<pid>-<n>`) whose writer is gone: its process no
    /// longer exists on this host, or it is over an hour old (a writer on another host sharing the
    /// folder). A concurrent run's file being written right now is left alone.
    static func isAbandoned(temporary url: URL) -> Bool {
        let parts = url.lastPathComponent.split(separator: "-")
        if parts.count >= 2, let pid = Int32(parts[parts.count - 2]), pid > 0, pid != getpid(),
           kill(pid, 0) != 0, errno == ESRCH {
            return true
        }
        let modified = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date
        return modified.map { Date().timeIntervalSince($0) > 3600 } ?? false
    }

    /// temp file + fsync + rename + fsync(dir).
    static func atomicWrite(_ data: Data, to url: URL) throws {
        let dir = url.deletingLastPathComponent()
        do { try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true) } catch {
            throw ExperimentError("cannot create \(dir.path): \(error.localizedDescription)")
        }
        let tmp = dir.appendingPathComponent(".tmp-\(url.lastPathComponent)-\(getpid())-\(nextTemporaryNumber())")
        let fd = open(tmp.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw ExperimentError("cannot create \(tmp.path): \(String(cString: strerror(errno)))") }
        var ok = data.withUnsafeBytes { raw -> Bool in
            guard let base = raw.baseAddress else { return true }
            var off = 0
            while off < raw.count {
                let n = posixWrite(fd, base + off, raw.count - off)
                if n <= 0 { return false }
                off += n
            }
            return true
        }
        ok = ok && fsync(fd) == 0
        close(fd)
        guard ok, rename(tmp.path, url.path) == 0 else {
            let msg = String(cString: strerror(errno))
            unlink(tmp.path)
            throw ExperimentError("cannot write \(url.path): \(msg)")
        }
        let dfd = open(dir.path, O_RDONLY)
        if dfd >= 0 { fsync(dfd); close(dfd) }
    }
}

/// `write(2)` under a name the store's own `write` method does not shadow.
private func posixWrite(_ fd: Int32, _ p: UnsafeRawPointer?, _ n: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(fd, p, n)
    #else
    return Darwin.write(fd, p, n)
    #endif
}

/// A per-process counter that makes temporary names unique across threads.
private let tmpCounterLock = NSLock()
nonisolated(unsafe) private var tmpCounter: UInt64 = 0
private func nextTemporaryNumber() -> UInt64 {
    tmpCounterLock.lock(); defer { tmpCounterLock.unlock() }
    tmpCounter += 1
    return tmpCounter
}
