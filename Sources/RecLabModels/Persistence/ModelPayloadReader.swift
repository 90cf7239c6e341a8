import Foundation

/// Reads the sections of a verified payload (see `ModelPayloadWriter` for
/// the layout). Building the reader checks the section table (bounds, types,
/// byte lengths, unique tags); each accessor checks the type and, when given,
/// the expected count, and throws a `ModelFileError` naming the section.
public struct ModelPayloadReader: Sendable {
    struct Section: Sendable { var type: ModelSectionType; var count: Int; var range: Range<Int> }

    /// The whole file; sections are ranges in it (no copy until an accessor runs).
    let bytes: [UInt8]
    public let path: String
    let sections: [String: Section]
    /// Tags in file order.
    public let tags: [String]

    init(bytes: [UInt8], range: Range<Int>, path: String) throws {
        self.bytes = bytes
        self.path = path
        var sections: [String: Section] = [:]
        var tags: [String] = []
        var at = range.lowerBound
        func fail(_ m: String) -> ModelFileError { ModelFileError(path: path, part: "payload", m) }
        while at < range.upperBound {
            let tagLength = Int(bytes[at])
            guard tagLength > 0, at + 1 + tagLength + 17 <= range.upperBound else {
                throw fail("section table broken at byte \(at)")
            }
            guard let tag = String(validating: bytes[(at + 1)..<(at + 1 + tagLength)], as: UTF8.self) else {
                throw fail("section tag at byte \(at) is not UTF-8")
            }
            at += 1 + tagLength
            guard let type = ModelSectionType(rawValue: bytes[at]) else {
                throw fail("section '\(tag)' has unknown element type \(bytes[at])")
            }
            let count: UInt64 = ByteIO.read(bytes, at: at + 1)
            let length: UInt64 = ByteIO.read(bytes, at: at + 9)
            at += 17
            guard length <= UInt64(range.upperBound - at), type == .string ? count <= length / 4 : count <= length else {
                throw fail("section '\(tag)' claims \(length) bytes, only \(range.upperBound - at) remain")
            }
            if let w = type.width, UInt64(w) * count != length {
                throw fail("section '\(tag)': \(count) × \(type) should take \(UInt64(w) * count) bytes, not \(length)")
            }
            guard sections[tag] == nil else { throw fail("section '\(tag)' appears twice") }
            sections[tag] = Section(type: type, count: Int(count), range: at..<(at + Int(length)))
            tags.append(tag)
            at += Int(length)
        }
        self.sections = sections
        self.tags = tags
    }

    func fail(_ tag: String, _ message: String) -> ModelFileError { ModelFileError(path: path, part: tag, message) }

    public func has(_ tag: String) -> Bool { sections[tag] != nil }

    /// `a × b`, the element count of a section whose shape another section
    /// declares; a `ModelFileError` naming `tag` when it overflows (a damaged
    /// shape), so that no declared size is trusted before it is checked.
    func product(_ a: Int, _ b: Int, for tag: String) throws -> Int {
        let (n, overflow) = a.multipliedReportingOverflow(by: b)
        guard !overflow, n >= 0 else { throw fail(tag, "a shape of \(a) × \(b) values is impossible") }
        return n
    }

    /// Checks a stored integer hyperparameter against its domain in the
    /// model's registry table (`specs`), so a damaged file cannot make a
    /// model size its buffers from a value no fit could have produced.
    func check(_ value: Int, as name: String, in specs: [ParameterSpec], for tag: String) throws {
        guard let spec = specs.first(where: { $0.name == name }) else { return }
        if let problem = spec.problem(with: .int(value)) { throw fail(tag, "\(name) = \(value) is outside its domain (\(problem))") }
    }

    private func section(_ tag: String, _ type: ModelSectionType, count: Int?) throws -> Section {
        guard let s = sections[tag] else { throw fail(tag, "missing section (the file's payload lacks it)") }
        guard s.type == type else { throw fail(tag, "expected \(type) values, found \(s.type)") }
        if let count, s.count != count { throw fail(tag, "expected \(count) values, found \(s.count)") }
        return s
    }

    private func block<T: FixedWidthInteger>(_ tag: String, _ type: ModelSectionType, count: Int?, as: T.Type) throws -> [T] {
        let s = try section(tag, type, count: count)
        return bytes.withUnsafeBytes { raw in
            [T](unsafeUninitializedCapacity: s.count) { buf, n in
                #if _endian(little)
                if s.count > 0, let base = raw.baseAddress {
                    UnsafeMutableRawPointer(buf.baseAddress!).copyMemory(from: base + s.range.lowerBound, byteCount: s.range.count)
                }
                #else
                for k in 0..<s.count {
                    buf[k] = T(littleEndian: raw.loadUnaligned(fromByteOffset: s.range.lowerBound + k * MemoryLayout<T>.size, as: T.self))
                }
                #endif
                n = s.count
            }
        }
    }

    public func floats(_ tag: String, count: Int? = nil) throws -> [Float] {
        let bits = try block(tag, .float32, count: count, as: UInt32.self)
        return bits.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
    }

    public func doubles(_ tag: String, count: Int? = nil) throws -> [Double] {
        let bits = try block(tag, .float64, count: count, as: UInt64.self)
        return bits.withUnsafeBytes { Array($0.bindMemory(to: Double.self)) }
    }

    public func int32s(_ tag: String, count: Int? = nil) throws -> [Int32] {
        try block(tag, .int32, count: count, as: Int32.self)
    }

    /// Int64 values as `Int` (64-bit platforms only, as the whole package).
    public func ints(_ tag: String, count: Int? = nil) throws -> [Int] {
        try block(tag, .int64, count: count, as: Int64.self).map { Int($0) }
    }

    public func int(_ tag: String) throws -> Int { try ints(tag, count: 1)[0] }

    public func double(_ tag: String) throws -> Double { try doubles(tag, count: 1)[0] }

    public func bytes(_ tag: String, count: Int? = nil) throws -> [UInt8] {
        try block(tag, .uint8, count: count, as: UInt8.self)
    }

    /// Bytes that must each be 0 or 1.
    public func bools(_ tag: String, count: Int? = nil) throws -> [Bool] {
        let b = try bytes(tag, count: count)
        if let bad = b.firstIndex(where: { $0 > 1 }) { throw fail(tag, "value \(b[bad]) at index \(bad) is not a boolean (0 or 1)") }
        return b.map { $0 == 1 }
    }

    public func strings(_ tag: String, count: Int? = nil) throws -> [String] {
        let s = try section(tag, .string, count: count)
        var out: [String] = []
        out.reserveCapacity(s.count)
        var at = s.range.lowerBound
        for k in 0..<s.count {
            guard at + 4 <= s.range.upperBound else { throw fail(tag, "string \(k) runs past the section") }
            let n = Int(ByteIO.read(bytes, at: at) as UInt32)
            at += 4
            guard n <= s.range.upperBound - at else { throw fail(tag, "string \(k) runs past the section") }
            guard let str = String(validating: bytes[at..<(at + n)], as: UTF8.self) else {
                throw fail(tag, "string \(k) is not UTF-8")
            }
            out.append(str)
            at += n
        }
        guard at == s.range.upperBound else { throw fail(tag, "\(s.range.upperBound - at) stray bytes after the last string") }
        return out
    }

    public func json<T: Decodable>(_ tag: String, as type: T.Type) throws -> T {
        let s = try section(tag, .json, count: nil)
        do { return try JSONDecoder().decode(T.self, from: Data(bytes[s.range])) } catch {
            throw fail(tag, "not a valid \(T.self): \(error)")
        }
    }
}
