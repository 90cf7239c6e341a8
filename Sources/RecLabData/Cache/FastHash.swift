import RecLabCore

/// A fast non-cryptographic 64-bit checksum for cache keys and payloads.
///
/// Four independent lanes each absorb one 8-byte little-endian word per
/// 32-byte block with `acc = rotl(acc + w·P2, 31)·P1` (the round of
/// xxHash64; this is not bit-compatible with xxHash64), then the lanes, the
/// tail bytes and the length are folded and finished with the SplitMix64
/// avalanche. Detects accidental corruption (flipped, truncated, shifted
/// bytes) with probability 1 − 2⁻⁶⁴-ish; not meant against adversaries.
/// Throughput is memory-bound (several GB/s). Streaming: `update` may be
/// called with pieces of any size; the result depends only on the bytes.
package struct FastHash {
    private static let p1: UInt64 = 0x9E37_79B1_85EB_CA87
    private static let p2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private var a: UInt64 = 0x243F_6A88_85A3_08D3
    private var b: UInt64 = 0x1319_8A2E_0370_7344
    private var c: UInt64 = 0xA409_3822_299F_31D0
    private var d: UInt64 = 0x082E_FA98_EC4E_6C89
    private var length: UInt64 = 0
    private var pending: [UInt8] = []

    package init() { pending.reserveCapacity(32) }

    @inline(__always)
    private static func round(_ acc: UInt64, _ w: UInt64) -> UInt64 {
        let x = acc &+ w &* p2
        return ((x << 31) | (x >> 33)) &* p1
    }

    package mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard var p = bytes.baseAddress, bytes.count > 0 else { return }
        var n = bytes.count
        length &+= UInt64(n)
        if !pending.isEmpty {
            let take = min(32 - pending.count, n)
            pending.append(contentsOf: UnsafeRawBufferPointer(start: p, count: take))
            p += take
            n -= take
            if pending.count < 32 { return }
            pending.withUnsafeBytes { block($0.baseAddress!) }
            pending.removeAll(keepingCapacity: true)
        }
        var la = a, lb = b, lc = c, ld = d
        while n >= 32 {
            la = Self.round(la, p.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
            lb = Self.round(lb, p.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            lc = Self.round(lc, p.loadUnaligned(fromByteOffset: 16, as: UInt64.self))
            ld = Self.round(ld, p.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
            p += 32
            n -= 32
        }
        a = la; b = lb; c = lc; d = ld
        if n > 0 { pending.append(contentsOf: UnsafeRawBufferPointer(start: p, count: n)) }
    }

    private mutating func block(_ p: UnsafeRawPointer) {
        a = Self.round(a, p.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
        b = Self.round(b, p.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        c = Self.round(c, p.loadUnaligned(fromByteOffset: 16, as: UInt64.self))
        d = Self.round(d, p.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
    }

    mutating func update<T>(_ array: [T]) { array.withUnsafeBytes { update($0) } }

    package func finalize() -> UInt64 {
        var h = ((a << 1) | (a >> 63)) &+ ((b << 7) | (b >> 57)) &+ ((c << 12) | (c >> 52)) &+ ((d << 18) | (d >> 46))
        h ^= length &* Self.p1
        for byte in pending { h = SplitMix64.mix(h ^ UInt64(byte)) }
        return SplitMix64.mix(h ^ length)
    }

    package static func of(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h = FastHash()
        h.update(bytes)
        return h.finalize()
    }
}
