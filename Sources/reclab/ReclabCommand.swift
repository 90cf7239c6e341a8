import ArgumentParser
import RecLabLinearAlgebra
import RecLabResults

@main
struct ReclabCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reclab",
        abstract: "Reproducible recommender-system experiments on MovieLens, from a YAML file to a Markdown report.",
        discussion: """
            Data is found through RECLAB_DATA_DIR (default ./data): a release name such as \
            ml-latest-small is looked up there; a path is used as is.
            """,
        version: RecLabVersion.string,
        subcommands: [DataCommand.self, SimilarCommand.self, SVDCommand.self, ModelsCommand.self, PlanCommand.self, RunCommand.self, ResultsCommand.self, ReportCommand.self, DiffCommand.self, RecommendCommand.self, ServeCommand.self, SplitCommand.self, StatusCommand.self, TrackCommand.self]
    )

    /// OpenBLAS' workers, started when the library loads, would spin for the
    /// first ~0.1 s of every command; they start again at the first threaded
    /// BLAS call (`BLASThreads.park`).
    static func main() async {
        BLASThreads.park()
        await main(nil)
    }
}
