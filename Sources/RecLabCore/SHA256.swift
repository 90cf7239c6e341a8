internal import Crypto
import Foundation

/// SHA-256 (FIPS 180-4): the content hash of RecLab's trial keys, experiment
/// files and data fingerprints.
///
/// A thin wrapper over swift-crypto's `SHA256` (BoringSSL on Linux, CryptoKit
/// on Apple platforms) that keeps RecLab's spelling: byte sequences in, byte
/// arrays or lowercase hex out. Streaming: `update` any number of times, then
/// `finalize()`. O(n) time, O(1) memory. Bit-exact with `sha256sum` and the
/// FIPS 180-4 / NIST CAVP test vectors (see `SHA256Tests`).
public struct SHA256: Sendable {
    private var hasher = Crypto.SHA256()

    public init() {}

    /// The digest of `bytes` in one call.
    public static func hash<S: Sequence>(_ bytes: S) -> [UInt8] where S.Element == UInt8 {
        var s = SHA256()
        s.update(bytes)
        return s.finalize()
    }

    /// The lower-case hexadecimal digest of the UTF-8 bytes of `text`.
    public static func hex(_ text: String) -> String { hexString(hash(Array(text.utf8))) }

    /// The lower-case hexadecimal digest of `bytes`.
    public static func hex(bytes: [UInt8]) -> String { hexString(hash(bytes)) }

    /// `digest` as lower-case hexadecimal, two digits a byte (the spelling of
    /// `sha256sum` and `md5sum`; `MD5` uses it too).
    public static func hexString(_ digest: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var s: [UInt8] = []
        s.reserveCapacity(digest.count * 2)
        for b in digest {
            s.append(digits[Int(b >> 4)])
            s.append(digits[Int(b & 0x0f)])
        }
        return String(decoding: s, as: UTF8.self)
    }

    public mutating func update<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
        let handled: Void? = bytes.withContiguousStorageIfAvailable { update(UnsafeRawBufferPointer($0)) }
        if handled == nil {
            let copy = Array(bytes)
            copy.withUnsafeBytes { update($0) }
        }
    }

    /// Adds `bytes` to the message.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        hasher.update(bufferPointer: bytes)
    }

    /// The 32-byte digest of everything added so far (the value itself is not changed).
    public func finalize() -> [UInt8] { Array(hasher.finalize()) }

    /// SHA-256 hex digest of the file at `path`, read in 4 MiB blocks; nil when it cannot be read.
    public static func hex(fileAtPath path: String) -> String? {
        guard let h = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? h.close() }
        var s = SHA256()
        while true {
            let chunk: Data?
            do { chunk = try h.read(upToCount: 1 << 22) } catch { return nil }
            guard let chunk, !chunk.isEmpty else { break }  // nil or empty: end of file
            chunk.withUnsafeBytes { s.update($0) }
        }
        return hexString(s.finalize())
    }
}
