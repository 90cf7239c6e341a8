/// Numeric field parsing straight from bytes (no `String` per field).
enum FieldParsing {
    /// A decimal integer with an optional sign; nil for anything else
    /// (empty, spaces, other characters, more than 18 digits).
    @inline(__always)
    static func int(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Int64? {
        var i = s
        var negative = false
        if i < e && (p[i] == 0x2D || p[i] == 0x2B) { negative = p[i] == 0x2D; i += 1 }
        guard i < e, e - i <= 18 else { return nil }
        var v: Int64 = 0
        while i < e {
            let d = p[i] &- 0x30
            guard d <= 9 else { return nil }
            v = v &* 10 &+ Int64(d)
            i += 1
        }
        return negative ? -v : v
    }

    /// A decimal number `[+-]digits[.digits]` (or `.digits`), converted
    /// through `Double` so short decimals such as `3.5` are exact; falls back
    /// to Swift's `Float` parser for other spellings (`5e-1`). Non-finite
    /// values are rejected (nil).
    @inline(__always)
    static func decimal(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Float? {
        var i = s
        var negative = false
        if i < e && (p[i] == 0x2D || p[i] == 0x2B) { negative = p[i] == 0x2D; i += 1 }
        var mantissa: Int64 = 0
        var digits = 0
        var scale = 0
        var sawDot = false
        while i < e {
            let c = p[i]
            let d = c &- 0x30
            if d <= 9 {
                guard digits < 17 else { return slow(p, s, e) }
                mantissa = mantissa * 10 + Int64(d)
                digits += 1
                if sawDot { scale += 1 }
            } else if c == 0x2E && !sawDot {
                sawDot = true
            } else {
                return slow(p, s, e)
            }
            i += 1
        }
        guard digits > 0 else { return nil }
        var v = Double(mantissa)
        if scale > 0 { v /= pow10[scale] }
        return Float(negative ? -v : v)
    }

    private static let pow10: [Double] = (0...18).map { (0..<$0).reduce(1.0) { acc, _ in acc * 10 } }

    private static func slow(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Float? {
        let text = String(decoding: UnsafeBufferPointer(start: p + s, count: e - s), as: UTF8.self)
        guard let v = Float(text), v.isFinite else { return nil }
        return v
    }
}
