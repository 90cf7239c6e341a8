import ArgumentParser
import Foundation
import RecLabData
import RecLabModels

/// `reclab recommend --user 7 --model svd --top 10`: tutorial step 4's top-N list.
struct RecommendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recommend",
        abstract: "List a user's top-N unrated movies by predicted rating.",
        discussion: """
            Fits the model on every rating of the dataset, predicts the user's rating of every \
            movie they have not rated (clipped to the rating scale) and lists the best. Model \
            kinds and their parameters are those of experiment files; set parameters with \
            --param name=value (for example --param n_factors=50 --param user_based=false). \
            The model is the one `reclab run` fits (latent_knn builds its latent space from the \
            ratings it is fitted on), here fitted on every rating.
            """
    )

    @Option(help: "The MovieLens userId.")
    var user: Int

    @Option(help: "Model kind: \(ModelRegistry.kinds.joined(separator: ", ")).")
    var model: String = "svd"

    @Option(help: "How many movies to list.")
    var top: Int = 10

    @Option(help: "A release name under RECLAB_DATA_DIR or a folder path.")
    var data: String = "ml-latest-small"

    @Option(help: "Seed of the model's initialisation.")
    var seed: UInt64 = 42

    @Option(name: .customLong("param"), help: "A model parameter as name=value (repeatable).")
    var params: [String] = []

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func validate() throws {
        guard top >= 1 else { throw ValidationError("--top must be at least 1, got \(top)") }
        guard ModelRegistry.specs(for: model) != nil else {
            throw ValidationError("unknown --model '\(model)' (expected one of: \(ModelRegistry.kinds.joined(separator: ", ")))")
        }
    }

    /// `name=value` → a value typed by the kind's parameter spec.
    static func parse(_ raw: [String], kind: String) throws -> Parameters {
        let specs = ModelRegistry.specs(for: kind) ?? []
        var out: Parameters = [:]
        for item in raw {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw ValidationError("--param '\(item)': expected name=value") }
            let (name, text) = (parts[0], parts[1])
            guard let spec = specs.first(where: { $0.name == name }) else {
                throw ValidationError("--param '\(name)': not a parameter of \(kind) (expected one of: \(specs.map(\.name).joined(separator: ", ")))")
            }
            let value: ParameterValue?
            switch spec.domain {
            case .int: value = Int(text).map(ParameterValue.int)
            case .double: value = Double(text).map(ParameterValue.double)
            case .bool: value = Bool(text).map(ParameterValue.bool)
            case .choice: value = .string(text)
            }
            guard let value else { throw ValidationError("--param '\(name)': '\(text)' is not a valid value") }
            if let problem = spec.problem(with: value) {
                throw ValidationError("--param '\(name)': got '\(text)', expected \(problem)")
            }
            out[name] = value
        }
        return out
    }

    func run() async throws {
        let dataset = try MovieLensLoader.load(try DataLocation.resolve(data))
        guard let inner = dataset.users.inner(user) else {
            throw ValidationError("user \(user) has no rating in \(dataset.name)")
        }
        let parameters = try Self.parse(params, kind: model)
        let rating = try ModelRegistry.make(kind: model, parameters: parameters)
        let train = TrainingSet(dataset: dataset)
        let interactive = !json && isatty(2) != 0
        let fitted = try rating.fit(train, seed: seed, options: FitOptions(progress: { epoch, total in
            if interactive { FileHandle.standardError.write(Data("\rfitting \(model): epoch \(epoch)/\(total)".utf8)) }
        }))
        if interactive { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        if let e = fitted.learningCurve.divergedAtEpoch {
            FileHandle.standardError.write(Data("warning: \(model) diverged at epoch \(e); predictions fall back to the global mean\n".utf8))
        }
        let list = fitted.recommend(user: inner, count: top, train: train)
        struct Item: Encodable { var rank: Int; var movieId: Int; var title: String; var predictedRating: Float }
        let items = list.enumerated().map { i, e in
            Item(rank: i + 1, movieId: dataset.movies.raw(e.movie), title: dataset.titles[Int(e.movie)],
                 predictedRating: e.rating)
        }
        if json {
            struct Output: Encodable {
                var user: Int; var model: String; var parameters: [String: String]; var seed: UInt64
                var dataset: String; var ratedByUser: Int; var recommendations: [Item]
            }
            let out = Output(user: user, model: model, parameters: rating.parameters.mapValues(\.description), seed: seed,
                             dataset: dataset.name, ratedByUser: train.ratingCount(user: inner), recommendations: items)
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try enc.encode(out), as: UTF8.self))
            return
        }
        print("Top \(top) unrated movies for user \(user) by \(model) (seed \(seed), fitted on \(train.count) ratings of \(dataset.name); the user rated \(train.ratingCount(user: inner))):")
        let width = min(60, items.map(\.title.count).max() ?? 10)
        print("  #  movieId  " + "title".padding(toLength: width, withPad: " ", startingAt: 0) + "  predicted")
        for it in items {
            let t = it.title.count > width ? String(it.title.prefix(width - 1)) + "…" : it.title
            print(String(format: "%3d  %7d  %@  %9.3f", it.rank, it.movieId,
                         t.padding(toLength: width, withPad: " ", startingAt: 0), it.predictedRating))
        }
    }
}
