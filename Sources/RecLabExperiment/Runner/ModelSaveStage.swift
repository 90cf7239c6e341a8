import Foundation
import RecLabData
import RecLabModels
import RecLabResults

/// Saves a run's fitted models under `<output>/models/` for `reclab serve`:
/// the similarity model (both latent spaces, titles, the TF-IDF vocabulary)
/// and the recommend model exactly as the recommend stage fitted it — the
/// best configuration refitted on the first repetition's *training* split
/// with that trial's seed — so the server's answers are the report's numbers
/// (its top-N for a user is the report's list). A production deployment would
/// refit on all ratings; that is a different model and is not what a report
/// describes. Files are versioned and checksummed (`ModelFile`); a model kind
/// that cannot be saved yet is skipped with a note.
enum ModelSaveStage {
    static func directory(_ layout: ResultsLayout) -> URL {
        layout.directory.appendingPathComponent(ModelFile.directoryName, isDirectory: true)
    }

    static func header(_ spec: ExperimentSpec, data: PreparedData, name: String, kind: String, trainedOn: String,
                       parameters: Parameters = [:], trialId: String? = nil, seed: UInt64? = nil) -> ModelFileHeader {
        ModelFileHeader(name: name, kind: kind, reclabVersion: RecLabVersion.string, experimentName: spec.name,
                        experimentHash: spec.sourceHash, dataChecksum: data.fingerprint, trainedOn: trainedOn,
                        parameters: parameters, trialId: trialId, seed: seed, createdAt: ExperimentRunner.iso(Date()))
    }

    /// Writes `models/similarity.rlmodel`; returns a note on failure.
    static func save(similarity model: SimilarityModel, spec: ExperimentSpec, data: PreparedData, layout: ResultsLayout) -> String? {
        let h = header(spec, data: data, name: "similarity", kind: "similarity",
                       trainedOn: "all \(data.dataset.ratings.count) ratings and \(data.dataset.tags.count) tags (after filters)",
                       parameters: ["content_components": .int(model.config.contentComponents),
                                    "collab_components": .int(model.config.collabComponents),
                                    "hybrid_weight": .double(model.config.hybridWeight)],
                       seed: model.config.seed)
        do { try SavedModel.save(model, header: h, to: directory(layout).appendingPathComponent("similarity.\(ModelFile.fileExtension)")) } catch {
            return "similarity model not saved: \(error)"
        }
        return nil
    }

    /// Writes `models/<name>.rlmodel` for the recommend stage's fitted model; returns a note when it is not saved.
    static func save(_ fitted: any FittedRatingModel, trial: PlannedTrial, split: PreparedSplit, spec: ExperimentSpec,
                     data: PreparedData, layout: ResultsLayout) -> String? {
        guard let model = fitted as? any PersistableRatingModel else {
            return "model \(trial.model) (kind \(trial.kind)) has no saved format yet; `reclab serve` will not offer it"
        }
        let s = split.key
        let trainedOn = "training ratings of the \(spec.split.kind.rawValue) split, seed \(s.splitSeed)"
            + (s.fold.map { ", fold \($0)" } ?? "") + ": \(split.train.count) ratings"
        let h = header(spec, data: data, name: trial.model, kind: trial.kind, trainedOn: trainedOn,
                       parameters: trial.parameters, trialId: trial.id, seed: trial.fitSeed)
        let safe = String(trial.model.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
        do {
            try SavedModel.save(model, catalog: ServingCatalog(dataset: data.dataset, train: split.train), header: h,
                                to: directory(layout).appendingPathComponent("\(safe).\(ModelFile.fileExtension)"))
        } catch {
            return "model \(trial.model) not saved: \(error)"
        }
        return nil
    }
}
