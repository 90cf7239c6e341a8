import ArgumentParser
import Foundation
import RecLabData
import RecLabModels

extension SimilarityMethod: ExpressibleByArgument {}

/// `reclab similar "Inception (2010)"`: tutorial steps 1–3 from the command line.
struct SimilarCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "similar",
        abstract: "List the movies most similar to one movie: content (tags + genres TF-IDF), collaborative (ratings) or hybrid.",
        discussion: """
            Fits the content and collaborative latent spaces (truncated SVD) on the rated movies, \
            then ranks every movie by cosine similarity to the query. The query is a title \
            (exact, then case-insensitive) or a MovieLens movieId; an unknown title lists the \
            closest titles and exits with status 1.
            """
    )

    @Argument(help: "A movie title such as \"Inception (2010)\", or a movieId.")
    var movie: String

    @Option(help: "Ranking: content, collab or hybrid.")
    var method: SimilarityMethod = .hybrid

    @Option(help: "How many similar movies to list.")
    var top: Int = 10

    @Option(help: "Truncated-SVD components of both latent spaces.")
    var components: Int = 200

    @Option(help: "Seed of the randomized SVDs.")
    var seed: UInt64 = 42

    @Option(help: "Hybrid weight of the content score (hybrid = w·content + (1 − w)·collab).")
    var hybridWeight: Double = 0.5

    @Option(help: "A release name under RECLAB_DATA_DIR or a folder path.")
    var data: String = "ml-latest-small"

    @OptionGroup var load: DataLoadOptions

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func validate() throws {
        guard top >= 1 else { throw ValidationError("--top must be at least 1, got \(top)") }
        guard components >= 1 else { throw ValidationError("--components must be at least 1, got \(components)") }
        guard (0...1).contains(hybridWeight) else { throw ValidationError("--hybrid-weight must be in [0, 1]") }
    }

    func run() async throws {
        let loaded = try MovieLensLoader.loadWithReport(try DataLocation.resolve(data), options: load.loadOptions)
        loaded.report.notes.forEach(printError)
        let dataset = loaded.dataset
        var config = SimilarityConfig(components: components, seed: seed)
        config.hybridWeight = hybridWeight
        let model = try SimilarityModel.fit(dataset, config: config)
        let query: Int32
        do { query = try model.lookup(movie) } catch let e as SimilarityError {
            FileHandle.standardError.write(Data("error: \(e)\n".utf8))
            throw ExitCode(1)
        }
        let list = try model.similar(to: query, method: method, top: top)
        let title = model.row(of: query).map { model.titles[$0] } ?? movie
        if json {
            struct Output: Encodable {
                var query: String; var method: String; var components: Int; var seed: UInt64
                var contentExplainedVariance: Double; var collabExplainedVariance: Double
                var neighbours: [Neighbour]
            }
            let out = Output(query: title, method: method.rawValue, components: components, seed: seed,
                             contentExplainedVariance: model.content.explainedVariance.cumulative.last ?? 0,
                             collabExplainedVariance: model.collab.explainedVariance.cumulative.last ?? 0,
                             neighbours: list)
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try enc.encode(out), as: UTF8.self))
            return
        }
        print("Movies similar to \(title) by \(method.rawValue) (\(components) components, seed \(seed)):")
        let width = min(60, list.map(\.title.count).max() ?? 10)
        print("  #  " + "title".padding(toLength: width, withPad: " ", startingAt: 0) + "  content  collab  hybrid")
        for (i, n) in list.enumerated() {
            let t = n.title.count > width ? String(n.title.prefix(width - 1)) + "…" : n.title
            print(String(format: "%3d  %@  %7.4f %7.4f %7.4f", i + 1,
                         t.padding(toLength: width, withPad: " ", startingAt: 0), n.content, n.collab, n.hybrid))
        }
    }
}
