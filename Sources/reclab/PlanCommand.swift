import ArgumentParser
import Foundation
import RecLabExperiment

struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Validate an experiment file and list the trials it expands to, with a time estimate.",
        discussion: """
            Checks the whole file before any work (unknown keys, types, ranges, model kinds and parameters, \
            swept parameters) and prints every error as file:line:column. When the data is available it also \
            checks the component counts against it, marks trials already in the results store as done and \
            those another run left in the user-level trial cache as cached, and estimates the time of the rest \
            from the finished trials of the same kind it found.
            """)

    @Argument(help: "The experiment file (YAML, `reclab: 1`).")
    var file: String

    @Option(help: "Results folder (default: <report.dir>/<name> from the file).")
    var out: String?

    @Flag(help: "Skip loading the data (no data checks; keys computed without the data fingerprint).")
    var noData = false

    @Flag(help: "Do not look trials up in the user-level trial cache.")
    var noCache = false

    @Option(help: "Print at most this many trials (0 = all).")
    var limit: Int = 200

    func run() async throws {
        let spec = try CLIErrors.loadValidated(file)
        let count = SweepExpander.trialCount(of: spec)
        if count > ExperimentPlan.confirmationThreshold {
            // Counted from the sweep's shape: a plan this large is not built just to be listed.
            for model in spec.models {
                let one = spec.models.filter { $0.name == model.name }
                var single = spec
                single.models = one
                print("\(model.name): \(SweepExpander.trialCount(of: single)) trials")
            }
            print("\(count) trials in all — too many to list (over \(ExperimentPlan.confirmationThreshold)); "
                  + "`reclab run` starts them only with --yes, run.max_trials or run.time_budget")
            return
        }
        let runner = ExperimentRunner(catalog: CLIErrors.catalog)
        let plan = try runner.plan(spec, outputDirectory: out.map { URL(fileURLWithPath: $0) }, loadData: !noData,
                                  cache: noCache ? nil : TrialCache.user())
        for note in plan.notes { print("note: \(note)") }
        if let d = plan.data {
            print("data: \(d.summary.dataset.name) — \(d.activeUsers) users, \(d.activeMovies) movies, \(d.dataset.ratings.count) ratings after filters")
        }
        if spec.similarity.enabled {
            let s = spec.similarity
            print("similarity: content \(s.contentComponents) / collab \(s.collabComponents) components, "
                  + "methods \(s.methods.map(\.rawValue).joined(separator: ", ")), queries: \(s.queries.joined(separator: "; "))")
        }
        let rows = plan.trials.map { t -> [String] in
            let swept = t.swept.isEmpty ? "" : t.swept.map { "\($0)=\(t.parameters[$0]?.description ?? "")" }.joined(separator: " ")
            let split = t.fold.map { "seed \(t.splitSeed) fold \($0)" } ?? "seed \(t.splitSeed)"
            return [t.id, t.model, t.kind, swept, split, plan.finished.contains(t.key) ? "done" : plan.cached.contains(t.key) ? "cached" : "pending"]
        }
        let shown = limit > 0 ? Array(rows.prefix(limit)) : rows
        print(TextTable.render(header: ["id", "model", "kind", "swept", "split", "status"], rows: shown))
        if shown.count < rows.count { print("… \(rows.count - shown.count) more (use --limit 0 to list all)") }
        let pending = plan.trials.count - plan.finished.count - plan.cached.count
        print("\(plan.trials.count) trials (\(plan.finished.count) done, \(plan.cached.count) in the trial cache, \(pending) to run) · "
              + "estimated \(CLIErrors.duration(plan.estimatedSeconds)) of trial time, "
              + "about \(CLIErrors.duration(plan.estimatedSeconds / Double(max(1, spec.run.workers ?? ProcessInfo.processInfo.activeProcessorCount)))) wall with "
              + "\(spec.run.workers ?? ProcessInfo.processInfo.activeProcessorCount) workers")
        print("results: \(plan.directory.path)")
    }
}
