/// Byte offsets of one field inside a file buffer. `escaped` marks a quoted
/// field that contains doubled quotes (`""`) still to be collapsed.
struct FieldSpan: Sendable {
    var start: Int
    var end: Int
    var escaped: Bool
    var count: Int { end - start }
}

/// Splits delimited text into records and fields without decoding it.
///
/// RFC 4180 rules when `quoting` is on: a field that starts with `"` runs to
/// the next lone `"`, may contain separators, line breaks and doubled quotes,
/// and must be followed by a separator or the end of the line. Lines end with
/// LF or CRLF; blank lines are skipped. The separator is one byte (`,`, tab,
/// `|`) or the two-byte `::` of ml-1m/ml-10m (`doubleSeparator`, no quoting).
/// Cost: one pass over the bytes, no allocation once `fields` has capacity.
struct RecordScanner {
    let base: UnsafePointer<UInt8>?
    let end: Int
    let separator: UInt8
    let doubleSeparator: Bool
    let quoting: Bool
    let path: String
    /// Offset of the next unread byte.
    var position: Int
    /// 1-based line number at `position`.
    var line: Int
    /// Set when `next` threw in the middle of a record (see `recoverAfterError`).
    private(set) var failedMidRecord = false

    init(_ bytes: UnsafeRawBufferPointer, separator: UInt8, doubleSeparator: Bool = false, quoting: Bool,
         path: String, position: Int = 0, line: Int = 1, end: Int? = nil) {
        base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self)
        self.end = end ?? bytes.count
        self.separator = separator
        self.doubleSeparator = doubleSeparator
        self.quoting = quoting
        self.path = path
        self.position = position
        self.line = line
    }

    /// Reads the next non-blank record into `fields` and returns the line it
    /// starts on, or nil at the end of the input.
    mutating func next(into fields: inout [FieldSpan]) throws -> Int? {
        fields.removeAll(keepingCapacity: true)
        guard let p = base else { return nil }
        let n = end
        var i = position
        // Skip blank lines.
        while i < n {
            let c = p[i]
            if c == 0x0A { i += 1; line += 1; continue }
            if c == 0x0D && (i + 1 == n || p[i + 1] == 0x0A) { i += 1; continue }
            break
        }
        guard i < n else { position = i; return nil }
        let startLine = line
        let sepLen = doubleSeparator ? 2 : 1
        @inline(__always) func isSeparator(_ i: Int) -> Bool {
            p[i] == separator && (!doubleSeparator || (i + 1 < n && p[i + 1] == separator))
        }
        record: while true {
            if quoting && i < n && p[i] == 0x22 {
                i += 1
                let s = i
                var escaped = false
                while true {
                    guard i < n else {
                        position = n
                        failedMidRecord = true
                        throw DataError("unterminated quoted field (a '\"' opened here is never closed)",
                                        file: path, line: startLine, column: "field \(fields.count + 1)", kind: .raggedRow)
                    }
                    let c = p[i]
                    if c == 0x22 {
                        if i + 1 < n && p[i + 1] == 0x22 { escaped = true; i += 2; continue }
                        break
                    }
                    if c == 0x0A { line += 1 }
                    i += 1
                }
                fields.append(FieldSpan(start: s, end: i, escaped: escaped))
                i += 1  // closing quote
                if i >= n { break record }
                if isSeparator(i) { i += sepLen; continue record }
                let c = p[i]
                if c == 0x0A { i += 1; line += 1; break record }
                if c == 0x0D && (i + 1 == n || p[i + 1] == 0x0A) { i += (i + 1 == n) ? 1 : 2; line += 1; break record }
                position = i
                failedMidRecord = true
                throw DataError("unexpected character after a closing quote (expected a separator or the end of the line)",
                                file: path, line: line, column: "field \(fields.count)", kind: .raggedRow)
            } else {
                let s = i
                while i < n {
                    let c = p[i]
                    if c == separator {
                        if !doubleSeparator || (i + 1 < n && p[i + 1] == separator) { break }
                    } else if c == 0x0A {
                        break
                    } else if c == 0x0D && (i + 1 == n || p[i + 1] == 0x0A) {
                        break
                    }
                    i += 1
                }
                fields.append(FieldSpan(start: s, end: i, escaped: false))
                if i >= n { break record }
                let c = p[i]
                if c == 0x0A { i += 1; line += 1; break record }
                if c == 0x0D { i += (i + 1 == n) ? 1 : 2; line += 1; break record }
                i += sepLen
                if i >= n { fields.append(FieldSpan(start: i, end: i, escaped: false)); break record }
            }
        }
        position = i
        return startLine
    }

    /// After an error in lenient mode: if scanning stopped inside a record,
    /// continue at the next line; otherwise the next record is already next.
    mutating func recoverAfterError() {
        guard failedMidRecord else { return }
        failedMidRecord = false
        guard let p = base else { return }
        var i = position
        while i < end && p[i] != 0x0A { i += 1 }
        if i < end { i += 1; line += 1 }
        position = i
    }

    /// The raw bytes of `span` (quotes already stripped, doubled quotes collapsed).
    func bytes(_ span: FieldSpan) -> [UInt8] {
        guard let p = base, span.count > 0 else { return [] }
        let raw = UnsafeBufferPointer(start: p + span.start, count: span.count)
        guard span.escaped else { return Array(raw) }
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = 0
        while i < raw.count {
            out.append(raw[i])
            if raw[i] == 0x22 && i + 1 < raw.count && raw[i + 1] == 0x22 { i += 2 } else { i += 1 }
        }
        return out
    }

    /// `span` decoded as UTF-8, or nil when the bytes are not valid UTF-8.
    func utf8String(_ span: FieldSpan) -> String? {
        guard let p = base, span.count > 0 else { return "" }
        if span.escaped { return String(validating: bytes(span), as: UTF8.self) }
        return String(validating: UnsafeBufferPointer(start: p + span.start, count: span.count), as: UTF8.self)
    }

    /// `span` decoded as ISO-8859-1 (every byte is the code point of the same value).
    func latin1String(_ span: FieldSpan) -> String {
        var s = String.UnicodeScalarView()
        for b in bytes(span) { s.append(Unicode.Scalar(b)) }
        return String(s)
    }

    /// `span` as shown in an error message (invalid bytes replaced, long values cut).
    func display(_ span: FieldSpan) -> String {
        let b = bytes(span)
        let s = String(decoding: b.prefix(60), as: UTF8.self)
        return b.count > 60 ? s + "…" : s
    }

    /// A field as text in the given encoding; invalid UTF-8 is a `DataError(.encoding)`.
    func string(_ span: FieldSpan, encoding: TextEncoding, line: Int, column: String) throws -> String {
        switch encoding {
        case .latin1: return latin1String(span)
        case .utf8OrLatin1: return utf8String(span) ?? latin1String(span)
        case .utf8:
            guard let s = utf8String(span) else {
                throw DataError("invalid UTF-8 in '\(display(span))' (the file must be UTF-8 encoded)",
                                file: path, line: line, column: column, kind: .encoding)
            }
            return s
        }
    }
}

/// Text encoding of a MovieLens file: the CSV releases are UTF-8, ml-100k is
/// ISO-8859-1, and the `.dat` releases are UTF-8 where valid, else ISO-8859-1.
enum TextEncoding: Sendable {
    case utf8, latin1, utf8OrLatin1
}
