import RecLabModels

/// What the experiment stage needs to know about the rating models: the
/// registered kinds and each kind's parameters. The rating-model registry
/// conforms (see `RegistryCatalog`); tests use small fixed catalogues.
public protocol ModelCatalog: Sendable {
    /// Registered kinds, in a stable order (the names used in YAML).
    var kinds: [String] { get }
    /// The parameters `kind` accepts, or nil when `kind` is not registered.
    func parameters(of kind: String) -> [ParameterSpec]?
    /// `params` completed with every default of `kind`, values coerced to the
    /// declared type (an integer written for a real parameter becomes a real),
    /// so equal configurations hash equally however they are written.
    func resolved(_ params: Parameters, kind: String) -> Parameters
    /// False for a ranking model (its scores are not ratings); true for a rating model or an unknown kind.
    func predictsRatings(_ kind: String) -> Bool
}

extension ModelCatalog {
    /// Every kind predicts ratings unless the catalogue says otherwise.
    public func predictsRatings(_ kind: String) -> Bool { true }

    /// The default resolution: each missing parameter takes its default; values are coerced to the declared type.
    public func resolved(_ params: Parameters, kind: String) -> Parameters {
        guard let specs = parameters(of: kind) else { return params }
        var out = params
        for spec in specs {
            if let v = out[spec.name] {
                out[spec.name] = ModelCatalogCoercion.coerce(v, to: spec.domain)
            } else {
                out[spec.name] = spec.defaultValue
            }
        }
        return out
    }
}
