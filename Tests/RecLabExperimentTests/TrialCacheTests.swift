import Foundation
import Testing
import _TestSupport
@testable import RecLabExperiment
import RecLabResults

@Suite("Trial cache entries")
struct TrialCacheEntryTests {
    func tempCache() -> TrialCache {
        TrialCache(directory: FileManager.default.temporaryDirectory.appendingPathComponent("reclab-cache-\(UUID().uuidString)"))
    }

    func trial(_ key: String, status: TrialStatus = .ok) -> TrialResult {
        TrialResult(id: "svd-0001", contentHash: key, model: "svd", kind: "svd", parameters: ["reg_all": .double(0.02)],
                    seed: 9, replicate: ReplicateKey(splitSeed: 1), metrics: ["rmse": 0.8764], seconds: 0.5, status: status)
    }

    @Test("A stored trial is found under its key with the same values; another key misses")
    func roundTrip() throws {
        let cache = tempCache()
        defer { try? FileManager.default.removeItem(at: cache.directory) }
        try cache.store(trial("ab12cd"))
        guard case .hit(let t) = cache.lookup("ab12cd") else { Issue.record("expected a hit"); return }
        #expect(t == trial("ab12cd"))
        guard case .miss = cache.lookup("ab12ce") else { Issue.record("expected a miss"); return }
    }

    @Test("Failed trials are not cached")
    func failedNotCached() throws {
        let cache = tempCache()
        defer { try? FileManager.default.removeItem(at: cache.directory) }
        try cache.store(trial("ff00", status: .failed))
        #expect(!FileManager.default.fileExists(atPath: cache.url(for: "ff00").path))
    }

    @Test("A flipped digit, a truncated file or a file under the wrong key is damaged: reported and removed, never trusted",
          arguments: ["flip", "truncate", "rename"])
    func damaged(_ how: String) throws {
        let cache = tempCache()
        defer { try? FileManager.default.removeItem(at: cache.directory) }
        try cache.store(trial("ab12cd"))
        let url = cache.url(for: "ab12cd")
        var data = try Data(contentsOf: url)
        var key = "ab12cd"
        switch how {
        case "flip":
            // 0.8764 → 0.8765: still valid JSON, only the checksum can tell.
            let text = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "0.8764", with: "0.8765")
            #expect(text != String(decoding: data, as: UTF8.self))
            data = Data(text.utf8)
            try data.write(to: url)
        case "truncate":
            try data.prefix(data.count / 2).write(to: url)
        default:
            key = "ab12ee"
            let other = cache.url(for: key)
            try FileManager.default.createDirectory(at: other.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.moveItem(at: url, to: other)
            data = try Data(contentsOf: other)
        }
        guard case .damaged(let why) = cache.lookup(key) else { Issue.record("expected damage for \(how)"); return }
        #expect(why.contains(cache.url(for: key).path))
        #expect(!FileManager.default.fileExists(atPath: cache.url(for: key).path))
    }

    @Test("The cache folder follows RECLAB_CACHE_DIR, then XDG_CACHE_HOME, then HOME")
    func location() {
        #expect(TrialCache.user(environment: ["RECLAB_CACHE_DIR": "/c", "XDG_CACHE_HOME": "/x", "HOME": "/h"])?.directory.path == "/c/trials")
        #expect(TrialCache.user(environment: ["XDG_CACHE_HOME": "/x", "HOME": "/h"])?.directory.path == "/x/reclab/trials")
        #expect(TrialCache.user(environment: ["HOME": "/h"])?.directory.path == "/h/.cache/reclab/trials")
        #expect(TrialCache.user(environment: [:]) == nil)
    }
}

/// A variant experiment in another results folder reuses every unchanged trial
/// from the cache (on a small MovieLens-layout fixture, `MovieLensFixture`).
@Suite("Trial cache across runs", .serialized)
struct TrialCacheRunTests {
    static func yaml(name: String, reg: Double) -> String {
        """
        reclab: 1
        name: \(name)
        dataset:
          path: FIXTURE
        split: {kind: holdout, test_fraction: 0.25, seeds: [0, 1]}
        models:
          - name: svd
            kind: svd
            params: {n_epochs: 3, n_factors: 8, reg_all: \(reg)}
          - name: baseline
            kind: baseline_als
        metrics: [rmse, mae]
        """
    }

    func run(_ yaml: String, dir: URL, cache: TrialCache?) throws -> ExperimentRunner.Outcome {
        let text = yaml.replacingOccurrences(of: "FIXTURE", with: try MovieLensFixture.small().path)
        let spec = try ExperimentSpec.parse(text, file: "cache.yaml")
        try ExperimentValidator(catalog: RegistryCatalog()).validate(spec)
        return try ExperimentRunner(catalog: RegistryCatalog())
            .run(spec, options: RunOptions(workers: 2, outputDirectory: dir, progress: .silent, cache: cache, blasThreads: .perCore))
    }

    @Test("Changing one SVD parameter refits SVD only; a damaged cached trial is recomputed with the same metrics")
    func variantReusesUnchangedModels() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("reclab-cache-run-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let cache = TrialCache(directory: root.appendingPathComponent("cache"))
        let a = try run(Self.yaml(name: "a", reg: 0.02), dir: root.appendingPathComponent("a"), cache: cache)
        #expect(a.executed == 4 && a.reused == 0)

        // The variant, in another folder: baseline's two trials come from the cache (zero fits).
        let b = try run(Self.yaml(name: "b", reg: 0.05), dir: root.appendingPathComponent("b"), cache: cache)
        #expect(b.executed == 2)
        #expect(b.reused == 2 && b.reusedFromCache == 2)
        #expect(b.run.trialSources == TrialSources(computed: 2, reusedFromResults: 0, reusedFromCache: 2, cacheEnabled: true))
        let baselineA = a.run.trials.filter { $0.model == "baseline" }.map(\.metrics)
        let baselineB = b.run.trials.filter { $0.model == "baseline" }.map(\.metrics)
        #expect(baselineA == baselineB)
        // The reused trials are now in b's own results folder too.
        let stored = try ResultsLayout(directory: root.appendingPathComponent("b")).loadTrials()
        #expect(stored.count == 4)

        // Damage one cached baseline trial: a third folder recomputes exactly that one.
        let victim = try #require(b.run.trials.first { $0.model == "baseline" })
        let url = cache.url(for: victim.contentHash)
        var text = try String(contentsOf: url, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"rmse\"", with: "\"rmsf\"")
        try Data(text.utf8).write(to: url)
        let c = try run(Self.yaml(name: "b", reg: 0.05), dir: root.appendingPathComponent("c"), cache: cache)
        #expect(c.executed == 1 && c.reusedFromCache == 3)
        #expect(c.notes.contains { $0.contains("damaged trial-cache entry") })
        let recomputed = try #require(c.run.trials.first { $0.contentHash == victim.contentHash })
        #expect(recomputed.metrics == victim.metrics)

        // Without the cache, a fresh folder computes everything.
        let d = try run(Self.yaml(name: "b", reg: 0.05), dir: root.appendingPathComponent("d"), cache: nil)
        #expect(d.executed == 4 && d.reused == 0)
        #expect(d.run.trialSources?.cacheEnabled == false)
    }

    @Test("Two runs sharing one cache at the same time both finish with the metrics of a run alone, and leave only valid entries")
    func concurrentRunsShareTheCache() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("reclab-cache-conc-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let cache = TrialCache(directory: root.appendingPathComponent("cache"))
        let yaml = Self.yaml(name: "c", reg: 0.03)
        let alone = try run(yaml, dir: root.appendingPathComponent("alone"), cache: nil)
        let outcomes = ConcurrentOutcomes()
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            outcomes.set(i, Result { try run(yaml, dir: root.appendingPathComponent("r\(i)"), cache: cache) })
        }
        let expected = Dictionary(uniqueKeysWithValues: alone.run.trials.map { ($0.contentHash, $0.metrics) })
        for i in 0..<2 {
            let o = try outcomes.get(i)
            #expect(Dictionary(uniqueKeysWithValues: o.run.trials.map { ($0.contentHash, $0.metrics) }) == expected)
        }
        for t in alone.run.trials {
            guard case .hit(let cached) = cache.peek(t.contentHash) else { Issue.record("no valid cache entry for \(t.id)"); continue }
            #expect(cached.metrics == t.metrics)
        }
    }
}

/// Results of concurrent runs, filled from Dispatch's threads.
final class ConcurrentOutcomes: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Int: Result<ExperimentRunner.Outcome, any Error>] = [:]

    func set(_ i: Int, _ r: Result<ExperimentRunner.Outcome, any Error>) {
        lock.lock(); defer { lock.unlock() }
        values[i] = r
    }

    func get(_ i: Int) throws -> ExperimentRunner.Outcome {
        lock.lock(); defer { lock.unlock() }
        guard let r = values[i] else { throw ExperimentError("run \(i) did not finish") }
        return try r.get()
    }
}
