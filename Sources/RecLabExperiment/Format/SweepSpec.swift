import RecLabModels

/// `sweep:` — what varies, explicitly: per model a grid over listed values
/// and/or a seeded random search, and the split seeds every configuration is
/// repeated over (k-fold splits also repeat over every fold).
public struct SweepSpec: Sendable, Hashable {
    /// Split seeds (repetitions); nil = the split's single seed.
    public var seeds: [UInt64]?
    /// Per model name, in file order.
    public var models: [ModelSweep] = []

    public init(seeds: [UInt64]? = nil, models: [ModelSweep] = []) {
        self.seeds = seeds
        self.models = models
    }

    static let keys = ["seeds", "models"]

    static func read(_ r: MappingReader?) -> SweepSpec {
        var s = SweepSpec()
        guard let r else { return s }
        if r.has("seeds") {
            if let list = r.seedList("seeds") { s.seeds = list }
        }
        if let mn = r["models"] {
            guard let entries = r.mappingEntries("models", mn, expected: "a mapping from model name to {grid, random}") else { return s }
            for e in entries {
                let path = r.keyPath("models.\(e.key)")
                guard let mr = MappingReader(e.value, path: path, known: ModelSweep.keys, diag: r.diag) else { continue }
                s.models.append(ModelSweep.read(mr, model: e.key, modelLocation: e.keyLocation))
            }
        }
        return s
    }
}

/// The sweep of one model: grid axes and a random search.
public struct ModelSweep: Sendable, Hashable {
    public struct Axis: Sendable, Hashable {
        public var parameter: String
        public var values: [ParameterValue]
        public var location: SourceLocation
    }

    public enum Distribution: Sendable, Hashable {
        /// Uniform real in [a, b].
        case uniform(Double, Double)
        /// exp(uniform(ln a, ln b)), a > 0.
        case logUniform(Double, Double)
        /// Uniform integer in a...b.
        case int(Int, Int)
        /// One of the listed values, equally likely.
        case choice([ParameterValue])
    }

    public struct RandomAxis: Sendable, Hashable {
        public var parameter: String
        public var distribution: Distribution
        public var location: SourceLocation
    }

    public var model: String
    public var modelLocation: SourceLocation
    public var grid: [Axis] = []
    public var randomSamples: Int = 0
    /// Seed of the random search (default: derived from the experiment seed and the model name).
    public var randomSeed: UInt64?
    public var random: [RandomAxis] = []

    static let keys = ["grid", "random"]
    static let randomKeys = ["samples", "seed", "params"]

    static func read(_ r: MappingReader, model: String, modelLocation: SourceLocation) -> ModelSweep {
        var s = ModelSweep(model: model, modelLocation: modelLocation)
        if let g = r["grid"] {
            if case .mapping(let entries) = g.value {
                for e in entries {
                    let key = r.keyPath("grid.\(e.key)")
                    let items: [ConfigNode]
                    if case .sequence(let xs) = e.value.value { items = xs } else { items = [e.value] }
                    var values: [ParameterValue] = []
                    for (i, item) in items.enumerated() {
                        if let v = MappingReader.parameterValue(item) { values.append(v) } else {
                            r.diag.add(ExperimentError("wrong type", at: item.location, key: "\(key)[\(i)]", found: item.shortDescription,
                                                       expected: "a number, true/false or a word"))
                        }
                    }
                    if values.isEmpty {
                        r.diag.add(ExperimentError("empty list of values", at: e.value.location, key: key, expected: "at least one value"))
                    } else if Set(values).count != values.count {
                        r.diag.add(ExperimentError("a value is repeated", at: e.value.location, key: key, expected: "distinct values"))
                    }
                    s.grid.append(Axis(parameter: e.key, values: values, location: e.keyLocation))
                }
            } else {
                r.diag.add(ExperimentError("wrong type", at: g.location, key: r.keyPath("grid"), found: g.shortDescription,
                                           expected: "a mapping from parameter name to a list of values"))
            }
        }
        if let rr = r.mapping("random", known: randomKeys) {
            s.randomSamples = rr.int("samples", default: 10, in: 1...1_000_000)
            if rr.has("seed") { s.randomSeed = rr.uint64("seed", default: 0) }
            if let pn = rr["params"], case .mapping(let entries) = pn.value {
                for e in entries {
                    if let d = readDistribution(e.value, key: rr.keyPath("params.\(e.key)"), diag: r.diag) {
                        s.random.append(RandomAxis(parameter: e.key, distribution: d, location: e.keyLocation))
                    }
                }
            } else {
                r.diag.add(ExperimentError("missing or malformed `params`", at: rr.node.location, key: rr.keyPath("params"),
                                           expected: "a mapping from parameter name to {uniform|loguniform|int: [low, high]} or {choice: [values]}"))
            }
        }
        return s
    }

    static func readDistribution(_ n: ConfigNode, key: String, diag: Diagnostics) -> Distribution? {
        let expected = "{uniform: [low, high]}, {loguniform: [low, high]}, {int: [low, high]} or {choice: [values]}"
        guard case .mapping(let entries) = n.value, entries.count == 1, let e = entries.first else {
            diag.add(ExperimentError("wrong type", at: n.location, key: key, found: n.shortDescription, expected: expected))
            return nil
        }
        let kinds = ["uniform", "loguniform", "int", "choice"]
        guard kinds.contains(e.key) else {
            var msg = "unknown distribution '\(e.key)'"
            if let s = EditDistance.suggestion(for: e.key, among: kinds) { msg += "; did you mean '\(s)'?" }
            diag.add(ExperimentError(msg, at: e.keyLocation, key: "\(key).\(e.key)", expected: expected))
            return nil
        }
        guard case .sequence(let items) = e.value.value else {
            diag.add(ExperimentError("wrong type", at: e.value.location, key: "\(key).\(e.key)", found: e.value.shortDescription,
                                     expected: e.key == "choice" ? "a list of values" : "[low, high]"))
            return nil
        }
        if e.key == "choice" {
            let vs = items.compactMap(MappingReader.parameterValue)
            guard !vs.isEmpty, vs.count == items.count else {
                diag.add(ExperimentError("bad choice list", at: e.value.location, key: "\(key).choice", expected: "a non-empty list of scalars"))
                return nil
            }
            return .choice(vs)
        }
        let nums = items.compactMap(MappingReader.number)
        guard items.count == 2, nums.count == 2, nums[0] <= nums[1], nums[0].isFinite, nums[1].isFinite else {
            diag.add(ExperimentError("bad range", at: e.value.location, key: "\(key).\(e.key)", found: e.value.shortDescription,
                                     expected: "[low, high] with low ≤ high"))
            return nil
        }
        switch e.key {
        case "uniform": return .uniform(nums[0], nums[1])
        case "loguniform":
            guard nums[0] > 0 else {
                diag.add(ExperimentError("value out of range", at: e.value.location, key: "\(key).loguniform",
                                         found: e.value.shortDescription, expected: "0 < low ≤ high"))
                return nil
            }
            return .logUniform(nums[0], nums[1])
        default:
            guard nums[0] == nums[0].rounded(), nums[1] == nums[1].rounded(), abs(nums[0]) < 1e15, abs(nums[1]) < 1e15 else {
                diag.add(ExperimentError("wrong type", at: e.value.location, key: "\(key).int", expected: "integer bounds"))
                return nil
            }
            return .int(Int(nums[0]), Int(nums[1]))
        }
    }

    /// Parameter names this sweep varies, with where each is written.
    var parameters: [(String, SourceLocation)] {
        grid.map { ($0.parameter, $0.location) } + random.map { ($0.parameter, $0.location) }
    }
}
