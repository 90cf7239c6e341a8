import RecLabExperiment
import RecLabModels

/// A fixed catalogue for the format tests, independent of the real registry:
/// an SVD-like kind with Surprise's parameter names and domains, and a
/// parameterless baseline.
struct TestCatalog: ModelCatalog {
    var kinds: [String] { ["baseline", "svd"] }

    func parameters(of kind: String) -> [ParameterSpec]? {
        switch kind {
        case "baseline": return []
        case "svd":
            return [
                ParameterSpec("n_factors", .int(1...100_000), default: .int(100), help: "latent factors"),
                ParameterSpec("n_epochs", .int(1...100_000), default: .int(20), help: "epochs"),
                ParameterSpec("lr_all", .double(lower: 0, upper: .infinity, lowerOpen: true), default: .double(0.005), help: "learning rate"),
                ParameterSpec("reg_all", .double(lower: 0, upper: .infinity, lowerOpen: false), default: .double(0.02), help: "regularisation"),
                ParameterSpec("init_std_dev", .double(lower: 0, upper: .infinity, lowerOpen: false), default: .double(0.1), help: "init std"),
                ParameterSpec("biased", .bool, default: .bool(true), help: "biases"),
            ]
        default: return nil
        }
    }
}
