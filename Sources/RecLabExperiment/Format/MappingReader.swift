import RecLabModels

/// Collects every problem found while reading an experiment file, so a user
/// sees them all at once.
final class Diagnostics {
    var errors: [ExperimentError] = []
    func add(_ e: ExperimentError) { errors.append(e) }
}

/// Reads one YAML mapping of an experiment file: typed accessors with
/// defaults and ranges, and a report of unknown keys with a "did you mean".
struct MappingReader {
    let node: ConfigNode
    let path: String
    let entries: [ConfigNode.Entry]
    let diag: Diagnostics

    /// Nil (after recording an error) when `node` is not a mapping. `known`
    /// lists the accepted keys; any other key is an error with a suggestion.
    init?(_ node: ConfigNode, path: String, known: [String], diag: Diagnostics) {
        self.node = node
        self.path = path
        self.diag = diag
        if node.isNull {
            entries = []
            return
        }
        guard case .mapping(let entries) = node.value else {
            diag.add(ExperimentError("wrong type", at: node.location, key: path.isEmpty ? nil : path,
                                     found: node.shortDescription, expected: "a mapping of keys (\(known.joined(separator: ", ")))"))
            return nil
        }
        self.entries = entries
        for e in entries where !known.contains(e.key) {
            var msg = "unknown key '\(e.key)'"
            if let s = EditDistance.suggestion(for: e.key, among: known) { msg += "; did you mean '\(s)'?" }
            diag.add(ExperimentError(msg, at: e.keyLocation, key: keyPath(e.key),
                                     expected: "one of \(known.joined(separator: ", "))"))
        }
    }

    func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func has(_ key: String) -> Bool { entries.contains { $0.key == key } }

    func entry(_ key: String) -> ConfigNode.Entry? { entries.first { $0.key == key } }

    subscript(_ key: String) -> ConfigNode? { entry(key)?.value }

    func location(_ key: String) -> SourceLocation { entry(key)?.value.location ?? node.location }

    private func typeError(_ key: String, _ n: ConfigNode, _ expected: String) {
        diag.add(ExperimentError("wrong type", at: n.location, key: keyPath(key), found: n.shortDescription, expected: expected))
    }

    /// The entries of `n`, the value of `key`, when it is a mapping; nil after a type error
    /// naming `expected` when it is not.
    func mappingEntries(_ key: String, _ n: ConfigNode, expected: String) -> [ConfigNode.Entry]? {
        guard case .mapping(let entries) = n.value else {
            typeError(key, n, expected)
            return nil
        }
        return entries
    }

    private func rangeError(_ key: String, _ n: ConfigNode, _ expected: String) {
        diag.add(ExperimentError("value out of range", at: n.location, key: keyPath(key), found: n.shortDescription, expected: expected))
    }

    func int(_ key: String, default d: Int, in range: ClosedRange<Int> = Int.min...Int.max) -> Int {
        guard let n = self[key] else { return d }
        guard case .scalar(let s, .int) = n.value, let v = Int(s) else {
            typeError(key, n, "an integer")
            return d
        }
        guard range.contains(v) else {
            rangeError(key, n, Self.describe(range))
            return d
        }
        return v
    }

    func uint64(_ key: String, default d: UInt64) -> UInt64 {
        guard let n = self[key] else { return d }
        guard case .scalar(let s, .int) = n.value, let v = UInt64(s) else {
            typeError(key, n, "a non-negative integer seed")
            return d
        }
        return v
    }

    static func describe(_ r: ClosedRange<Int>) -> String {
        if r.upperBound == Int.max { return "an integer ≥ \(r.lowerBound)" }
        return "an integer in \(r.lowerBound)...\(r.upperBound)"
    }

    /// A number (an integer is accepted); `lowerOpen`/`upperOpen` exclude the bounds.
    func double(_ key: String, default d: Double, lower: Double = -.infinity, upper: Double = .infinity,
                lowerOpen: Bool = false, upperOpen: Bool = false) -> Double {
        guard let n = self[key] else { return d }
        guard let v = Self.number(n) else {
            typeError(key, n, "a number")
            return d
        }
        let okLow = lowerOpen ? v > lower : v >= lower
        let okHigh = upperOpen ? v < upper : v <= upper
        guard okLow, okHigh, v.isFinite else {
            var parts: [String] = []
            if lower.isFinite { parts.append("\(lowerOpen ? ">" : "≥") \(lower)") }
            if upper.isFinite { parts.append("\(upperOpen ? "<" : "≤") \(upper)") }
            rangeError(key, n, "a number " + parts.joined(separator: " and "))
            return d
        }
        return v
    }

    static func number(_ n: ConfigNode) -> Double? {
        switch n.value {
        case .scalar(let s, .int), .scalar(let s, .double):
            if let v = Double(s) { return v }
            switch s.lowercased() {
            case ".inf", "+.inf": return .infinity
            case "-.inf": return -.infinity
            default: return nil
            }
        default: return nil
        }
    }

    func bool(_ key: String, default d: Bool) -> Bool {
        guard let n = self[key] else { return d }
        guard case .scalar(let s, .bool) = n.value else {
            typeError(key, n, "true or false")
            return d
        }
        return ["true", "yes", "on", "y"].contains(s.lowercased())
    }

    func string(_ key: String, default d: String?, choices: [String]? = nil) -> String? {
        guard let n = self[key] else { return d }
        guard case .scalar(let s, let kind) = n.value, kind != .null else {
            typeError(key, n, choices.map { "one of \($0.joined(separator: ", "))" } ?? "a string")
            return d
        }
        if let choices, !choices.contains(s) {
            var msg = "unknown value '\(s)'"
            if let sug = EditDistance.suggestion(for: s, among: choices) { msg += "; did you mean '\(sug)'?" }
            diag.add(ExperimentError(msg, at: n.location, key: keyPath(key), expected: "one of \(choices.joined(separator: ", "))"))
            return d
        }
        return s
    }

    /// A list of strings; a single string is accepted as a one-element list.
    func strings(_ key: String, default d: [String], choices: [String]? = nil) -> [String] {
        guard let n = self[key] else { return d }
        let items: [ConfigNode]
        switch n.value {
        case .sequence(let xs): items = xs
        case .scalar(_, .string): items = [n]
        default:
            typeError(key, n, "a list of strings")
            return d
        }
        var out: [String] = []
        for (i, item) in items.enumerated() {
            guard case .scalar(let s, let kind) = item.value, kind != .null else {
                typeError("\(key)[\(i)]", item, "a string")
                continue
            }
            if let choices, !choices.contains(s) {
                var msg = "unknown value '\(s)'"
                if let sug = EditDistance.suggestion(for: s, among: choices) { msg += "; did you mean '\(sug)'?" }
                diag.add(ExperimentError(msg, at: item.location, key: keyPath("\(key)[\(i)]"),
                                         expected: "one of \(choices.joined(separator: ", "))"))
                continue
            }
            out.append(s)
        }
        return out
    }

    /// A list of integers; a single integer is accepted.
    /// A non-empty list of distinct seeds under `key`, or nil (with a diagnostic) when it is not one.
    func seedList(_ key: String) -> [UInt64]? {
        // `seeds: 3` reads naturally as "three seeds" but would be one seed numbered 3: refuse it.
        if let n = self[key], case .scalar(let text, .int) = n.value, let v = Int(text) {
            let example = v >= 1 && v <= 20 ? (1...v).map(String.init).joined(separator: ", ") : "1, 2, 3"
            diag.add(ExperimentError("a single number is ambiguous here", at: n.location, key: keyPath(key), found: text,
                                     expected: "a list of seeds: for \(v >= 1 && v <= 20 ? "\(v) seeds" : "several seeds") write [\(example)]; for the one seed \(v) write [\(v)]"))
            return nil
        }
        let list = ints(key, default: [], in: 0...Int.max).map { UInt64($0) }
        if list.isEmpty {
            diag.add(ExperimentError("the list of seeds is empty", at: location(key), key: keyPath(key),
                                     expected: "at least one seed"))
            return nil
        }
        if Set(list).count != list.count {
            diag.add(ExperimentError("a seed is repeated", at: location(key), key: keyPath(key), expected: "distinct seeds"))
            return nil
        }
        return list
    }

    func ints(_ key: String, default d: [Int], in range: ClosedRange<Int> = Int.min...Int.max) -> [Int] {
        guard let n = self[key] else { return d }
        let items: [ConfigNode]
        switch n.value {
        case .sequence(let xs): items = xs
        case .scalar(_, .int): items = [n]
        default:
            typeError(key, n, "a list of integers")
            return d
        }
        var out: [Int] = []
        for (i, item) in items.enumerated() {
            guard case .scalar(let s, .int) = item.value, let v = Int(s) else {
                typeError("\(key)[\(i)]", item, "an integer")
                continue
            }
            guard range.contains(v) else {
                rangeError("\(key)[\(i)]", item, Self.describe(range))
                continue
            }
            out.append(v)
        }
        return out
    }

    /// A nested mapping reader for `key` (nil when absent or not a mapping).
    func mapping(_ key: String, known: [String]) -> MappingReader? {
        guard let n = self[key] else { return nil }
        return MappingReader(n, path: keyPath(key), known: known, diag: diag)
    }

    /// A scalar as a model parameter value (int, double, bool or string).
    static func parameterValue(_ n: ConfigNode) -> ParameterValue? {
        guard case .scalar(let s, let kind) = n.value else { return nil }
        switch kind {
        case .int: return Int(s).map(ParameterValue.int)
        case .double: return number(n).map(ParameterValue.double)
        case .bool: return .bool(["true", "yes", "on", "y"].contains(s.lowercased()))
        case .string: return .string(s)
        case .null: return nil
        }
    }
}
