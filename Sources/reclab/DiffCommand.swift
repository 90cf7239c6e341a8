import ArgumentParser
import Foundation
import RecLabReport
import RecLabResults

/// `reclab diff A B`: two runs side by side (metric deltas with CIs, config, data, versions).
struct DiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two runs: metric deltas with 95 % CIs, configuration keys, data fingerprints and versions that differ.",
        discussion: """
            A and B are run output folders (holding results/run.json) or run.json files. The \
            Markdown goes to standard output, or to --output. With --fail-on-regression the exit \
            status is 1 when some metric got worse beyond its 95 % interval (for CI between commits).
            """)

    @Argument(help: "The earlier run (folder or run.json).")
    var a: String

    @Argument(help: "The later run (folder or run.json).")
    var b: String

    @Option(name: .shortAndLong, help: "Write the Markdown here instead of standard output.")
    var output: String?

    @Flag(help: "Exit with status 1 when B regresses on any metric beyond the 95 % interval.")
    var failOnRegression = false

    func run() async throws {
        let runA = try Self.load(a), runB = try Self.load(b)
        let markdown = RunDiff.render(runA, runB, labelA: a, labelB: b)
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
