import ArgumentParser
import Foundation
import RecLabData

struct DataFetchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Download a MovieLens release from GroupLens, verify its checksum, unzip it under RECLAB_DATA_DIR.",
        discussion: "Known releases: \(ReleaseCatalog.names.joined(separator: ", ")).")

    @Argument(help: "Release name, e.g. ml-latest-small or ml-20m.")
    var name: String

    @Option(help: "Install from this local zip instead of downloading it.")
    var zip: String?

    @Option(help: "Seconds to wait for a connection before giving up.")
    var connectTimeout = 10

    @Flag(help: "Print the report as JSON.")
    var json = false

    func run() async throws {
        do {
            let root = DataLocation.root()
            let fetcher = ReleaseFetcher(connectTimeout: connectTimeout)
            let report: ReleaseFetcher.Report
            if let zip {
                report = try fetcher.install(zip: URL(fileURLWithPath: zip), name: name, into: root,
                                             expectedMD5: try ReleaseCatalog.expectedMD5(name))
            } else {
                printError("downloading \(ReleaseCatalog.url(name).absoluteString) …")
                report = try fetcher.fetch(name, into: root)
            }
            if json {
                let enc = JSONEncoder()
                enc.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try enc.encode(report), as: UTF8.self))
                return
            }
            print("\(report.name): \(report.zipBytes) bytes from \(report.source)")
            if let e = report.expectedMD5 {
                print("  MD5 \(report.md5) matches the published checksum \(e)")
            } else {
                print("  MD5 \(report.md5) (no fixed checksum published; checked against README.txt: "
                      + report.readmeCounts.sorted { $0.key < $1.key }.map { "\($0.value[0]) \($0.key)" }.joined(separator: ", ") + ")")
            }
            print("  unpacked to \(report.folder): \(report.users) users, \(report.movies) movies, \(report.ratings) ratings, \(report.tags) tags")
        } catch let e as DataError {
            throw DataFailure(error: e)
        }
    }
}
