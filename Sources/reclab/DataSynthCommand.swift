import ArgumentParser
import Foundation
import RecLabData

struct DataSynthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Generate a MovieLens-layout folder from a planted model (default: ML-20M's shape).",
        discussion: """
            Writes ratings.csv, movies.csv, tags.csv, links.csv and planted-model.json, which records \
            the settings and the noise floor (the best RMSE any model can reach on this data).
            """)

    @Option(help: "Number of users.") var users = 138_493
    @Option(help: "Number of movies.") var movies = 26_744
    @Option(help: "Number of ratings.") var ratings = 20_000_263
    @Option(help: "Random seed (same seed, same files).") var seed: UInt64 = 0
    @Option(help: "Standard deviation of the Gaussian rating noise.") var noise = 0.5
    @Option(help: "Rank of the planted preference structure.") var factors = 10
    @Option(help: "Number of tags (default: as many per rating as ML-20M).") var tags: Int?
    @Option(help: "Output folder (created if needed).") var out: String

    func run() async throws {
        var config = PlantedModelConfig(users: users, movies: movies, ratings: ratings, seed: seed, noise: noise)
        config.factors = factors
        config.tags = tags
        do {
            let report = try PlantedModelGenerator.generate(config, to: URL(fileURLWithPath: out, isDirectory: true))
            print(String(format: "wrote %d users, %d movies, %d ratings, %d tags to %@ in %.1f s",
                         report.users, report.movies, report.ratings, report.tags, out, report.seconds))
            print(String(format: "noise floor RMSE %.4f (rounded truth %.4f, unrounded truth %.4f); mean rating %.3f",
                         report.noiseFloorRMSE, report.roundedTruthRMSE, report.truthRMSE, report.meanRating))
        } catch let e as DataError {
            throw DataFailure(error: e)
        }
    }
}
