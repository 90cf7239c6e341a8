import RecLabCore
import RecLabModels

/// A value in the canonical encoding that trial keys hash: JSON-like text with
/// map keys sorted by their UTF-8 bytes, no whitespace, integers in decimal,
/// reals in Swift's shortest round-trip form (`0.005`, `1e-05`) tagged `d:` so
/// `1` (int) and `1.0` (real) differ, strings JSON-escaped. The same content
/// always gives the same bytes, whatever the YAML's key order or spelling.
public indirect enum CanonicalValue: Sendable, Hashable {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case list([CanonicalValue])
    case map([String: CanonicalValue])

    public init(_ p: ParameterValue) {
        switch p {
        case .int(let v): self = .int(v)
        case .double(let v): self = .double(v)
        case .bool(let v): self = .bool(v)
        case .string(let v): self = .string(v)
        }
    }

    public init(_ params: Parameters) {
        self = .map(params.mapValues(CanonicalValue.init))
    }

    public var encoded: String {
        var out = ""
        encode(into: &out)
        return out
    }

    public var sha256: String { SHA256.hex(encoded) }

    private func encode(into out: inout String) {
        switch self {
        case .string(let s): Self.quote(s, into: &out)
        case .int(let v): out += String(v)
        case .double(let v):
            out += "\"d:"
            out += v == 0 ? "0.0" : v.description
            out += "\""
        case .bool(let v): out += v ? "true" : "false"
        case .list(let xs):
            out += "["
            for (i, x) in xs.enumerated() {
                if i > 0 { out += "," }
                x.encode(into: &out)
            }
            out += "]"
        case .map(let m):
            out += "{"
            for (i, key) in m.keys.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }).enumerated() {
                if i > 0 { out += "," }
                Self.quote(key, into: &out)
                out += ":"
                m[key]?.encode(into: &out)
            }
            out += "}"
        }
    }

    private static func quote(_ s: String, into out: inout String) {
        out += "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        out += "\""
    }
}
