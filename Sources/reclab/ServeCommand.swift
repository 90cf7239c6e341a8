import ArgumentParser
import Foundation
import RecLabLinearAlgebra
import RecLabServer

/// `reclab serve reports/<experiment>`: a REST API over a finished experiment's saved models.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve a finished experiment's saved models over HTTP (JSON): similar movies, search, recommendations, predictions.",
        discussion: """
            DIR is a run's output folder (reports/<experiment>/); `reclab run` saves its models in \
            DIR/models/*.rlmodel (the recommend model fitted on the first split's training ratings, \
            and the similarity latent spaces). Model files are not committed with a report: if they are \
            missing, run the experiment first. Endpoints: GET /health, /models, /openapi.json, \
            /movies/search?q=, /movies/{id}/similar?method=&n=, /users/{id}/recommendations?n=&model=, \
            /users/{id}/predictions/{movieId}?model=, POST /predictions. Listens on loopback unless \
            --host says otherwise; SIGINT or SIGTERM stops it gracefully.
            """)

    @Argument(help: "The run's output folder (holding models/ and results/run.json).")
    var directory: String

    @Option(help: "Address to listen on (default: loopback only).")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free port).")
    var port = 8080

    @Flag(inversion: .prefixedNo, help: "Compute every movie's similar lists on a background thread after start (GET /health shows progress).")
    var warm = true

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be in 0...65535, got \(port)") }
    }

    func run() async throws {
        let experiment: ServedExperiment
        // Requests run concurrently; one BLAS thread per request avoids oversubscribing the cores.
        BLASThreads.set(1)
        do { experiment = try ServedExperiment.load(URL(fileURLWithPath: directory)) } catch let e as ServeError {
            FileHandle.standardError.write(Data("error: \(e)\n".utf8))
            throw ExitCode(1)
        }
        for note in experiment.notes { FileHandle.standardError.write(Data("note: \(note)\n".utf8)) }
        let models = experiment.ratingModelNames + (experiment.similarity != nil ? ["similarity"] : [])
        let loaded = "loaded \(models.joined(separator: ", ")) from \(directory) in \(String(format: "%.2f", experiment.loadSeconds)) s"
        try await ReclabServer.serve(experiment, host: host, port: port, warm: warm) { host, port in
            FileHandle.standardError.write(Data("\(loaded); serving http://\(host):\(port) (GET /openapi.json describes the API)\n".utf8))
        }
    }
}
