import Dispatch
import Foundation

/// A value moved across `DispatchQueue.concurrentPerform` workers although the
/// compiler cannot prove it safe: raw pointers into buffers that each worker
/// touches only in its own disjoint range. This is the one place the data
/// layer opts out of Sendable checking; every use documents the disjointness.
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

enum ParallelChunks {
    /// Worker count for CPU-bound parsing: the active processors, at most 8.
    static var workerCount: Int { max(1, min(8, ProcessInfo.processInfo.activeProcessorCount)) }

    /// Runs `body(k)` for k in 0..<count, in parallel when count > 1, and
    /// returns the results in order. `body` must only touch state owned by `k`.
    static func map<R>(_ count: Int, _ body: @Sendable (Int) -> R) -> [R] {
        if count == 1 { return [body(0)] }
        let out = UnsafeMutableBufferPointer<R?>.allocate(capacity: count)
        out.initialize(repeating: nil)
        defer { out.deinitialize(); out.deallocate() }
        let box = UncheckedSendable(out)  // each worker writes only slot k
        DispatchQueue.concurrentPerform(iterations: count) { k in box.value[k] = body(k) }
        return out.map { $0! }
    }
}

/// Byte scanning kernels used to split a file into chunks.
enum ByteScan {
    /// Number of `\n` bytes in `p[s..<e]`: eight bytes at a time with the
    /// SWAR zero-byte test (`(x & 0x7F…) + 0x7F…` leaves the high bit clear
    /// exactly in the zero bytes of `x = word ^ 0x0A0A…`). O(n), no allocation.
    static func countNewlines(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Int {
        let raw = UnsafeRawPointer(p)
        var i = s
        var total = 0
        let ones: UInt64 = 0x0A0A_0A0A_0A0A_0A0A
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        while i + 8 <= e {
            let x = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ ones
            let t = ((x & low7) &+ low7) | x
            total += (~t & 0x8080_8080_8080_8080).nonzeroBitCount
            i += 8
        }
        while i < e { if p[i] == 0x0A { total += 1 }; i += 1 }
        return total
    }

    /// Offset of the first `byte` in `p[s..<e]`, or nil.
    static func find(_ byte: UInt8, _ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Int? {
        guard s < e, let r = memchr(p + s, Int32(byte), e - s) else { return nil }
        return UnsafeRawPointer(r) - UnsafeRawPointer(p)
    }
}
