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

    @inline(__always)
    private static func rotl(_ x: UInt32, _ r: UInt32) -> UInt32 { (x << r) | (x >> (32 &- r)) }

    /// The RFC 1321 compression function over `blocks` 64-byte blocks, with
    /// the 64 steps written out (constants K[i] = ⌊|sin(i + 1)|·2³²⌋ and the
    /// shift amounts inlined), so the four state words stay in registers.
    private mutating func compress(_ p: UnsafeRawPointer, blocks: Int) {
        var (a0, b0, c0, d0) = state
        for blk in 0..<blocks {
            let q = p + blk * 64
            @inline(__always) func word(_ j: Int) -> UInt32 { UInt32(littleEndian: q.loadUnaligned(fromByteOffset: 4 * j, as: UInt32.self)) }
            let m0 = word(0), m1 = word(1), m2 = word(2), m3 = word(3), m4 = word(4), m5 = word(5), m6 = word(6), m7 = word(7)
            let m8 = word(8), m9 = word(9), m10 = word(10), m11 = word(11), m12 = word(12), m13 = word(13), m14 = word(14), m15 = word(15)
            var a = a0, b = b0, c = c0, d = d0
            do {
                a = b &+ Self.rotl(a &+ ((b & c) | (~b & d)) &+ m0 &+ 0xD76AA478, 7)
                d = a &+ Self.rotl(d &+ ((a & b) | (~a & c)) &+ m1 &+ 0xE8C7B756, 12)
                c = d &+ Self.rotl(c &+ ((d & a) | (~d & b)) &+ m2 &+ 0x242070DB, 17)
                b = c &+ Self.rotl(b &+ ((c & d) | (~c & a)) &+ m3 &+ 0xC1BDCEEE, 22)
                a = b &+ Self.rotl(a &+ ((b & c) | (~b & d)) &+ m4 &+ 0xF57C0FAF, 7)
                d = a &+ Self.rotl(d &+ ((a & b) | (~a & c)) &+ m5 &+ 0x4787C62A, 12)
                c = d &+ Self.rotl(c &+ ((d & a) | (~d & b)) &+ m6 &+ 0xA8304613, 17)
                b = c &+ Self.rotl(b &+ ((c & d) | (~c & a)) &+ m7 &+ 0xFD469501, 22)
                a = b &+ Self.rotl(a &+ ((b & c) | (~b & d)) &+ m8 &+ 0x698098D8, 7)
                d = a &+ Self.rotl(d &+ ((a & b) | (~a & c)) &+ m9 &+ 0x8B44F7AF, 12)
                c = d &+ Self.rotl(c &+ ((d & a) | (~d & b)) &+ m10 &+ 0xFFFF5BB1, 17)
                b = c &+ Self.rotl(b &+ ((c & d) | (~c & a)) &+ m11 &+ 0x895CD7BE, 22)
                a = b &+ Self.rotl(a &+ ((b & c) | (~b & d)) &+ m12 &+ 0x6B901122, 7)
                d = a &+ Self.rotl(d &+ ((a & b) | (~a & c)) &+ m13 &+ 0xFD987193, 12)
                c = d &+ Self.rotl(c &+ ((d & a) | (~d & b)) &+ m14 &+ 0xA679438E, 17)
                b = c &+ Self.rotl(b &+ ((c & d) | (~c & a)) &+ m15 &+ 0x49B40821, 22)
                a = b &+ Self.rotl(a &+ ((d & b) | (~d & c)) &+ m1 &+ 0xF61E2562, 5)
                d = a &+ Self.rotl(d &+ ((c & a) | (~c & b)) &+ m6 &+ 0xC040B340, 9)
                c = d &+ Self.rotl(c &+ ((b & d) | (~b & a)) &+ m11 &+ 0x265E5A51, 14)
                b = c &+ Self.rotl(b &+ ((a & c) | (~a & d)) &+ m0 &+ 0xE9B6C7AA, 20)
                a = b &+ Self.rotl(a &+ ((d & b) | (~d & c)) &+ m5 &+ 0xD62F105D, 5)
                d = a &+ Self.rotl(d &+ ((c & a) | (~c & b)) &+ m10 &+ 0x02441453, 9)
                c = d &+ Self.rotl(c &+ ((b & d) | (~b & a)) &+ m15 &+ 0xD8A1E681, 14)
                b = c &+ Self.rotl(b &+ ((a & c) | (~a & d)) &+ m4 &+ 0xE7D3FBC8, 20)
                a = b &+ Self.rotl(a &+ ((d & b) | (~d & c)) &+ m9 &+ 0x21E1CDE6, 5)
                d = a &+ Self.rotl(d &+ ((c & a) | (~c & b)) &+ m14 &+ 0xC33707D6, 9)
                c = d &+ Self.rotl(c &+ ((b & d) | (~b & a)) &+ m3 &+ 0xF4D50D87, 14)
                b = c &+ Self.rotl(b &+ ((a & c) | (~a & d)) &+ m8 &+ 0x455A14ED, 20)
                a = b &+ Self.rotl(a &+ ((d & b) | (~d & c)) &+ m13 &+ 0xA9E3E905, 5)
                d = a &+ Self.rotl(d &+ ((c & a) | (~c & b)) &+ m2 &+ 0xFCEFA3F8, 9)
                c = d &+ Self.rotl(c &+ ((b & d) | (~b & a)) &+ m7 &+ 0x676F02D9, 14)
                b = c &+ Self.rotl(b &+ ((a & c) | (~a & d)) &+ m12 &+ 0x8D2A4C8A, 20)
                a = b &+ Self.rotl(a &+ (b ^ c ^ d) &+ m5 &+ 0xFFFA3942, 4)
                d = a &+ Self.rotl(d &+ (a ^ b ^ c) &+ m8 &+ 0x8771F681, 11)
                c = d &+ Self.rotl(c &+ (d ^ a ^ b) &+ m11 &+ 0x6D9D6122, 16)
                b = c &+ Self.rotl(b &+ (c ^ d ^ a) &+ m14 &+ 0xFDE5380C, 23)
                a = b &+ Self.rotl(a &+ (b ^ c ^ d) &+ m1 &+ 0xA4BEEA44, 4)
                d = a &+ Self.rotl(d &+ (a ^ b ^ c) &+ m4 &+ 0x4BDECFA9, 11)
                c = d &+ Self.rotl(c &+ (d ^ a ^ b) &+ m7 &+ 0xF6BB4B60, 16)
                b = c &+ Self.rotl(b &+ (c ^ d ^ a) &+ m10 &+ 0xBEBFBC70, 23)
                a = b &+ Self.rotl(a &+ (b ^ c ^ d) &+ m13 &+ 0x289B7EC6, 4)
                d = a &+ Self.rotl(d &+ (a ^ b ^ c) &+ m0 &+ 0xEAA127FA, 11)
                c = d &+ Self.rotl(c &+ (d ^ a ^ b) &+ m3 &+ 0xD4EF3085, 16)
                b = c &+ Self.rotl(b &+ (c ^ d ^ a) &+ m6 &+ 0x04881D05, 23)
                a = b &+ Self.rotl(a &+ (b ^ c ^ d) &+ m9 &+ 0xD9D4D039, 4)
                d = a &+ Self.rotl(d &+ (a ^ b ^ c) &+ m12 &+ 0xE6DB99E5, 11)
                c = d &+ Self.rotl(c &+ (d ^ a ^ b) &+ m15 &+ 0x1FA27CF8, 16)
                b = c &+ Self.rotl(b &+ (c ^ d ^ a) &+ m2 &+ 0xC4AC5665, 23)
                a = b &+ Self.rotl(a &+ (c ^ (b | ~d)) &+ m0 &+ 0xF4292244, 6)
                d = a &+ Self.rotl(d &+ (b ^ (a | ~c)) &+ m7 &+ 0x432AFF97, 10)
                c = d &+ Self.rotl(c &+ (a ^ (d | ~b)) &+ m14 &+ 0xAB9423A7, 15)
                b = c &+ Self.rotl(b &+ (d ^ (c | ~a)) &+ m5 &+ 0xFC93A039, 21)
                a = b &+ Self.rotl(a &+ (c ^ (b | ~d)) &+ m12 &+ 0x655B59C3, 6)
                d = a &+ Self.rotl(d &+ (b ^ (a | ~c)) &+ m3 &+ 0x8F0CCC92, 10)
                c = d &+ Self.rotl(c &+ (a ^ (d | ~b)) &+ m10 &+ 0xFFEFF47D, 15)
                b = c &+ Self.rotl(b &+ (d ^ (c | ~a)) &+ m1 &+ 0x85845DD1, 21)
                a = b &+ Self.rotl(a &+ (c ^ (b | ~d)) &+ m8 &+ 0x6FA87E4F, 6)
                d = a &+ Self.rotl(d &+ (b ^ (a | ~c)) &+ m15 &+ 0xFE2CE6E0, 10)
                c = d &+ Self.rotl(c &+ (a ^ (d | ~b)) &+ m6 &+ 0xA3014314, 15)
                b = c &+ Self.rotl(b &+ (d ^ (c | ~a)) &+ m13 &+ 0x4E0811A1, 21)
                a = b &+ Self.rotl(a &+ (c ^ (b | ~d)) &+ m4 &+ 0xF7537E82, 6)
                d = a &+ Self.rotl(d &+ (b ^ (a | ~c)) &+ m11 &+ 0xBD3AF235, 10)
                c = d &+ Self.rotl(c &+ (a ^ (d | ~b)) &+ m2 &+ 0x2AD7D2BB, 15)
                b = c &+ Self.rotl(b &+ (d ^ (c | ~a)) &+ m9 &+ 0xEB86D391, 21)
            }
            a0 = a0 &+ a; b0 = b0 &+ b; c0 = c0 &+ c; d0 = d0 &+ d
        }
        state = (a0, b0, c0, d0)
    }
}
