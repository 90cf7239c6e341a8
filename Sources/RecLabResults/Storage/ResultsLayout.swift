import Foundation

/// Where a run's results and report live inside its output directory:
///
///     DIR/report.md                 the report (rebuilt by `reclab report DIR`)
///     DIR/*.png                     its charts
///     DIR/results/run.json          the RunResult (trials may be empty or partial)
///     DIR/results/trials/<id>.json  one TrialResult per finished trial
///
/// `load()` merges the trial files into the run (a trial file replaces a
/// trial of the same id in run.json), so a store that writes each trial as
/// soon as it finishes and the run summary at the end both feed the report.
/// JSON is written with sorted keys, pretty-printed, atomically (temporary
/// file + rename), so an interrupted write never leaves a file a reader trusts.
public struct ResultsLayout: Sendable, Hashable {
    public var directory: URL

    public init(directory: URL) { self.directory = directory }

    public var reportURL: URL { directory.appendingPathComponent("report.md") }
    public var resultsDirectory: URL { directory.appendingPathComponent("results", isDirectory: true) }
    public var runURL: URL { resultsDirectory.appendingPathComponent("run.json") }
    public var trialsDirectory: URL { resultsDirectory.appendingPathComponent("trials", isDirectory: true) }

    public func trialURL(id: String) -> URL {
        let safe = String(id.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "_" })
        return trialsDirectory.appendingPathComponent(safe + ".json")
    }

    /// The encoder every results file uses: sorted keys, pretty-printed, no escaped slashes.
    public static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        e.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return e
    }

    public static func decoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return d
    }

    /// Writes `run` to `results/run.json` (creating folders).
    public func write(_ run: RunResult) throws {
        try Self.writeJSON(run, to: runURL)
    }

    /// Writes one trial to `results/trials/<id>.json`.
    public func write(_ trial: TrialResult) throws {
        try Self.writeJSON(trial, to: trialURL(id: trial.id))
    }

    /// Reads one run file (no trial merging), refusing a newer schema.
    public func loadRun(from url: URL) throws -> RunResult {
        let run: RunResult = try Self.readJSON(RunResult.self, from: url)
        guard run.schemaVersion <= RunResult.currentSchemaVersion else {
            throw ResultsError(
                path: url.path,
                message: "schemaVersion \(run.schemaVersion) is newer than this RecLab reads (\(RunResult.currentSchemaVersion)); upgrade RecLab")
        }
        return run
    }

    /// Reads run.json and merges every trial file; trials keep run.json's order, new ones follow sorted by id.
    public func load() throws -> RunResult {
        var run = try loadRun(from: runURL)
        let extra = try loadTrials()
        if !extra.isEmpty {
            var index: [String: Int] = [:]
            for (i, t) in run.trials.enumerated() { index[t.id] = i }
            for t in extra {
                if let i = index[t.id] { run.trials[i] = t } else { index[t.id] = run.trials.count; run.trials.append(t) }
            }
        }
        return run
    }

    /// Every `results/trials/*.json`, sorted by file name; empty when the folder is absent.
    public func loadTrials() throws -> [TrialResult] {
        let fm = FileManager.default
        guard fm.fileExists(atPath: trialsDirectory.path) else { return [] }
        let names: [String]
        do { names = try fm.contentsOfDirectory(atPath: trialsDirectory.path) } catch {
            throw ResultsError(path: trialsDirectory.path, message: "cannot list: \(error.localizedDescription)")
        }
        return try names.filter { $0.hasSuffix(".json") }.sorted().map {
            try Self.readJSON(TrialResult.self, from: trialsDirectory.appendingPathComponent($0))
        }
    }

    static func writeJSON<T: Encodable>(_ value: T, to url: URL) throws {
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            var data = try encoder().encode(value)
            data.append(0x0A)
            try data.write(to: url, options: .atomic)
        } catch {
            throw ResultsError(path: url.path, message: "cannot write: \(error)")
        }
    }

    static func readJSON<T: Decodable>(_ type: T.Type, from url: URL) throws -> T {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ResultsError(path: url.path, message: "cannot read (expected a results file written by `reclab run`)")
        }
        do { return try decoder().decode(type, from: data) } catch let DecodingError.keyNotFound(key, ctx) {
            throw ResultsError(
                path: url.path,
                message: "missing key '\((ctx.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: "."))'")
        } catch let DecodingError.typeMismatch(t, ctx) {
            throw ResultsError(
                path: url.path,
                message: "key '\(ctx.codingPath.map(\.stringValue).joined(separator: "."))': expected \(t)")
        } catch {
            throw ResultsError(path: url.path, message: "not valid \(T.self) JSON: \(error)")
        }
    }
}
