import ArgumentParser
import Foundation
import RecLabReport
import RecLabResults

/// `reclab diff A B`: two runs side by side, paired by model and split (what changed per model,
/// metric deltas with paired 95 % CIs and a verdict, config, data, versions).
struct DiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two runs model by model: what changed, metric deltas with paired 95 % CIs and a verdict.",
        discussion: """
            A and B are run output folders (holding results/run.json) or run.json files. Trials are \
            paired by model name and split (seed, fold): for each model the diff names the parameters \
            that changed (svd: reg_all 0.02 → 0.05), and for every metric gives A, B, the delta B − A \
            with a 95 % interval paired over the splits both runs share, and a verdict (better, worse, \
            no detectable difference). Sweeps pair configurations that agree outside the changed keys \
            and list the rest. Data checksums, configuration keys and versions that differ are shown too.

            --format md (default) writes Markdown tables; --format json one JSON document for scripts. \
            The output goes to standard output, or to --output. With --fail-on-regression the exit \
            status is 1 when some metric got worse beyond its 95 % interval (for CI between commits).

            With --store URL, A and B are experiment names (or files) in that PostgreSQL trial store.
            """)

    @Argument(help: "The earlier run (folder or run.json).")
    var a: String

    @Argument(help: "The later run (folder or run.json).")
    var b: String

    @Option(name: .shortAndLong, help: "Write the Markdown here instead of standard output.")
    var output: String?

    enum Format: String, ExpressibleByArgument, CaseIterable { case md, json }

    @Option(help: "Output format: md (Markdown tables) or json.")
    var format: Format = .md

    @Flag(help: "Exit with status 1 when B regresses on any metric beyond the 95 % interval.")
    var failOnRegression = false

    @Option(help: StoreOptions.readHelp)
    var store: String?

    func run() async throws {
        let runA: RunResult, runB: RunResult
        if let url = StoreOptions.readChoice(store, targets: [a, b]) {
            runA = await StoreOptions.loadRun(store: url, target: a)
            runB = await StoreOptions.loadRun(store: url, target: b)
        } else {
            runA = try Self.load(a)
            runB = try Self.load(b)
        }
        let markdown = format == .json ? RunDiff.json(runA, runB) : RunDiff.render(runA, runB, labelA: a, labelB: b)
        if let output {
            do { try Data(markdown.utf8).write(to: URL(fileURLWithPath: output), options: .atomic) } catch {
                throw ReportCommandError(description: "\(output): cannot write: \(error.localizedDescription)")
            }
            print(output)
        } else {
            print(markdown, terminator: "")
        }
        if failOnRegression, RunDiff.deltas(runA, runB).contains(where: \.isRegression) {
            throw ExitCode(1)
        }
    }

    /// A folder (via ResultsLayout, merging trial files) or a run.json file.
    static func load(_ path: String) throws -> RunResult {
        var isDir: ObjCBool = false
        let url = URL(fileURLWithPath: path)
        do {
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue {
                return try ResultsLayout(directory: url.deletingLastPathComponent().deletingLastPathComponent()).loadRun(from: url)
            }
            return try ResultsLayout(directory: url).load()
        } catch let e as ResultsError {
            throw ReportCommandError(description: e.description)
        }
    }
}
