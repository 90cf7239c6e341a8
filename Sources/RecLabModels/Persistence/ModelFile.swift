import Foundation
import RecLabCore

/// RecLab's versioned binary model file: a fixed prefix, a JSON provenance
/// header, a payload of typed sections, and a SHA-256 trailer.
///
/// Layout (integers little-endian):
///
///     offset      size  field
///     0           8     magic 89 52 4C 4D 0D 0A 1A 0A ("\x89RLM\r\n\x1a\n": the PNG trick,
///                       so a file mangled by a text-mode copy is caught at once)
///     8           4     format version (UInt32; this reader knows 1)
///     12          4     header length H (UInt32)
///     16          8     payload length P (UInt64)
///     24          H     header: UTF-8 JSON of `ModelFileHeader`
///     24 + H      P     payload: sections (`ModelPayloadWriter` describes them)
///     24 + H + P  32    SHA-256 of bytes 0 ..< 24 + H + P
///
/// Reading refuses the file at the first failed check, in this order: at
/// least 56 bytes; the magic (else "not a RecLab model file"); a known
/// version; a total size of exactly 56 + H + P (a truncated or appended
/// file); the SHA-256 (any flipped bit); the header JSON; the section table;
/// then each decoder checks every section's type and length against the
/// shapes it implies. So a damaged file gives a `ModelFileError`, never a
/// model that predicts garbage.
///
/// Cost: writing and reading are O(file size); reading is one file read, one
/// SHA-256 pass and one copy per array.
public enum ModelFile {
    public static let magic: [UInt8] = [0x89, 0x52, 0x4C, 0x4D, 0x0D, 0x0A, 0x1A, 0x0A]
    public static let formatVersion: UInt32 = 1
    /// The file name extension `reclab run` uses (`models/svd.rlmodel`).
    public static let fileExtension = "rlmodel"
    /// The folder of an experiment's output folder that holds its saved models (`reports/<experiment>/models`).
    public static let directoryName = "models"
    static let prefixSize = 24
    static let digestSize = 32

    /// The complete file bytes for `header` (its `payloadType` must be set) and `payload`.
    public static func encode(header: ModelFileHeader, payload: ModelPayloadWriter) throws -> [UInt8] {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        let json: [UInt8]
        do { json = Array(try enc.encode(header)) } catch {
            throw ModelFileError(path: "", part: "header", "cannot encode: \(error)")
        }
        var out: [UInt8] = []
        out.reserveCapacity(prefixSize + json.count + payload.bytes.count + digestSize)
        out += magic
        ByteIO.append(formatVersion, to: &out)
        ByteIO.append(UInt32(json.count), to: &out)
        ByteIO.append(UInt64(payload.bytes.count), to: &out)
        out += json
        out += payload.bytes
        out += SHA256.hash(out)
        return out
    }

    /// Writes the file atomically (temporary file + rename), creating folders.
    public static func write(header: ModelFileHeader, payload: ModelPayloadWriter, to url: URL) throws {
        let bytes = try encode(header: header, payload: payload)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url, options: .atomic)
        } catch {
            throw ModelFileError(path: url.path, "cannot write: \(error.localizedDescription)")
        }
    }

    /// Reads and verifies a file; see the type's documentation for the checks.
    public static func read(_ url: URL) throws -> (header: ModelFileHeader, payload: ModelPayloadReader) {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ModelFileError(path: url.path, "cannot read: \(error.localizedDescription)")
        }
        return try decode([UInt8](data), path: url.path)
    }

    /// Verifies `bytes` (the whole file) and splits it into header and payload.
    public static func decode(_ bytes: [UInt8], path: String) throws -> (header: ModelFileHeader, payload: ModelPayloadReader) {
        func fail(_ part: String, _ message: String) -> ModelFileError { ModelFileError(path: path, part: part, message) }
        guard bytes.count >= magic.count, Array(bytes[0..<magic.count]) == magic else {
            let start = bytes.prefix(8).map { String(format: "%02x", $0) }.joined(separator: " ")
            throw fail("magic", "not a RecLab model file (expected it to start with 89 52 4c 4d 0d 0a 1a 0a, found \(start.isEmpty ? "an empty file" : start))")
        }
        guard bytes.count >= prefixSize + digestSize else {
            throw fail("length", "truncated: \(bytes.count) bytes, shorter than the \(prefixSize + digestSize)-byte frame of any model file")
        }
        let version: UInt32 = ByteIO.read(bytes, at: 8)
        guard version >= 1, version <= formatVersion else {
            throw fail("version", "format version \(version) is \(version > formatVersion ? "newer than" : "unknown to") this RecLab (reads version \(formatVersion)); "
                       + "re-run the experiment with this RecLab to save the models again")
        }
        let headerLength = Int(ByteIO.read(bytes, at: 12) as UInt32)
        let payloadLength64: UInt64 = ByteIO.read(bytes, at: 16)
        let (expected, overflow) = UInt64(prefixSize + digestSize + headerLength).addingReportingOverflow(payloadLength64)
        guard !overflow, expected == UInt64(bytes.count) else {
            if overflow { throw fail("length", "payload length \(payloadLength64) is impossible (the file has \(bytes.count) bytes)") }
            throw fail("length", expected > UInt64(bytes.count)
                       ? "truncated: the file has \(bytes.count) bytes, its frame says \(expected)"
                       : "\(UInt64(bytes.count) - expected) unexpected bytes after the end of the model (\(expected) bytes)")
        }
        let payloadLength = Int(payloadLength64)
        let body = bytes.count - digestSize
        let digest = bytes.withUnsafeBytes { SHA256.hash(UnsafeRawBufferPointer(rebasing: $0[0..<body])) }
        guard digest.elementsEqual(bytes[body...]) else {
            throw fail("checksum", "SHA-256 mismatch: the file is corrupted (stored \(SHA256.hexString(Array(bytes[body...])).prefix(16))…, "
                       + "computed \(SHA256.hexString(digest).prefix(16))…)")
        }
        let header: ModelFileHeader
        do {
            header = try JSONDecoder().decode(ModelFileHeader.self, from: Data(bytes[prefixSize..<(prefixSize + headerLength)]))
        } catch {
            throw fail("header", "not a valid model header: \(error)")
        }
        let start = prefixSize + headerLength
        let payload = try ModelPayloadReader(bytes: bytes, range: start..<(start + payloadLength), path: path)
        return (header, payload)
    }
}

extension SHA256 {
    /// The digest of the bytes in `buffer`.
    static func hash(_ buffer: UnsafeRawBufferPointer) -> [UInt8] {
        var s = SHA256()
        s.update(buffer)
        return s.finalize()
    }
}

/// Little-endian scalars in byte arrays.
enum ByteIO {
    static func append<T: FixedWidthInteger>(_ v: T, to out: inout [UInt8]) {
        withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) }
    }

    /// The scalar at `offset` (the caller has checked the bounds).
    static func read<T: FixedWidthInteger>(_ bytes: [UInt8], at offset: Int) -> T {
        bytes.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: T.self)) }
    }
}
