import ArgumentParser
import Foundation
import RecLabData

struct DataInfoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Summarise a MovieLens release: counts, sparsity, rating histogram, dates, per-user and per-movie quantiles, tags, genres, file checksums.")

    @Argument(help: "A release name under RECLAB_DATA_DIR (e.g. ml-latest-small) or a folder path.")
    var dataset: String = "ml-latest-small"

    @Flag(help: "Print the summary as JSON (the DatasetProfile value).")
    var json = false

    @Flag(name: .customLong("no-fingerprint"), help: "Skip the MD5 checksums of the source files.")
    var noFingerprint = false

    @OptionGroup var load: DataLoadOptions

    func run() async throws {
        do {
            let url = try DataLocation.resolve(dataset)
            let out = try MovieLensLoader.loadWithReport(url, options: load.loadOptions)
            out.report.notes.forEach(printError)
            let fp = noFingerprint ? nil : try DataFingerprint.of(url)
            let summary = DatasetProfile(out.dataset, layout: out.report.layout, fingerprint: fp)
            if json {
                let enc = JSONEncoder()
                enc.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try enc.encode(summary), as: UTF8.self))
            } else {
                print(summary.text)
            }
        } catch let e as DataError {
            throw DataFailure(error: e)
        }
    }
}
