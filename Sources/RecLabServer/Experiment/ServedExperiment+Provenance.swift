import RecLabModels

/// `GET /models`: every loaded file with its header, and the run's provenance.
extension ServedExperiment {
    func modelsResponse() -> ModelsResponse {
        func params(_ h: ModelFileHeader) -> [String: String] { h.parameters.mapValues { $0.description } }
        var infos: [ModelInfo] = ratingModelNames.compactMap { name in
            guard let e = ratingModels[name] else { return nil }
            let s = e.model.summary
            return ModelInfo(name: name, kind: e.header.kind, payloadType: e.header.payloadType, file: e.file, bytes: e.bytes,
                             isDefault: name == defaultModel, users: s.userCount, movies: s.movieCount,
                             trainingRatings: s.ratingCount, factors: (e.model as? FittedSVD)?.p.factors, components: nil,
                             parameters: params(e.header), trainedOn: e.header.trainedOn, trialId: e.header.trialId,
                             seed: e.header.seed, reclabVersion: e.header.reclabVersion,
                             experimentHash: e.header.experimentHash, dataChecksum: e.header.dataChecksum,
                             createdAt: e.header.createdAt)
        }
        if let s = similarity {
            infos.append(ModelInfo(name: s.header.name, kind: s.header.kind, payloadType: s.header.payloadType, file: s.file,
                                   bytes: s.bytes, isDefault: false, users: s.model.users.count, movies: s.model.count,
                                   trainingRatings: nil, factors: nil,
                                   components: ["content": s.model.content.latent.cols, "collab": s.model.collab.latent.cols],
                                   parameters: params(s.header), trainedOn: s.header.trainedOn, trialId: s.header.trialId,
                                   seed: s.header.seed, reclabVersion: s.header.reclabVersion,
                                   experimentHash: s.header.experimentHash, dataChecksum: s.header.dataChecksum,
                                   createdAt: s.header.createdAt))
        }
        let provenance = run.map {
            RunProvenance(reclabVersion: $0.provenance.reclabVersion, gitCommit: $0.provenance.gitCommit,
                          gitDirty: $0.provenance.gitDirty, startedAt: $0.provenance.startedAt,
                          finishedAt: $0.provenance.finishedAt, command: $0.provenance.command)
        }
        return ModelsResponse(experiment: experimentName, experimentHash: run?.experiment.hash ?? infos.first?.experimentHash,
                              directory: directory.path, run: provenance, loadSeconds: loadSeconds, models: infos)
    }
}
