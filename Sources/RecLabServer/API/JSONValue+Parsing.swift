/// A strict RFC 8259 reader for request bodies: no trailing commas, no
/// comments, no leading zeros, no unescaped control characters, valid UTF-8,
/// paired UTF-16 surrogates in `\u` escapes, unique keys per object, one value
/// then only whitespace. One pass over the bytes, recursing once per nesting
/// level (at most `maxDepth`, so a body of a million `[` cannot exhaust the stack).
extension JSONValue {
    static let maxDepth = 32

    /// Where and why the body is not JSON: `offset` is the 0-based byte offset of the offending byte.
    struct SyntaxError: Error, Equatable {
        var offset: Int
        var line: Int
        var column: Int
        var reason: String

        /// "at byte 37 (line 1, column 38): expected ',' or '}' …, found 'x'".
        var description: String { "at byte \(offset) (line \(line), column \(column)): \(reason)" }
    }

    static func parse(_ bytes: [UInt8]) throws -> JSONValue {
        var p = JSONParser(bytes: bytes)
        do {
            p.skipSpace()
            let v = try p.value(depth: 0)
            p.skipSpace()
            guard p.at >= bytes.count else { throw p.fail("unexpected \(p.found) after the JSON value") }
            return v
        } catch let e as JSONParser.Failure {
            // Line and column (1-based, the column in bytes) of the offset, for a person reading the body.
            var line = 1, lineStart = 0
            for k in 0..<min(e.offset, bytes.count) where bytes[k] == 0x0A { line += 1; lineStart = k + 1 }
            throw SyntaxError(offset: e.offset, line: line, column: e.offset - lineStart + 1, reason: e.reason)
        }
    }
}

struct JSONParser {
    struct Failure: Error { var offset: Int; var reason: String }

    let bytes: [UInt8]
    var at = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    func fail(_ reason: String, at offset: Int? = nil) -> Failure { Failure(offset: offset ?? at, reason: reason) }

    /// The byte at the cursor, described: `'x'`, `a space`, `byte 0xC3`, or `the end of the body`.
    var found: String {
        guard at < bytes.count else { return "the end of the body" }
        let c = bytes[at]
        if c == 0x20 { return "a space" }
        if c > 0x20 && c < 0x7F { return "'\(Character(Unicode.Scalar(c)))'" }
        return "byte 0x" + String(c, radix: 16, uppercase: true).leftPadded(to: 2)
    }

    mutating func skipSpace() {
        while at < bytes.count, bytes[at] == 0x20 || bytes[at] == 0x09 || bytes[at] == 0x0A || bytes[at] == 0x0D { at += 1 }
    }

    mutating func value(depth: Int) throws -> JSONValue {
        guard at < bytes.count else { throw fail("expected a value (object, array, string, number, true, false or null), found the end of the body") }
        switch bytes[at] {
        case UInt8(ascii: "{"): return try object(depth: depth + 1)
        case UInt8(ascii: "["): return try array(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: throw fail("expected a value (object, array, string, number, true, false or null), found \(found)")
        }
    }

    mutating func literal(_ word: StaticString) throws {
        let start = at
        let w = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        for c in w {
            guard at < bytes.count, bytes[at] == c else { throw fail("invalid literal, expected '\(word)'", at: start) }
            at += 1
        }
    }

    mutating func object(depth: Int) throws -> JSONValue {
        guard depth <= JSONValue.maxDepth else { throw fail("nested deeper than \(JSONValue.maxDepth) levels") }
        at += 1  // {
        var members: [(key: String, value: JSONValue)] = []
        var seen: Set<String> = []
        skipSpace()
        if at < bytes.count, bytes[at] == UInt8(ascii: "}") { at += 1; return .object(members) }
        while true {
            skipSpace()
            guard at < bytes.count, bytes[at] == UInt8(ascii: "\"") else {
                throw fail(members.isEmpty ? "expected a key in double quotes or '}', found \(found)"
                                           : "expected a key in double quotes after ',', found \(found)")
            }
            let keyStart = at
            let key = try string()
            guard seen.insert(key).inserted else { throw fail("duplicate key '\(key)'", at: keyStart) }
            skipSpace()
            guard at < bytes.count, bytes[at] == UInt8(ascii: ":") else { throw fail("expected ':' after key '\(key)', found \(found)") }
            at += 1
            skipSpace()
            members.append((key, try value(depth: depth)))
            skipSpace()
            guard at < bytes.count else { throw fail("expected ',' or '}' after the value of '\(key)', found the end of the body") }
            if bytes[at] == UInt8(ascii: ",") { at += 1; continue }
            if bytes[at] == UInt8(ascii: "}") { at += 1; return .object(members) }
            throw fail("expected ',' or '}' after the value of '\(key)', found \(found)")
        }
    }

    mutating func array(depth: Int) throws -> JSONValue {
        guard depth <= JSONValue.maxDepth else { throw fail("nested deeper than \(JSONValue.maxDepth) levels") }
        at += 1  // [
        var elements: [JSONValue] = []
        skipSpace()
        if at < bytes.count, bytes[at] == UInt8(ascii: "]") { at += 1; return .array(elements) }
        while true {
            skipSpace()
            elements.append(try value(depth: depth))
            skipSpace()
            guard at < bytes.count else { throw fail("expected ',' or ']' after an array element, found the end of the body") }
            if bytes[at] == UInt8(ascii: ",") { at += 1; continue }
            if bytes[at] == UInt8(ascii: "]") { at += 1; return .array(elements) }
            throw fail("expected ',' or ']' after an array element, found \(found)")
        }
    }

    /// A string at the cursor (its opening quote), unescaped; raw bytes must be valid UTF-8.
    mutating func string() throws -> String {
        let start = at
        at += 1  // "
        var out: [UInt8] = []
        while true {
            guard at < bytes.count else { throw fail("unterminated string (it starts at byte \(start))") }
            let c = bytes[at]
            switch c {
            case UInt8(ascii: "\""):
                at += 1
                guard let s = String(validating: out, as: UTF8.self) else {
                    throw fail("invalid UTF-8 in the string that starts at byte \(start)", at: start)
                }
                return s
            case UInt8(ascii: "\\"):
                at += 1
                guard at < bytes.count else { throw fail("unterminated string (it starts at byte \(start))") }
                let e = bytes[at]
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    let escape = at - 1
                    var scalar = try hex4()
                    if (0xD800...0xDBFF).contains(scalar) {
                        // A high surrogate must be followed by an escaped low one.
                        guard at + 2 < bytes.count, bytes[at + 1] == UInt8(ascii: "\\"), bytes[at + 2] == UInt8(ascii: "u") else {
                            throw fail("unpaired UTF-16 surrogate in a \\u escape", at: escape)
                        }
                        at += 2
                        let low = try hex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw fail("unpaired UTF-16 surrogate in a \\u escape", at: escape) }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(scalar) {
                        throw fail("unpaired UTF-16 surrogate in a \\u escape", at: escape)
                    }
                    guard let u = Unicode.Scalar(scalar) else { throw fail("invalid \\u escape", at: escape) }
                    out.append(contentsOf: Array(String(Character(u)).utf8))
                default:
                    throw fail("invalid escape '\\\(found.trimmingQuotes)' in a string (allowed: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)", at: at - 1)
                }
                at += 1
            case 0x00..<0x20:
                throw fail("unescaped control character (byte 0x" + String(c, radix: 16, uppercase: true).leftPadded(to: 2) + ") in a string")
            default:
                out.append(c)
                at += 1
            }
        }
    }

    /// The 4 hex digits after `\u` (the cursor is on the `u`); leaves the cursor on the last digit.
    mutating func hex4() throws -> UInt32 {
        var v: UInt32 = 0
        for _ in 0..<4 {
            at += 1
            guard at < bytes.count, let d = hexDigit(bytes[at]) else { throw fail("expected 4 hex digits after \\u, found \(found)") }
            v = v << 4 | d
        }
        return v
    }

    func hexDigit(_ c: UInt8) -> UInt32? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(c - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(c - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(c - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, returned as its text.
    mutating func number() throws -> String {
        let start = at
        func isDigit(_ k: Int) -> Bool { k < bytes.count && bytes[k] >= UInt8(ascii: "0") && bytes[k] <= UInt8(ascii: "9") }
        if bytes[at] == UInt8(ascii: "-") { at += 1 }
        guard isDigit(at) else { throw fail("expected a digit after '-', found \(found)") }
        if bytes[at] == UInt8(ascii: "0") {
            at += 1
            if isDigit(at) { throw fail("a number must not start with a leading zero", at: at - 1) }
        } else {
            while isDigit(at) { at += 1 }
        }
        if at < bytes.count, bytes[at] == UInt8(ascii: ".") {
            at += 1
            guard isDigit(at) else { throw fail("expected a digit after the decimal point, found \(found)") }
            while isDigit(at) { at += 1 }
        }
        if at < bytes.count, bytes[at] == UInt8(ascii: "e") || bytes[at] == UInt8(ascii: "E") {
            at += 1
            if at < bytes.count, bytes[at] == UInt8(ascii: "+") || bytes[at] == UInt8(ascii: "-") { at += 1 }
            guard isDigit(at) else { throw fail("expected a digit in the exponent, found \(found)") }
            while isDigit(at) { at += 1 }
        }
        return String(decoding: bytes[start..<at], as: UTF8.self)
    }
}

private extension String {
    func leftPadded(to n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
    /// `'x'` → `x` (for quoting a found character inside another quote).
    var trimmingQuotes: String { hasPrefix("'") && hasSuffix("'") && count >= 3 ? String(dropFirst().dropLast()) : self }
}
