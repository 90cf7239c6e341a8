import ArgumentParser
import Foundation
import RecLabExperiment
import RecLabPostgres
import RecLabResults

struct ResultsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "results",
        abstract: "Query finished trials: a table, CSV or JSON (for pandas).",
        discussion: """
            Reads the trial files of a run folder (or of an experiment file's folder) without loading any data; \
            with --store URL, the finished trials of the experiment (by name or file) in that PostgreSQL trial store.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, csv, json }

    @Argument(help: "An experiment file, or a run folder (reports/<experiment>); with --store, an experiment name or file.")
    var target: String

    @Option(help: StoreOptions.readHelp)
    var store: String?

    @Option(help: "Sort by this metric, best first by the metric's direction (lower first for rmse and mae, higher first for the others), or by 'seconds' or 'id'.")
    var sort: String = "rmse"

    @Option(help: "Show only the first N trials after sorting.")
    var top: Int?

    @Option(help: "Output format: table, csv or json.")
    var format: Format = .table

    func run() async throws {
        if let url = StoreOptions.readChoice(store, targets: [target]) {
            let run = await StoreOptions.loadRun(store: url, target: target)
            guard !run.trials.isEmpty else {
                throw ValidationError("no finished trials of \(run.experiment.name) in the store (run `reclab run --store` first)")
            }
            return try show(run.trials, source: "\(run.experiment.name) in \(PostgresURL.redact(url))")
        }
        var isDir: ObjCBool = false
        let dir: URL
        if FileManager.default.fileExists(atPath: target, isDirectory: &isDir), isDir.boolValue {
            dir = URL(fileURLWithPath: target)
        } else {
            let spec: ExperimentSpec
            do { spec = try ExperimentSpec.load(target) } catch let e as ExperimentErrors { CLIErrors.fail(e.errors) }
            dir = ExperimentRunner.directory(for: spec)
        }
        let layout = ResultsLayout(directory: dir)
        var trials: [TrialResult]
        do { trials = try layout.loadTrials() } catch let e as ResultsError {
            throw ValidationError(e.description)
        }
        // A worker of a shared store keeps its trials there; its folder has them in run.json only.
        var source = layout.trialsDirectory.path
        if trials.isEmpty, let run = try? layout.load() {
            trials = run.trials
            source = layout.runURL.path
        }
        guard !trials.isEmpty else {
            throw ValidationError("no finished trials in \(layout.trialsDirectory.path) (run `reclab run` first)")
        }
        try show(trials, source: source)
    }

    /// Sorts, cuts and prints `trials` in the chosen format; `source` says where they came from.
    func show(_ trials: [TrialResult], source: String) throws {
        var trials = trials
        let stored = Set(trials.flatMap(\.metrics.keys))
        if !["seconds", "id"].contains(sort) && !stored.contains(sort) {
            let choices = stored.sorted() + ["seconds", "id"]
            var message = "--sort: no metric '\(sort)' in these results"
            if MetricCatalog.metric(sort) == nil { message = "--sort: unknown metric '\(sort)'" }
            if let s = EditDistance.suggestion(for: sort, among: choices) { message += "; did you mean '\(s)'?" }
            throw ValidationError(message + " (expected one of: \(choices.joined(separator: ", ")))")
        }
        let lowerFirst = ["seconds", "id"].contains(sort) || MetricDirection.of(sort) == .lowerIsBetter
        trials.sort { a, b in
            let x = value(a), y = value(b)
            switch (x, y) {
            case let (x?, y?) where x != y: return lowerFirst ? x < y : x > y
            case (.some, nil): return true
            case (nil, .some): return false
            default: return a.id < b.id
            }
        }
        if let top { trials = Array(trials.prefix(max(0, top))) }
        let metricNames = Set(trials.flatMap(\.metrics.keys)).sorted()
        // Parameters that vary within a model are the interesting ones; show those.
        var varying = Set<String>()
        for (_, group) in Dictionary(grouping: trials, by: \.model) {
            for k in Set(group.flatMap(\.parameters.keys)) where Set(group.map { $0.parameters[k] }).count > 1 { varying.insert(k) }
        }
        // A parameter that always equals an earlier one (lr_bu inheriting lr_all) adds nothing: drop it.
        var params: [String] = []
        var seen = Set<[String]>()
        for k in varying.sorted() {
            let column = trials.map { $0.parameters[k]?.description ?? "" }
            if seen.insert(column).inserted { params.append(k) }
        }
        switch format {
        case .json:
            let e = ResultsLayout.encoder()
            let data = try e.encode(trials)
            print(String(decoding: data, as: UTF8.self))
        case .csv:
            let allParams = Set(trials.flatMap(\.parameters.keys)).sorted()
            let header = ["id", "model", "kind", "split_seed", "fold", "status", "seconds"] + allParams + metricNames
            print(header.map(csv).joined(separator: ","))
            for t in trials {
                let fold: String = t.replicate.fold.map { String($0) } ?? ""
                var row: [String] = [t.id, t.model, t.kind, String(t.replicate.splitSeed), fold, t.status.rawValue, String(t.seconds)]
                for p in allParams { row.append(t.parameters[p]?.description ?? "") }
                for m in metricNames { row.append(t.metrics[m].map { String($0) } ?? "") }
                print(row.map(csv).joined(separator: ","))
            }
        case .table:
            let header = ["id", "model"] + params + ["split"] + metricNames + ["s", "status"]
            let rows = trials.map { t -> [String] in
                var row: [String] = [t.id, t.model]
                for p in params { row.append(t.parameters[p]?.description ?? "") }
                row.append(t.replicate.description)
                for m in metricNames { row.append(t.metrics[m].map { String(format: "%.4f", $0) } ?? "") }
                row.append(String(format: "%.1f", t.seconds))
                row.append(t.status.rawValue)
                return row
            }
            print(TextTable.render(header: header, rows: rows))
            print("\(rows.count) trial\(rows.count == 1 ? "" : "s") from \(source)")
        }
    }

    private func value(_ t: TrialResult) -> Double? {
        switch sort {
        case "seconds": return t.seconds
        case "id": return nil
        default: return t.metrics[sort]
        }
    }

    private func csv(_ s: String) -> String {
        s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}
