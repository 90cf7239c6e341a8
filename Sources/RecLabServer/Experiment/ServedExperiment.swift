import Foundation
import RecLabCore
import RecLabData
import RecLabModels
import RecLabResults

/// A finished experiment loaded for serving: the saved models of
/// `<dir>/models/*.rlmodel` and the run's provenance from `<dir>/results/run.json`.
/// Immutable after loading, so every request reads it without locks.
package struct ServedExperiment: Sendable {
    package struct RatingEntry: Sendable {
        package let header: ModelFileHeader
        package let file: String
        package let bytes: Int
        package let model: any PersistableRatingModel
        package let catalog: ServingCatalog
    }

    package struct SimilarityEntry: Sendable {
        package let header: ModelFileHeader
        package let file: String
        package let bytes: Int
        package let model: SimilarityModel
        /// Model row by MovieLens movieId.
        let rowByMovieID: [Int: Int]
        /// The similar lists computed so far (see `NeighbourCache`).
        let cache: NeighbourCache
    }

    package let directory: URL
    package let experimentName: String
    /// run.json, when present (provenance for `/models`).
    package let run: RunResult?
    /// Rating models by name, and their names in load order (file name order).
    package let ratingModels: [String: RatingEntry]
    package let ratingModelNames: [String]
    /// The model used when a request names none: the experiment's `recommend.model`
    /// when it was saved, else `svd`, else the first by name.
    package let defaultModel: String?
    package let similarity: SimilarityEntry?
    /// Titles for `/movies/search`: the similarity model's movies, then every other movie of the rating catalogs.
    let titleIndex: TitleIndex
    /// Wall time of `load`.
    package let loadSeconds: Double
    /// Files skipped at load, with the reason (model files an earlier version of the experiment left behind).
    package let notes: [String]

    /// The folder of saved models inside an experiment's output folder.
    package static func modelsDirectory(_ directory: URL) -> URL {
        directory.appendingPathComponent(ModelFile.directoryName, isDirectory: true)
    }

    /// Loads every model file of `directory` (an output folder of `reclab run`).
    ///
    /// Throws `ServeError` when the folder or its saved models are missing
    /// (telling the user to run the experiment first), when a file is damaged
    /// (the `ModelFileError` is included), when the files and run.json come
    /// from different versions of the experiment (their experiment hashes
    /// differ), or when a rating model's scale lies outside `APIRange.rating`.
    package static func load(_ directory: URL) throws -> ServedExperiment {
        let t0 = Date()
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: directory.path, isDirectory: &isDir), isDir.boolValue else {
            throw ServeError(path: directory.path, "no such folder; expected the output folder of `reclab run` (reports/<experiment>)")
        }
        let layout = ResultsLayout(directory: directory)
        let run = fm.fileExists(atPath: layout.runURL.path) ? try? layout.loadRun(from: layout.runURL) : nil
        let rerun = run.map { "run `reclab run \($0.experiment.path)` first" } ?? "run `reclab run <experiment file>` first"
        let modelsDir = modelsDirectory(directory)
        let names = ((try? fm.contentsOfDirectory(atPath: modelsDir.path)) ?? [])
            .filter { $0.hasSuffix("." + ModelFile.fileExtension) }.sorted()
        if names.isEmpty, let run, run.similarity == nil, run.recommendations.isEmpty {
            throw ServeError(path: directory.path, "nothing to serve: the experiment \(run.experiment.path) has no `similarity:` section "
                             + "(similar movies, search) and no `recommend:` section (recommendations, predictions), so its run saved no "
                             + "models; add either, for example `recommend: {model: svd, users: [1]}`, and run it again")
        }
        guard !names.isEmpty else {
            throw ServeError(path: modelsDir.path, "no saved models (*.\(ModelFile.fileExtension)); \(rerun) to fit and save them "
                             + "(model files are not committed with a report)")
        }
        // Decode the files in parallel: each is one read, one SHA-256 pass and one copy.
        let results = ConcurrentResults<Result<SavedModel, any Error>>(count: names.count)
        DispatchQueue.concurrentPerform(iterations: names.count) { i in
            results.set(i, Result { try SavedModel.load(modelsDir.appendingPathComponent(names[i])) })
        }
        var rating: [String: RatingEntry] = [:]
        var ratingNames: [String] = []
        var similarity: SimilarityEntry?
        var hashes: Set<String> = []
        var stale: [String] = []
        for (name, result) in zip(names, results.values) {
            let saved: SavedModel
            switch result ?? .failure(ServeError(path: name, "not read")) {
            case .success(let s): saved = s
            case .failure(let e as ModelFileError):
                throw ServeError(path: modelsDir.appendingPathComponent(name).path, "\(e.part.map { "\($0): " } ?? "")\(e.message); \(rerun) to save the models again")
            case .failure(let e):
                throw ServeError(path: modelsDir.appendingPathComponent(name).path, "\(e)")
            }
            if let run, saved.header.experimentHash != run.experiment.hash {
                // Left by an earlier version of the experiment (a model the file no longer saves).
                stale.append("\(name) was saved by another version of the experiment (hash \(saved.header.experimentHash.prefix(12))…, "
                             + "results/run.json has \(run.experiment.hash.prefix(12))…): not served")
                continue
            }
            hashes.insert(saved.header.experimentHash)
            switch saved.content {
            case .rating(let model, let catalog):
                let scale = model.summary.ratingScale
                guard APIRange.rating.contains(scale.lowerBound), APIRange.rating.contains(scale.upperBound) else {
                    throw ServeError(path: modelsDir.appendingPathComponent(name).path,
                                     "the model's rating scale \(scale) lies outside the API's documented \(APIRange.rating)")
                }
                guard rating[saved.header.name] == nil else {
                    throw ServeError(path: modelsDir.path, "two files hold a model named '\(saved.header.name)'")
                }
                rating[saved.header.name] = RatingEntry(header: saved.header, file: name, bytes: saved.bytes, model: model, catalog: catalog)
                ratingNames.append(saved.header.name)
            case .similarity(let model):
                guard similarity == nil else { throw ServeError(path: modelsDir.path, "two files hold a similarity model") }
                var rows: [Int: Int] = [:]
                for (row, id) in model.movieIDs.enumerated() where rows[id] == nil { rows[id] = row }
                similarity = SimilarityEntry(header: saved.header, file: name, bytes: saved.bytes, model: model, rowByMovieID: rows,
                                             cache: NeighbourCache(rows: model.count))
            }
        }
        guard !rating.isEmpty || similarity != nil else {
            throw ServeError(path: modelsDir.path, "every model file was saved by another version of the experiment "
                             + "(\(stale.joined(separator: "; "))); \(rerun) to refresh them")
        }
        guard hashes.count <= 1 else {
            throw ServeError(path: modelsDir.path, "the model files come from different versions of the experiment; \(rerun)")
        }
        let preferred = run?.recommendations.first?.model
        let defaultModel = [preferred, "svd"].compactMap { $0 }.first { rating[$0] != nil } ?? ratingNames.first
        let experimentName = run?.experiment.name ?? rating.values.first?.header.experimentName
            ?? similarity?.header.experimentName ?? directory.lastPathComponent
        var titles = TitleIndex()
        if let s = similarity { for (id, t) in zip(s.model.movieIDs, s.model.titles) { titles.add(id: id, title: t, inSimilarity: true) } }
        for name in ratingNames {
            guard let c = rating[name]?.catalog else { continue }
            for (inner, t) in c.titles.enumerated() { titles.add(id: c.movies.raw(Int32(inner)), title: t, inSimilarity: false) }
        }
        return ServedExperiment(directory: directory, experimentName: experimentName, run: run, ratingModels: rating,
                                ratingModelNames: ratingNames, defaultModel: defaultModel, similarity: similarity,
                                titleIndex: titles, loadSeconds: Date().timeIntervalSince(t0), notes: stale)
    }
}

/// Slots filled by concurrent workers, one index each (the only shared mutable state of `load`).
final class ConcurrentResults<T>: @unchecked Sendable {
    private var slots: [T?]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: T) { lock.lock(); slots[i] = value; lock.unlock() }
    var values: [T?] { lock.lock(); defer { lock.unlock() }; return slots }
}
