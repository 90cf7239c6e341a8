/// Every rating model by the kind name used in experiment files: one entry per
/// kind is the whole registration of a model.
///
/// A static table, not reflection. An entry declares the kind, a one-line
/// summary, the parameters (each `ParameterSpec` with its name, domain,
/// default and one-line description: what validation, `reclab models` and
/// the trial keys read), the factory from `Parameters`, and the saved-model
/// payload: its type and the decoder that `SavedModel.load` uses for files of
/// that kind. The payload comes from the model's `Fitted` type, which must be
/// a `PersistableRatingModel`, so a registered model can always be saved and
/// loaded back. Parameter names are Surprise's; Surprise's nested
/// `sim_options` / `bsl_options` are flattened to `sim`, `user_based`,
/// `min_support`, `shrinkage` and `bsl_method`, `bsl_n_epochs`, `bsl_reg_u`…
public enum ModelRegistry {
    public struct Entry: Sendable {
        /// The YAML kind name (`svd`, `knn_basic`…).
        public let kind: String
        /// What the model computes, in one line.
        public let summary: String
        /// Every parameter the kind accepts, in declaration order.
        public let specs: [ParameterSpec]
        /// The `payloadType` of the kind's saved files (`rating/svd`…; kinds with the same fitted form share one).
        public let payloadType: String
        /// False for a ranking model (its fitted form scores pairs without predicting ratings: no RMSE, MAE or FCP).
        public let predictsRatings: Bool
        /// The external program its fit runs (`spark-submit` for `spark_als`); nil when RecLab fits it in process.
        public let externalTool: String?
        let make: @Sendable (Parameters) throws -> any RatingModel
        let load: @Sendable (ModelPayloadReader) throws -> any PersistableRatingModel

        /// The entry of a model type whose fitted form can be saved: the payload type and decoder are `Model.Fitted`'s.
        init<Model: RatingModel>(kind: String, summary: String, specs: [ParameterSpec], externalTool: String? = nil,
                                 make: @escaping @Sendable (Parameters) throws -> Model) where Model.Fitted: PersistableRatingModel {
            self.kind = kind
            self.summary = summary
            self.specs = specs
            self.externalTool = externalTool
            self.payloadType = Model.Fitted.payloadType
            self.predictsRatings = Model.Fitted.predictsRatings
            self.make = { try make($0) }
            self.load = { try Model.Fitted(decoding: $0) }
        }
    }

    /// Every registered kind, in listing order.
    public static let entries: [Entry] = [
        Entry(kind: GlobalMean.kindName, summary: "the training mean for every pair", specs: GlobalMean.table.specs,
              make: GlobalMean.init(parameters:)),
        Entry(kind: NormalPredictor.kindName, summary: "Surprise NormalPredictor: random N(μ, σ̂) ratings",
              specs: NormalPredictor.table.specs, make: NormalPredictor.init(parameters:)),
        Entry(kind: BaselineOnly.Method.als.kind, summary: "Surprise BaselineOnly (ALS): μ + b_u + b_i",
              specs: BaselineOnly.table(.als).specs, make: { try BaselineOnly(method: .als, parameters: $0) }),
        Entry(kind: BaselineOnly.Method.sgd.kind, summary: "Surprise BaselineOnly (SGD): μ + b_u + b_i",
              specs: BaselineOnly.table(.sgd).specs, make: { try BaselineOnly(method: .sgd, parameters: $0) }),
        Entry(kind: SVD.kindName, summary: "Surprise SVD: SGD matrix factorisation μ + b_u + b_i + q_i·p_u",
              specs: SVD.table.specs, make: SVD.init(parameters:)),
        Entry(kind: SVDpp.kindName, summary: "Surprise SVD++: SVD with implicit feedback of the rated movies",
              specs: SVDpp.table.specs, make: SVDpp.init(parameters:)),
        Entry(kind: NMF.kindName, summary: "Surprise NMF: non-negative factors, multiplicative updates",
              specs: NMF.table.specs, make: NMF.init(parameters:)),
    ] + KNN.Variant.allCases.map { v in
        Entry(kind: v.rawValue, summary: "Surprise \(v.surpriseName): k nearest neighbours (user- or item-based)",
              specs: KNN.table.specs, make: { try KNN(variant: v, parameters: $0) })
    } + [
        Entry(kind: SlopeOne.kindName, summary: "Surprise SlopeOne: user mean plus mean rating deviations",
              specs: SlopeOne.table.specs, make: SlopeOne.init(parameters:)),
        Entry(kind: CoClustering.kindName, summary: "Surprise CoClustering: user and movie clusters with co-cluster means",
              specs: CoClustering.table.specs, make: CoClustering.init(parameters:)),
        Entry(kind: LatentKNN.kindName,
              summary: "tutorial predictor: similarity-weighted mean of the user's ratings on the k nearest movies "
                  + "in the collab latent space of the training ratings",
              specs: LatentKNN.table.specs, make: LatentKNN.init(parameters:)),
        // Ranking models: scores, not ratings (no RMSE, MAE or FCP).
        Entry(kind: MostPopular.kindName, summary: "ranking: movies by number of training users (the popularity yardstick)",
              specs: MostPopular.table.specs, make: MostPopular.init(parameters:)),
        Entry(kind: RandomScores.kindName, summary: "ranking: seeded uniform random scores (the floor)",
              specs: RandomScores.table.specs, make: RandomScores.init(parameters:)),
        Entry(kind: EASE.kindName, summary: "ranking: Steck's EASE^R, closed-form item-item weights B = I − P·diagMat(1/diag P), P = (XᵀX + λI)⁻¹",
              specs: EASE.table.specs, make: EASE.init(parameters:)),
        Entry(kind: ItemKNNImplicit.kindName,
              summary: "ranking: LensKit's implicit item k-NN, sum of the k largest cosines to the user's movies (binarised)",
              specs: ItemKNNImplicit.table.specs, make: ItemKNNImplicit.init(parameters:)),
        Entry(kind: ALSImplicit.kindName,
              summary: "ranking: Hu, Koren & Volinsky's implicit ALS (confidence 1 + alpha), conjugate-gradient updates as implicit's",
              specs: ALSImplicit.table.specs, make: ALSImplicit.init(parameters:)),
        Entry(kind: BPR.kindName,
              summary: "ranking: Rendle's BPR-MF by SGD, negatives sampled from the interactions, movie bias column as implicit's",
              specs: BPR.table.specs, make: BPR.init(parameters:)),
        // Fitted by an external engine, predicting in process from what it learned.
        Entry(kind: SparkALS.kindName,
              summary: "Spark MLlib's ALS run by spark-submit (x_u·y_i, ALS-WR regularisation; explicit or implicit feedback)",
              specs: SparkALS.table.specs, externalTool: "spark-submit", make: SparkALS.init(parameters:)),
    ]

    /// The kind names, in table order.
    public static var kinds: [String] { entries.map(\.kind) }

    /// The kinds RecLab fits in process (no `externalTool`): what suites that fit every kind run over.
    public static var inProcessKinds: [String] { entries.filter { $0.externalTool == nil }.map(\.kind) }

    /// The entry of `kind`; throws naming the known kinds.
    public static func entry(_ kind: String) throws -> Entry {
        guard let e = entries.first(where: { $0.kind == kind }) else {
            throw RatingModelError("unknown model kind (expected one of: \(kinds.joined(separator: ", ")))", kind: kind)
        }
        return e
    }

    /// The parameter specs of `kind`, nil for an unknown kind.
    public static func specs(for kind: String) -> [ParameterSpec]? {
        entries.first { $0.kind == kind }?.specs
    }

    /// Checks names and values of `parameters` for `kind`; throws naming the key and what was expected.
    public static func validate(kind: String, parameters: Parameters) throws {
        _ = try ParameterReader(kind: kind, specs: entry(kind).specs, parameters: parameters)
    }

    /// Every parameter of `kind` with the value a model built from `parameters`
    /// uses (defaults filled, inherited ones such as `lr_bu` ← `lr_all` resolved).
    public static func resolved(kind: String, parameters: Parameters) throws -> Parameters {
        try ParameterReader(kind: kind, specs: entry(kind).specs, parameters: parameters).resolved()
    }

    /// A model of `kind` built from `parameters` (validated first).
    public static func make(kind: String, parameters: Parameters = [:]) throws -> any RatingModel {
        try entry(kind).make(parameters)
    }
}

extension KNN.Variant {
    var surpriseName: String {
        switch self {
        case .basic: "KNNBasic"
        case .withMeans: "KNNWithMeans"
        case .withZScore: "KNNWithZScore"
        case .baseline: "KNNBaseline"
        }
    }
}
