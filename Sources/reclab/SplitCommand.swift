import ArgumentParser
import Foundation
import RecLabData
import RecLabExperiment

struct SplitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "split",
        abstract: "Work with the train/test splits of an experiment.",
        subcommands: [SplitExportCommand.self]
    )
}

struct SplitExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the train and test rows of every split an experiment draws.",
        discussion: """
            Loads and filters the experiment's data as `reclab run` does, draws its splits (every seed and \
            fold) and writes each as two files in the dataset's format: train-seed<seed>.<ext> and \
            test-seed<seed>.<ext>, with -fold<k> before the extension for k-fold. A MovieLens release gives \
            ratings.csv-shaped CSV files (userId,movieId,rating,timestamp); a delimited ratings file gives \
            files with its separator, header and column names. Another library can then evaluate on exactly \
            the same rows, and `split: {kind: files, train: …, test: …}` (or `folds: [...]`) reads them back: \
            with the same `dataset:` section, the metrics are identical to the last digit.
            """)

    @Argument(help: "The experiment file (YAML, `reclab: 1`).")
    var file: String

    @Option(help: "Folder to write the files into (created if needed).")
    var out: String

    func run() async throws {
        let spec = try CLIErrors.loadValidated(file)
        let urls: [URL]
        do { urls = try SplitExport.write(spec, to: URL(fileURLWithPath: out, isDirectory: true)) } catch let e as ExperimentError {
            CLIErrors.fail([e])
        } catch let e as DataError {
            throw DataFailure(error: e)
        }
        for url in urls { print(url.path) }
        print("wrote \(urls.count) files (\(urls.count / 2) splits) to \(out)")
    }
}
