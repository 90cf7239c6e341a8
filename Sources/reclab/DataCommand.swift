import ArgumentParser
import Foundation
import RecLabData

struct DataCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "Inspect and fetch MovieLens data.",
        subcommands: [Info.self]
    )

    struct Info: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Summarise a MovieLens release: counts and sparsity.")

        @Argument(help: "A release name under RECLAB_DATA_DIR (e.g. ml-latest-small) or a folder path.")
        var dataset: String = "ml-latest-small"

        func run() async throws {
            let url = try DataLocation.resolve(dataset)
            let ds = try MovieLensLoader.load(url)
            print("\(ds.name): \(ds.userCount) users, \(ds.movieCount) movies, \(ds.ratings.count) ratings, \(ds.tags.count) tags")
        }
    }
}
