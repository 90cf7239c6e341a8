/// A JSON value read from a request body by `JSONValue.parse` (strict RFC 8259),
/// with typed accessors whose errors name the key path, what was expected and
/// what was found — the messages a client sees in a 400.
///
/// Foundation's `JSONDecoder` on Linux reports a fractional or oversized
/// integer and a syntax error alike as "not valid JSON", without a key or an
/// offset, and accepts a trailing comma; reading the body with this type
/// instead tells the four cases apart (syntax at a byte offset, wrong type,
/// missing key, value out of range).
indirect enum JSONValue: Sendable {
    /// Members in body order (keys are unique: the parser refuses a duplicate).
    case object([(key: String, value: JSONValue)])
    case array([JSONValue])
    case string(String)
    /// The number's literal text, so an integer is read exactly rather than through `Double`.
    case number(String)
    case bool(Bool)
    case null

    /// What the value is, for "…, got <description>": scalars show their value (long strings cut).
    var description: String {
        switch self {
        case .object: return "an object"
        case .array: return "an array"
        case .string(let s): return s.count > 40 ? "the string \"\(s.prefix(40))…\"" : "the string \"\(s)\""
        case .number(let t): return "the number \(t.count > 40 ? t.prefix(40) + "…" : t)"
        case .bool(let b): return "\(b)"
        case .null: return "null"
        }
    }

    /// The members of an object, refusing keys outside `allowed`; `path` names
    /// the value in messages ("the body", "pairs[0]").
    func members(_ path: String, allowed: [String], expected: String = "an object") throws -> [String: JSONValue] {
        guard case .object(let list) = self else { throw APIError.badRequest("\(path) must be \(expected), got \(description)") }
        var out: [String: JSONValue] = [:]
        for (key, value) in list {
            guard allowed.contains(key) else {
                throw APIError.badRequest("unknown key '\(key)' in \(path) (expected: \(allowed.joined(separator: ", ")))")
            }
            out[key] = value
        }
        return out
    }

    /// An integer: JSON Schema's "integer", a number with no fractional part
    /// (`31`, `31.0` and `3.1e1` alike), within `Int`'s range. Read exactly
    /// from the decimal text (digits × 10^exponent with overflow checks), never
    /// through `Double`.
    func int(_ path: String) throws -> Int {
        guard case .number(let text) = self else { throw APIError.badRequest("\(path) must be an integer, got \(description)") }
        switch Self.integer(text) {
        case .value(let v): return v
        case .outOfRange: throw APIError.badRequest("\(path) is out of range: \(text) is not in \(Int.min)...\(Int.max)")
        case .fraction: throw APIError.badRequest("\(path) must be an integer, got \(description)")
        }
    }

    enum IntegerLiteral: Equatable { case value(Int), fraction, outOfRange }

    /// The integer a JSON number literal denotes, if it has no non-zero fraction and fits in `Int`.
    static func integer(_ text: String) -> IntegerLiteral {
        let bytes = Array(text.utf8)
        var i = 0
        let negative = bytes.first == UInt8(ascii: "-")
        if negative { i += 1 }
        var digits: [UInt8] = []
        var scale = 0
        while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 { digits.append(bytes[i] - 0x30); i += 1 }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 { digits.append(bytes[i] - 0x30); scale -= 1; i += 1 }
        }
        if i < bytes.count, bytes[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            var expNegative = false
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { expNegative = bytes[i] == UInt8(ascii: "-"); i += 1 }
            var exp = 0
            while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 {
                exp = min(exp * 10 + Int(bytes[i] - 0x30), 1_000_000)  // beyond ±10^6 the answer no longer changes
                i += 1
            }
            scale += expNegative ? -exp : exp
        }
        while let first = digits.first, first == 0 { digits.removeFirst() }
        if digits.isEmpty { return .value(0) }
        // Trailing zeros cancel a negative scale; a non-zero digit left below the units is a fraction.
        while scale < 0, let last = digits.last, last == 0 { digits.removeLast(); scale += 1 }
        if scale < 0 { return .fraction }
        guard digits.count + scale <= 19 else { return .outOfRange }
        var magnitude: UInt64 = 0
        for d in digits + [UInt8](repeating: 0, count: scale) {
            let (m, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(UInt64(d))
            if o1 || o2 { return .outOfRange }
            magnitude = s
        }
        if negative { return magnitude <= UInt64(Int.max) + 1 ? .value(Int(truncatingIfNeeded: 0 &- magnitude)) : .outOfRange }
        return magnitude <= UInt64(Int.max) ? .value(Int(magnitude)) : .outOfRange
    }

    func string(_ path: String) throws -> String {
        guard case .string(let s) = self else { throw APIError.badRequest("\(path) must be a string, got \(description)") }
        return s
    }

    func elements(_ path: String, expected: String = "an array") throws -> [JSONValue] {
        guard case .array(let a) = self else { throw APIError.badRequest("\(path) must be \(expected), got \(description)") }
        return a
    }
}

extension [String: JSONValue] {
    /// The value of a required key, or a 400 "missing key 'k' in path".
    func required(_ key: String, in path: String) throws -> JSONValue {
        guard let v = self[key] else { throw APIError.badRequest("missing key '\(key)' in \(path)") }
        return v
    }
}
