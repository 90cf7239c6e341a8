import RecLabModels

/// The rating-model registry (`RecLabModels.ModelRegistry`) as the catalogue
/// experiments validate against. Resolution goes through the registry, so
/// inherited parameters (`lr_bu` ← `lr_all`) take the value the model will use.
public struct RegistryCatalog: ModelCatalog {
    public init() {}

    public var kinds: [String] { ModelRegistry.kinds }

    public func parameters(of kind: String) -> [ParameterSpec]? { ModelRegistry.specs(for: kind) }

    public func predictsRatings(_ kind: String) -> Bool { (try? ModelRegistry.entry(kind))?.predictsRatings ?? true }

    public func resolved(_ params: Parameters, kind: String) -> Parameters {
        guard let specs = ModelRegistry.specs(for: kind) else { return params }
        var out = (try? ModelRegistry.resolved(kind: kind, parameters: params)) ?? params
        for spec in specs { if let v = out[spec.name] { out[spec.name] = ModelCatalogCoercion.coerce(v, to: spec.domain) } }
        return out
    }
}
