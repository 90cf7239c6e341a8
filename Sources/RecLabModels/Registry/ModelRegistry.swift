/// Inputs some model kinds need besides their hyperparameters.
public struct ModelContext: Sendable {
    /// Movie embeddings for `latent_knn` (for example the collab latent matrix).
    public var movieLatent: LatentMatrix?
    public init(movieLatent: LatentMatrix? = nil) { self.movieLatent = movieLatent }
}

/// Every rating model by the kind name used in experiment files.
///
/// A static table, not reflection: each entry gives the parameter specs (for
/// validating a YAML block before any work starts), a one-line description and
/// a factory from `Parameters`. Parameter names are Surprise's; Surprise's
/// nested `sim_options` / `bsl_options` are flattened to `sim`, `user_based`,
/// `min_support`, `shrinkage` and `bsl_method`, `bsl_n_epochs`, `bsl_reg_u`…
public enum ModelRegistry {
    public struct Entry: Sendable {
        public let kind: String
        public let summary: String
        public let specs: [ParameterSpec]
        let make: @Sendable (Parameters, ModelContext) throws -> any RatingModel
    }

    static let entries: [Entry] = [
        Entry(kind: GlobalMean.kindName, summary: "the training mean for every pair", specs: GlobalMean.specs,
              make: { p, _ in try GlobalMean(parameters: p) }),
        Entry(kind: NormalPredictor.kindName, summary: "Surprise NormalPredictor: random N(μ, σ̂) ratings",
              specs: NormalPredictor.specs, make: { p, _ in try NormalPredictor(parameters: p) }),
        Entry(kind: "baseline_als", summary: "Surprise BaselineOnly (ALS): μ + b_u + b_i",
              specs: BaselineOnly.alsSpecs, make: { p, _ in try BaselineOnly(method: .als, parameters: p) }),
        Entry(kind: "baseline_sgd", summary: "Surprise BaselineOnly (SGD): μ + b_u + b_i",
              specs: BaselineOnly.sgdSpecs, make: { p, _ in try BaselineOnly(method: .sgd, parameters: p) }),
        Entry(kind: SVD.kindName, summary: "Surprise SVD: SGD matrix factorisation μ + b_u + b_i + q_i·p_u",
              specs: SVD.specs, make: { p, _ in try SVD(parameters: p) }),
    ] + extraEntries

    /// The kind names, in table order.
    public static var kinds: [String] { entries.map(\.kind) }

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
    public static func make(kind: String, parameters: Parameters = [:],
                            context: ModelContext = ModelContext()) throws -> any RatingModel {
        try entry(kind).make(parameters, context)
    }
}
