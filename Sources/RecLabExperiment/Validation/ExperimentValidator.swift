import RecLabModels

/// Checks a parsed experiment against the model registry before any work
/// starts: model kinds, parameter names and values (the registry's
/// `ParameterSpec` domains), swept parameters and their values or ranges.
/// Data-dependent limits (SVD components) are checked by `validate(data:)`
/// once the data is loaded and before any training.
public struct ExperimentValidator: Sendable {
    public var catalog: any ModelCatalog

    public init(catalog: any ModelCatalog) { self.catalog = catalog }

    /// Settings that are valid one by one but degenerate together or for the kind: errors where
    /// the model could never do its job (`min_k` above `k`: every prediction falls back), warnings
    /// where the setting has a use (`n_epochs: 0` leaves a model at its initialisation, which a
    /// benchmark of the initialisation wants) — the resolved parameters, defaults included.
    public func degenerate(in spec: ExperimentSpec) -> [ExperimentError] {
        var out: [ExperimentError] = []
        for (i, m) in spec.models.enumerated() where catalog.parameters(of: m.kind) != nil {
            let sweep = spec.sweep.models.first { $0.model == m.name }
            // Counted from the sweep's shape first: a huge sweep is checked on its base configuration
            // only, never expanded here (run refuses it without --yes anyway).
            var single = spec
            single.models = [m]
            single.sweep.seeds = [0]
            let small = SweepExpander.trialCount(of: single) <= ExperimentPlan.confirmationThreshold
            let configs = small
                ? SweepExpander(catalog: catalog).configurations(of: m, sweep: sweep, experimentSeed: spec.seed)
                : SweepExpander(catalog: catalog).configurations(of: m, sweep: nil, experimentSeed: spec.seed)
            var reported = Set<String>()
            for (p, _) in configs.prefix(10_000) {
                func at(_ key: String) -> SourceLocation { m.paramLocations[key] ?? m.location }
                if let k = p["k"]?.doubleValue, let minK = p["min_k"]?.doubleValue, minK > k, reported.insert("min_k").inserted {
                    out.append(ExperimentError("min_k (\(Int(minK))) is above k (\(Int(k))): no prediction can have enough neighbours, so every one falls back to the mean",
                                               at: at("min_k"), key: "models[\(i)].params.min_k", expected: "min_k ≤ k"))
                }
                for key in ["n_epochs", "bsl_n_epochs"] where p[key]?.doubleValue == 0 && reported.insert(key).inserted {
                    var w = ExperimentError("\(key): 0 trains nothing: the model keeps its initial values (intended only to measure the initialisation)",
                                            at: at(key), key: "models[\(i)].params.\(key)", expected: "at least 1 epoch for a trained model")
                    w.isWarning = true
                    out.append(w)
                }
            }
        }
        return out
    }

    /// Every problem found; empty when the experiment can run.
    public func problems(in spec: ExperimentSpec) -> [ExperimentError] {
        var errors: [ExperimentError] = []
        let kinds = catalog.kinds
        for (i, m) in spec.models.enumerated() {
            guard let params = catalog.parameters(of: m.kind) else {
                var msg = "unknown model kind '\(m.kind)'"
                if let s = EditDistance.suggestion(for: m.kind, among: kinds) { msg += "; did you mean '\(s)'?" }
                errors.append(ExperimentError(msg, at: m.kindLocation, key: "models[\(i)].kind",
                                              expected: "one of \(kinds.joined(separator: ", "))"))
                continue
            }
            if spec.dataset.implicit != nil, catalog.predictsRatings(m.kind) {
                let ranking = kinds.filter { !catalog.predictsRatings($0) }
                errors.append(ExperimentError("model '\(m.name)' (kind \(m.kind)) predicts ratings, which implicit data (dataset.implicit) does not have",
                                              at: m.kindLocation, key: "models[\(i)].kind",
                                              expected: ranking.isEmpty ? "a ranking model" : "a ranking model: one of \(ranking.joined(separator: ", "))"))
            }
            let names = params.map(\.name)
            for (key, value) in m.params.sorted(by: { $0.key < $1.key }) {
                let loc = m.paramLocations[key] ?? m.location
                guard let p = params.first(where: { $0.name == key }) else {
                    var msg = "model kind '\(m.kind)' has no parameter '\(key)'"
                    if let s = EditDistance.suggestion(for: key, among: names) { msg += "; did you mean '\(s)'?" }
                    errors.append(ExperimentError(msg, at: loc, key: "models[\(i)].params.\(key)",
                                                  expected: names.isEmpty ? "no parameters" : "one of \(names.joined(separator: ", "))"))
                    continue
                }
                if let problem = p.problem(with: value) {
                    errors.append(ExperimentError(value.doubleValue == nil ? "wrong type" : "value out of range", at: loc,
                                                  key: "models[\(i)].params.\(key)", found: value.description, expected: problem))
                }
            }
        }
        for sweep in spec.sweep.models {
            guard let model = spec.models.first(where: { $0.name == sweep.model }),
                  let params = catalog.parameters(of: model.kind) else { continue }
            let names = params.map(\.name)
            var seen: [String: SourceLocation] = [:]
            for (name, loc) in sweep.parameters {
                let key = "sweep.models.\(sweep.model).\(name)"
                if let first = seen[name] {
                    errors.append(ExperimentError("parameter '\(name)' is swept twice (also at line \(first.line))", at: loc, key: key))
                }
                seen[name] = loc
                if params.first(where: { $0.name == name }) == nil {
                    var msg = "sweep over '\(name)', a parameter model kind '\(model.kind)' does not have"
                    if let s = EditDistance.suggestion(for: name, among: names) { msg += "; did you mean '\(s)'?" }
                    errors.append(ExperimentError(msg, at: loc, key: key, expected: "one of \(names.joined(separator: ", "))"))
                }
            }
            for axis in sweep.grid {
                guard let p = params.first(where: { $0.name == axis.parameter }) else { continue }
                for v in axis.values {
                    if let problem = p.problem(with: v) {
                        errors.append(ExperimentError("swept value out of range", at: axis.location,
                                                      key: "sweep.models.\(sweep.model).grid.\(axis.parameter)",
                                                      found: v.description, expected: problem))
                    }
                }
            }
            for axis in sweep.random {
                guard let p = params.first(where: { $0.name == axis.parameter }) else { continue }
                let key = "sweep.models.\(sweep.model).random.params.\(axis.parameter)"
                let ends: [ParameterValue]
                switch (axis.distribution, p.domain) {
                case (.int(let a, let b), .int), (.int(let a, let b), .double):
                    ends = [.int(a), .int(b)]
                case (.uniform(let a, let b), .double), (.logUniform(let a, let b), .double):
                    ends = [.double(a), .double(b)]
                case (.choice(let vs), _):
                    ends = vs
                case (_, .int):
                    errors.append(ExperimentError("a real-valued distribution for an integer parameter", at: axis.location, key: key,
                                                  expected: "{int: [low, high]} or {choice: [...]}"))
                    continue
                default:
                    errors.append(ExperimentError("a numeric distribution for a non-numeric parameter", at: axis.location, key: key,
                                                  expected: "{choice: [...]}"))
                    continue
                }
                for v in ends {
                    if let problem = p.problem(with: ModelCatalogCoercion.coerce(v, to: p.domain)) {
                        errors.append(ExperimentError("sampled range out of bounds", at: axis.location, key: key,
                                                      found: v.description, expected: problem))
                    }
                }
            }
        }
        return errors
    }

    /// Throws `ExperimentErrors` when `problems(in:)` finds any.
    public func validate(_ spec: ExperimentSpec) throws {
        let errors = problems(in: spec)
        if !errors.isEmpty { throw ExperimentErrors(errors) }
    }

    /// Limits that need the loaded (filtered) data: SVD components against the
    /// matrix shapes (content: movies × TF-IDF terms, known only after TF-IDF,
    /// so here bounded by the movie count; collab: movies × users).
    public static func problems(in spec: ExperimentSpec, movieCount: Int, userCount: Int) -> [ExperimentError] {
        guard spec.similarity.enabled else { return [] }
        var errors: [ExperimentError] = []
        let file = spec.sourcePath
        let at = spec.similarityLocation ?? SourceLocation(file: file, line: 1, column: 1)
        let collabMax = min(movieCount, userCount)
        if spec.similarity.collabComponents >= collabMax {
            errors.append(ExperimentError("collab components exceed what the data allows", at: at, key: "similarity.collab_components",
                                          found: String(spec.similarity.collabComponents),
                                          expected: "fewer than min(movies, users) = \(collabMax) after filtering"))
        }
        if spec.similarity.contentComponents >= movieCount {
            errors.append(ExperimentError("content components exceed what the data allows", at: at,
                                          key: "similarity.content_components", found: String(spec.similarity.contentComponents),
                                          expected: "fewer than the number of movies = \(movieCount) after filtering"))
        }
        return errors
    }
}

enum ModelCatalogCoercion {
    static func coerce(_ v: ParameterValue, to domain: ParameterSpec.Domain) -> ParameterValue {
        switch (domain, v) {
        case (.double, .int(let i)): return .double(Double(i))
        case (.int, .double(let d)) where d == d.rounded() && abs(d) < 1e15: return .int(Int(d))
        default: return v
        }
    }
}
