#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
internal import Crypto

/// MD5 (RFC 1321), streaming: for checking downloaded MovieLens releases
/// against GroupLens' published checksums and for data fingerprints in
/// provenance records. Not for security.
///
/// A thin wrapper over swift-crypto's `Insecure.MD5` (BoringSSL on Linux,
/// CryptoKit on Apple platforms) that keeps RecLab's spelling: byte arrays in,
/// lowercase hex out, files read in 1 MiB blocks. O(n) time, O(1) memory.
/// Exact (bitwise); tested against the RFC 1321 test suite, `md5sum` and the
/// published checksums of the real MovieLens files.
public struct MD5: Sendable {
    private var hasher = Insecure.MD5()

    public init() {}

    /// Adds `bytes` to the message.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        hasher.update(bufferPointer: bytes)
    }

    public mutating func update(_ bytes: [UInt8]) { bytes.withUnsafeBytes { update($0) } }

    /// The 16-byte digest of everything added so far (the value itself is not changed).
    public func finalize() -> [UInt8] { Array(hasher.finalize()) }

    /// The digest as 32 lowercase hex digits (the `md5sum` spelling).
    public func hexDigest() -> String { SHA256.hexString(finalize()) }

    /// MD5 hex digest of `bytes`.
    public static func hex(_ bytes: [UInt8]) -> String {
        var h = MD5()
        h.update(bytes)
        return h.hexDigest()
    }

    /// MD5 hex digest of the file at `path`, read in 1 MiB blocks; nil when it cannot be read.
    public static func hex(fileAtPath path: String) -> String? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        let size = 1 << 20
        let buf = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64)
        defer { buf.deallocate() }
        var h = MD5()
        while true {
            let n = read(fd, buf, size)
            if n < 0 { return nil }
            if n == 0 { break }
            h.update(UnsafeRawBufferPointer(start: buf, count: n))
        }
        return h.hexDigest()
    }
}
