/// A hyperparameter value as written in an experiment file.
public enum ParameterValue: Sendable, Hashable, Codable, CustomStringConvertible {
    case int(Int)
    case double(Double)
    case bool(Bool)
    case string(String)

    public var description: String {
        switch self {
        case .int(let v): return String(v)
        case .double(let v): return String(v)
        case .bool(let v): return String(v)
        case .string(let v): return v
        }
    }

    /// The value as a Double when numeric (an int widens).
    public var doubleValue: Double? {
        switch self {
        case .int(let v): return Double(v)
        case .double(let v): return v
        default: return nil
        }
    }
}

/// Hyperparameters by name, as given to a model kind.
public typealias Parameters = [String: ParameterValue]

/// What one hyperparameter of a model kind accepts, for validation before any
/// work starts and for `--help`-style listings.
public struct ParameterSpec: Sendable, Hashable {
    public enum Domain: Sendable, Hashable {
        /// An integer in `range`.
        case int(ClosedRange<Int>)
        /// A real number in `lower...upper`; `lowerOpen` excludes the lower bound (for example a learning rate > 0).
        case double(lower: Double, upper: Double, lowerOpen: Bool)
        case bool
        case choice([String])
    }

    public var name: String
    public var domain: Domain
    public var defaultValue: ParameterValue
    public var help: String
    /// When set, a value absent from the parameters takes the value of this
    /// other parameter (Surprise's `lr_bu=None` meaning "use `lr_all`");
    /// `defaultValue` then equals that parameter's default. Do not fill such a
    /// key with its default before building a model: resolve parameters with
    /// `ModelRegistry.resolved(kind:parameters:)` instead.
    public var inheritsFrom: String?

    public init(_ name: String, _ domain: Domain, default defaultValue: ParameterValue, help: String,
                inheritsFrom: String? = nil) {
        self.name = name
        self.domain = domain
        self.defaultValue = defaultValue
        self.help = help
        self.inheritsFrom = inheritsFrom
    }

    /// Nil when `value` is acceptable, else what was expected.
    public func problem(with value: ParameterValue) -> String? {
        switch (domain, value) {
        case (.int(let r), .int(let v)):
            return r.contains(v) ? nil : "an integer in \(r.lowerBound)...\(r.upperBound)"
        case (.double(let lo, let hi, let open), _):
            guard let v = value.doubleValue, v.isFinite else { return "a number" }
            let okLow = open ? v > lo : v >= lo
            return okLow && v <= hi ? nil : "a number \(open ? ">" : "≥") \(lo)\(hi.isFinite ? " and ≤ \(hi)" : "")"
        case (.bool, .bool): return nil
        case (.choice(let options), .string(let s)):
            return options.contains(s) ? nil : "one of \(options.joined(separator: ", "))"
        case (.int, _): return "an integer"
        case (.bool, _): return "true or false"
        case (.choice(let options), _): return "one of \(options.joined(separator: ", "))"
        }
    }
}
