/// A configuration or hyperparameter value as recorded in results: the
/// results module's own mirror of the models' `ParameterValue`, so that the
/// report never imports the models.
///
/// JSON: a bare number, boolean or string. An integral double (`1.0`) is
/// written by `JSONEncoder` as `1` and therefore decodes as `.int(1)`; so
/// equality and hashing treat numbers by value (`.int(1) == .double(1)`),
/// and `description` prints both as `1`.
public enum ResultValue: Sendable, Hashable, Codable, CustomStringConvertible, Comparable {
    case int(Int)
    case double(Double)
    case bool(Bool)
    case string(String)

    public var description: String {
        switch self {
        case .int(let v): return String(v)
        case .double(let v): return Self.format(v)
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

    public static func == (a: ResultValue, b: ResultValue) -> Bool {
        switch (a, b) {
        case (.bool(let x), .bool(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        default:
            guard let x = a.doubleValue, let y = b.doubleValue else { return false }
            return x == y
        }
    }

    public func hash(into h: inout Hasher) {
        switch self {
        case .bool(let v): h.combine(0); h.combine(v)
        case .string(let v): h.combine(1); h.combine(v)
        case .int, .double: h.combine(2); h.combine(doubleValue ?? 0)
        }
    }

    /// Numbers order numerically and before non-numbers; others order by their text.
    public static func < (a: ResultValue, b: ResultValue) -> Bool {
        switch (a.doubleValue, b.doubleValue) {
        case let (x?, y?): return x < y
        case (.some, nil): return true
        case (nil, .some): return false
        case (nil, nil): return a.description < b.description
        }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let b = try? c.decode(Bool.self) { self = .bool(b); return }
        if let i = try? c.decode(Int.self) { self = .int(i); return }
        if let d = try? c.decode(Double.self) { self = .double(d); return }
        self = .string(try c.decode(String.self))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .int(let v): try c.encode(v)
        case .double(let v): try c.encode(v)
        case .bool(let v): try c.encode(v)
        case .string(let v): try c.encode(v)
        }
    }

    /// Shortest text that reads back to the same Double (`0.005`, `100`, `1e-06`).
    static func format(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
        return "\(v)"
    }
}
