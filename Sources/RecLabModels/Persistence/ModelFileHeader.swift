/// The provenance block at the start of every saved model file: what the
/// payload is, which run of which experiment on which data produced it, and
/// how. Stored as UTF-8 JSON after the fixed binary prefix (see `ModelFile`),
/// so a reader can show it without decoding the payload.
public struct ModelFileHeader: Sendable, Codable, Equatable {
    /// The payload's type, which picks the decoder (`rating/svd`, `rating/baseline`, `similarity`…).
    public var payloadType: String
    /// The model's name in the experiment file (`svd`, `baseline`), or `similarity`.
    public var name: String
    /// The YAML kind (`svd`, `baseline_als`…), or `similarity`.
    public var kind: String
    /// `RecLabVersion.string` of the writer.
    public var reclabVersion: String
    /// The experiment's name and the SHA-256 of its file text (`RunResult.experiment.hash`).
    public var experimentName: String
    public var experimentHash: String
    /// The data fingerprint (SHA-256 over the data files' names and checksums).
    public var dataChecksum: String
    /// What the model was fitted on, in words (for example "train split: holdout seed 42, 75,627 ratings").
    public var trainedOn: String
    /// Every hyperparameter as the model used it (defaults resolved).
    public var parameters: Parameters
    /// The trial whose configuration and seed were refitted, when there is one.
    public var trialId: String?
    /// The fit seed.
    public var seed: UInt64?
    /// ISO 8601 UTC time of writing.
    public var createdAt: String

    public init(payloadType: String = "", name: String, kind: String, reclabVersion: String, experimentName: String,
                experimentHash: String, dataChecksum: String, trainedOn: String, parameters: Parameters = [:],
                trialId: String? = nil, seed: UInt64? = nil, createdAt: String) {
        self.payloadType = payloadType
        self.name = name
        self.kind = kind
        self.reclabVersion = reclabVersion
        self.experimentName = experimentName
        self.experimentHash = experimentHash
        self.dataChecksum = dataChecksum
        self.trainedOn = trainedOn
        self.parameters = parameters
        self.trialId = trialId
        self.seed = seed
        self.createdAt = createdAt
    }
}
