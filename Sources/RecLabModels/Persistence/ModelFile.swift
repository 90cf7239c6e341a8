import Foundation
import RecLabData

/// RecLab's versioned binary model file: a fixed prefix, a JSON provenance
/// header, a payload of typed sections, and a 64-bit checksum trailer.
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
///     24 + H + P  8     checksum: `FastHash` (64-bit, RecLabData's binary-cache hash) of bytes 0 ..< 24 + H + P
///
/// Reading refuses the file at the first failed check, in this order: at
/// least 32 bytes; the magic (else "not a RecLab model file"); a known
/// version; a total size of exactly 32 + H + P (a truncated or appended
/// file); the checksum (any flipped bit); the header JSON; the section table;
/// then each decoder checks every section's type and length against the
/// shapes it implies. So a damaged file gives a `ModelFileError`, never a
/// model that predicts garbage.
///
/// The checksum guards against accidental damage (flipped, lost or appended
/// bytes: a miss has probability about 2⁻⁶⁴), not against a forger; it runs
/// at memory speed, where RecLabCore's SHA-256 would take most of the
/// one-second load budget of an ML-20M-sized model (~130 MB; BENCHMARKS.md,
/// Server).
///
/// Cost: writing and reading are O(file size); reading is one file read, one
/// checksum pass and one copy per array.
public enum ModelFile {
    public static let magic: [UInt8] = [0x89, 0x52, 0x4C, 0x4D, 0x0D, 0x0A, 0x1A, 0x0A]
    public static let formatVersion: UInt32 = 1
    /// The file name extension `reclab run` uses (`models/svd.rlmodel`).
    public static let fileExtension = "rlmodel"
    /// The folder of an experiment's output folder that holds its saved models (`reports/<experiment>/models`).
    public static let directoryName = "models"
    static let prefixSize = 24
    static let digestSize = 8

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
        ByteIO.append(checksum(out[...]), to: &out)
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
        return try decode(try readBytes(url), path: url.path)
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
        let stored: UInt64 = ByteIO.read(bytes, at: body)
        let computed = checksum(bytes[..<body])
        guard stored == computed else {
            throw fail("checksum", "checksum mismatch: the file is corrupted (stored \(hex(stored)), computed \(hex(computed)))")
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

extension ModelFile {
    /// The trailer's checksum of `bytes`.
    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        bytes.withUnsafeBytes { FastHash.of($0) }
    }

    static func hex(_ v: UInt64) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }

    /// The whole file in one read into a fresh array (no intermediate `Data` copy).
    static func readBytes(_ url: URL) throws -> [UInt8] {
        let handle: FileHandle
        do { handle = try FileHandle(forReadingFrom: url) } catch {
            throw ModelFileError(path: url.path, "cannot read: \(error.localizedDescription)")
        }
        defer { try? handle.close() }
        let size: Int
        do { size = Int(try handle.seekToEnd()); try handle.seek(toOffset: 0) } catch {
            throw ModelFileError(path: url.path, "cannot read: \(error.localizedDescription)")
        }
        let fd = handle.fileDescriptor
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buf, n in
            var done = 0
            while done < size {
                let r = readFile(fd, buf.baseAddress! + done, size - done)
                if r <= 0 { failed = r < 0; break }
                done += r
            }
            n = done
        }
        if failed { throw ModelFileError(path: url.path, "cannot read: \(String(cString: strerror(errno)))") }
        return bytes
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

/// POSIX `read` (at file scope, where the name is not shadowed by `ModelFile.read`).
private func readFile(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, buffer, count)
}
