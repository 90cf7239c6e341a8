import ArgumentParser
import Foundation
import RecLabReport
import RecLabResults

/// `reclab report DIR`: rebuilds DIR/report.md and its charts from DIR/results alone.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Rebuild a run's report (report.md + PNG charts) from its stored results, without re-running anything.",
        discussion: """
            DIR is a run's output folder (reports/<experiment>/): its results are read from \
            DIR/results/run.json and DIR/results/trials/*.json. Charts are drawn by piping scripts \
            into gnuplot (pngcairo terminal). If gnuplot is missing or fails, report.md is still \
            written with those charts listed as missing, each error is printed, and the exit status is 3.

            With --store URL, the run is read from that PostgreSQL trial store instead (its latest \
            run with every finished trial), given the experiment's name or file, and the report is \
            written to --out (default: the file's <report.dir>/<name>, else reports/<name>).
            """)

    @Argument(help: "The run's output folder (holding results/run.json); with --store, the experiment's name or file.")
    var directory: String

    @Option(help: StoreOptions.readHelp)
    var store: String?

    @Option(help: "With --store: the folder to write the report to.")
    var out: String?

    @Option(help: "The gnuplot executable (default: the first gnuplot on PATH).")
    var gnuplot: String?

    func run() async throws {
        var dir = URL(fileURLWithPath: directory)
        let run: RunResult
        if let url = StoreOptions.readChoice(store, targets: [directory]) {
            run = await StoreOptions.loadRun(store: url, target: directory)
            dir = out.map { URL(fileURLWithPath: $0) } ?? StoreOptions.outputDirectory(for: directory, name: run.experiment.name)
        } else {
            do { run = try ResultsLayout(directory: dir).load() } catch let e as ResultsError {
                throw ReportCommandError(description: e.description)
            }
        }
        let outcome = try ReportWriter.write(run, to: dir, gnuplot: Gnuplot(path: gnuplot))
        for e in outcome.chartErrors {
            FileHandle.standardError.write(Data("error: chart \(e.subject): \(e.message)\n".utf8))
        }
        print(outcome.reportURL.path)
        if !outcome.chartErrors.isEmpty {
            FileHandle.standardError.write(Data("report written without \(outcome.chartErrors.count) chart(s)\n".utf8))
            throw ExitCode(3)
        }
    }
}

/// A report or diff failure worth one line on stderr (no usage text): exit status 1.
struct ReportCommandError: Error, CustomStringConvertible {
    var description: String
}
