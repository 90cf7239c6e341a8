import RecLabModels

/// One entry of `models:` — a named configuration of a registered model kind.
public struct ModelSpec: Sendable, Hashable {
    /// The name used in tables, `sweep.models`, `expect`, `recommend.model` (default: the kind).
    public var name: String
    /// The registry key (`svd`, `svdpp`, `knn_baseline`, …).
    public var kind: String
    /// Parameters as written (defaults are filled from the registry when a trial is built).
    public var params: Parameters
    public var location: SourceLocation
    var kindLocation: SourceLocation
    var paramLocations: [String: SourceLocation]

    public init(name: String, kind: String, params: Parameters = [:],
                location: SourceLocation = SourceLocation(file: "", line: 0, column: 0)) {
        self.name = name
        self.kind = kind
        self.params = params
        self.location = location
        self.kindLocation = location
        self.paramLocations = [:]
    }

    static let keys = ["name", "kind", "params"]

    static func readList(_ node: ConfigNode?, diag: Diagnostics) -> [ModelSpec] {
        guard let node else { return [] }
        guard case .sequence(let items) = node.value else {
            diag.add(ExperimentError("wrong type", at: node.location, key: "models", found: node.shortDescription,
                                     expected: "a list of models, each `- kind: svd` with optional `name` and `params`"))
            return []
        }
        var out: [ModelSpec] = []
        var names: [String: SourceLocation] = [:]
        for (i, item) in items.enumerated() {
            let path = "models[\(i)]"
            if case .scalar(let kind, .string) = item.value {
                // Shorthand: `- svd`.
                out.append(ModelSpec(name: kind, kind: kind, location: item.location))
                continue
            }
            guard let r = MappingReader(item, path: path, known: keys, diag: diag) else { continue }
            guard let kind = r.string("kind", default: nil) else {
                diag.add(ExperimentError("missing key `kind`", at: item.location, key: path, expected: "a registered model kind"))
                continue
            }
            var m = ModelSpec(name: r.string("name", default: kind) ?? kind, kind: kind, location: item.location)
            m.kindLocation = r.location("kind")
            if let pr = r["params"] {
                if case .mapping(let entries) = pr.value {
                    for e in entries {
                        guard let v = MappingReader.parameterValue(e.value) else {
                            diag.add(ExperimentError("wrong type", at: e.value.location, key: "\(path).params.\(e.key)",
                                                     found: e.value.shortDescription, expected: "a number, true/false or a word"))
                            continue
                        }
                        m.params[e.key] = v
                        m.paramLocations[e.key] = e.keyLocation
                    }
                } else if !pr.isNull {
                    diag.add(ExperimentError("wrong type", at: pr.location, key: "\(path).params", found: pr.shortDescription,
                                             expected: "a mapping of parameter names to values"))
                }
            }
            if let first = names[m.name] {
                diag.add(ExperimentError("model name '\(m.name)' is used twice (first at line \(first.line)); give each a distinct `name`",
                                         at: r.location("name"), key: "\(path).name"))
            }
            names[m.name] = m.location
            out.append(m)
        }
        return out
    }
}
