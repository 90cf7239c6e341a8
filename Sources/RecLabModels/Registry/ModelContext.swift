/// Inputs a model kind needs besides its hyperparameters and training set:
/// none. Every model builds what it needs inside `fit` (`latent_knn` its
/// latent space from the training ratings), so this carries nothing; it
/// remains only for callers that still pass `context:` to
/// `ModelRegistry.make`, and goes when they drop the argument.
public struct ModelContext: Sendable {
    public init() {}
}

extension ModelRegistry {
    /// `make(kind:parameters:)`; the context is ignored.
    @available(*, deprecated, message: "models need no context: every model builds its inputs in fit; drop the argument")
    public static func make(kind: String, parameters: Parameters = [:], context: ModelContext) throws -> any RatingModel {
        try make(kind: kind, parameters: parameters)
    }
}
