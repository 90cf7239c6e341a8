#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// MD5 (RFC 1321), streaming, in pure Swift: for checking downloaded
/// MovieLens releases against GroupLens' published checksums and for data
/// fingerprints in provenance records. Not for security.
///
/// Per 64-byte block: 64 steps `a = b + rotl(a + F(b,c,d) + M[g] + K[i], s[i])`
/// with K[i] = ⌊|sin(i + 1)|·2³²⌋; the message is padded with 0x80, zeros and
/// its bit length (little-endian). O(n), 64 bytes of buffered state.
/// Exact (bitwise) by construction; tested against the RFC 1321 test suite
/// and `md5sum`.
public struct MD5: Sendable {
    private var state: (UInt32, UInt32, UInt32, UInt32) = (0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476)
    private var pending: [UInt8] = []
    private var byteCount: UInt64 = 0

    private static let k: [UInt32] = (0..<64).map { UInt32(truncatingIfNeeded: Int64((abs(sin(Double($0 + 1))) * 4_294_967_296.0).rounded(.down))) }
    private static let shifts: [UInt32] = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21]

    public init() { pending.reserveCapacity(64) }

    /// Adds `bytes` to the message.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard var p = bytes.baseAddress, bytes.count > 0 else { return }
        var n = bytes.count
        byteCount &+= UInt64(n)
        if !pending.isEmpty {
            let take = min(64 - pending.count, n)
            pending.append(contentsOf: UnsafeRawBufferPointer(start: p, count: take))
            p += take
            n -= take
            guard pending.count == 64 else { return }
            let block = pending
            block.withUnsafeBytes { compress($0.baseAddress!, blocks: 1) }
            pending.removeAll(keepingCapacity: true)
        }
        let whole = n / 64
        if whole > 0 { compress(p, blocks: whole) }
        p += whole * 64
        n -= whole * 64
        if n > 0 { pending.append(contentsOf: UnsafeRawBufferPointer(start: p, count: n)) }
    }

    public mutating func update(_ bytes: [UInt8]) { bytes.withUnsafeBytes { update($0) } }

    /// The 16-byte digest of everything added so far (the value itself is not changed).
    public func finalize() -> [UInt8] {
        var copy = self
        let bitLength = byteCount &* 8
        var tail: [UInt8] = [0x80]
        let used = Int(byteCount % 64)
        let zeros = (used < 56 ? 55 - used : 119 - used)
        tail += [UInt8](repeating: 0, count: zeros)
        withUnsafeBytes(of: bitLength.littleEndian) { tail += $0 }
        let saved = copy.byteCount
        copy.update(tail)
        copy.byteCount = saved
        var out: [UInt8] = []
        for w in [copy.state.0, copy.state.1, copy.state.2, copy.state.3] {
            withUnsafeBytes(of: w.littleEndian) { out += $0 }
        }
        return out
    }

    /// The digest as 32 lowercase hex digits (the `md5sum` spelling).
    public func hexDigest() -> String {
        let digits = Array("0123456789abcdef".utf8)
        var s: [UInt8] = []
        for b in finalize() { s.append(digits[Int(b >> 4)]); s.append(digits[Int(b & 15)]) }
        return String(decoding: s, as: UTF8.self)
    }

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

    private mutating func compress(_ p: UnsafeRawPointer, blocks: Int) {
        var (a0, b0, c0, d0) = state
        Self.k.withUnsafeBufferPointer { k in
            Self.shifts.withUnsafeBufferPointer { s in
                var m = (UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0),
                         UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0))
                for blk in 0..<blocks {
                    let base = p + blk * 64
                    withUnsafeMutableBytes(of: &m) { w in
                        w.copyMemory(from: UnsafeRawBufferPointer(start: base, count: 64))
                    }
                    withUnsafeBytes(of: &m) { raw in
                        let w = raw.bindMemory(to: UInt32.self)
                        var a = a0, b = b0, c = c0, d = d0
                        for i in 0..<64 {
                            var f: UInt32
                            let g: Int
                            switch i >> 4 {
                            case 0: f = (b & c) | (~b & d); g = i
                            case 1: f = (d & b) | (~d & c); g = (5 &* i &+ 1) & 15
                            case 2: f = b ^ c ^ d; g = (3 &* i &+ 5) & 15
                            default: f = c ^ (b | ~d); g = (7 &* i) & 15
                            }
                            f = f &+ a &+ k[i] &+ UInt32(littleEndian: w[g])
                            a = d; d = c; c = b
                            let r = s[(i >> 4) << 2 | (i & 3)]
                            b = b &+ ((f << r) | (f >> (32 - r)))
                        }
                        a0 = a0 &+ a; b0 = b0 &+ b; c0 = c0 &+ c; d0 = d0 &+ d
                    }
                }
            }
        }
        state = (a0, b0, c0, d0)
    }
}
