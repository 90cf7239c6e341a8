/// Typed, validated access to a model's `Parameters` against its specs.
///
/// A key absent from the parameters takes the spec's default, or — for a spec
/// with `inheritsFrom` — the (resolved) value of that other key (Surprise's
/// `lr_bu=None` meaning "use `lr_all`").
package struct ParameterReader {
    let kind: String
    let specs: [String: ParameterSpec]
    let given: Parameters

    package init(kind: String, specs: [ParameterSpec], parameters: Parameters) throws {
        self.kind = kind
        self.specs = Dictionary(specs.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        self.given = parameters
        for (key, value) in parameters {
            guard let spec = self.specs[key] else {
                let known = specs.map(\.name).sorted().joined(separator: ", ")
                throw RatingModelError("unknown parameter (expected one of: \(known))", kind: kind, key: key)
            }
            if let problem = spec.problem(with: value) {
                throw RatingModelError("got '\(value)', expected \(problem)", kind: kind, key: key)
            }
        }
    }

    /// Whether `key` was given (not defaulted).
    package func isGiven(_ key: String) -> Bool { given[key] != nil }

    package func value(_ key: String) -> ParameterValue {
        if let v = given[key] { return v }
        guard let spec = specs[key] else { preconditionFailure("no spec '\(key)' for \(kind)") }
        if let parent = spec.inheritsFrom { return value(parent) }
        return spec.defaultValue
    }

    package func int(_ key: String) -> Int {
        switch value(key) {
        case .int(let v): return v
        case .double(let v): return Int(v)
        default: preconditionFailure("spec '\(key)' of \(kind) is not an int")
        }
    }

    package func double(_ key: String) -> Double { value(key).doubleValue ?? 0 }
    package func float(_ key: String) -> Float { Float(double(key)) }

    package func bool(_ key: String) -> Bool {
        if case .bool(let b) = value(key) { return b }
        preconditionFailure("spec '\(key)' of \(kind) is not a bool")
    }

    package func string(_ key: String) -> String {
        if case .string(let s) = value(key) { return s }
        return value(key).description
    }

    /// Every spec'd key with its resolved value.
    package func resolved() -> Parameters {
        var out: Parameters = [:]
        for key in specs.keys { out[key] = value(key) }
        return out
    }
}
