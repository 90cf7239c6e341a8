import Foundation

/// The element type of a payload section.
public enum ModelSectionType: UInt8, Sendable, CustomStringConvertible {
    case float32 = 1, float64 = 2, int32 = 3, int64 = 4, uint8 = 5
    /// Each string as a UInt32 byte length and its UTF-8 bytes.
    case string = 6
    /// UTF-8 JSON of one value; `count` is its byte length.
    case json = 7

    /// Bytes per element; nil for strings (variable).
    var width: Int? {
        switch self {
        case .float32, .int32: return 4
        case .float64, .int64: return 8
        case .uint8, .json: return 1
        case .string: return nil
        }
    }

    public var description: String {
        switch self {
        case .float32: return "Float32"
        case .float64: return "Float64"
        case .int32: return "Int32"
        case .int64: return "Int64"
        case .uint8: return "UInt8"
        case .string: return "strings"
        case .json: return "JSON"
        }
    }
}

/// Builds a model file's payload: a sequence of tagged, typed sections.
///
///     section := tag length (UInt8) · tag (ASCII) · type (UInt8, `ModelSectionType`)
///                · count (UInt64) · byte length (UInt64) · bytes
///
/// Numbers are little-endian; arrays are copied in one block on
/// little-endian hosts. Tags are unique within a payload (`svd.p`,
/// `summary.known_users`…); each decoder documents the tags it reads.
public struct ModelPayloadWriter: Sendable {
    /// The payload so far (settable inside the module so tests can hand-damage a section table).
    public internal(set) var bytes: [UInt8] = []

    public init() {}

    private mutating func section(_ tag: String, _ type: ModelSectionType, count: Int, body: [UInt8]) {
        let t = Array(tag.utf8)
        precondition(!t.isEmpty && t.count < 256, "section tags are 1–255 bytes")
        bytes.append(UInt8(t.count))
        bytes += t
        bytes.append(type.rawValue)
        ByteIO.append(UInt64(count), to: &bytes)
        ByteIO.append(UInt64(body.count), to: &bytes)
        bytes += body
    }

    private mutating func block<T: FixedWidthInteger>(_ tag: String, _ type: ModelSectionType, _ values: [T]) {
        var body: [UInt8] = []
        body.reserveCapacity(values.count * MemoryLayout<T>.size)
        #if _endian(little)
        values.withUnsafeBytes { body.append(contentsOf: $0) }
        #else
        for v in values { ByteIO.append(v, to: &body) }
        #endif
        section(tag, type, count: values.count, body: body)
    }

    public mutating func append(_ tag: String, floats: [Float]) { block(tag, .float32, floats.map(\.bitPattern)) }
    public mutating func append(_ tag: String, doubles: [Double]) { block(tag, .float64, doubles.map(\.bitPattern)) }
    public mutating func append(_ tag: String, int32s: [Int32]) { block(tag, .int32, int32s) }
    public mutating func append(_ tag: String, ints: [Int]) { block(tag, .int64, ints.map(Int64.init)) }
    public mutating func append(_ tag: String, bytes values: [UInt8]) { block(tag, .uint8, values) }
    public mutating func append(_ tag: String, bools: [Bool]) { block(tag, .uint8, bools.map { $0 ? UInt8(1) : UInt8(0) }) }

    public mutating func append(_ tag: String, strings: [String]) {
        var body: [UInt8] = []
        for s in strings {
            let u = Array(s.utf8)
            ByteIO.append(UInt32(u.count), to: &body)
            body += u
        }
        section(tag, .string, count: strings.count, body: body)
    }

    /// One `Encodable` value as sorted-key JSON (for small configuration values).
    public mutating func append<T: Encodable>(_ tag: String, json value: T) throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        let body = Array(try enc.encode(value))
        section(tag, .json, count: body.count, body: body)
    }
}
