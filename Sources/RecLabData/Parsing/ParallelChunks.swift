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
    /// Number of `\n` bytes in `p[s..<e]`: 16 bytes per step compared with
    /// SIMD (`pcmpeqb` + byte adds into lane counters, folded every 255
    /// steps before a lane can overflow). O(n), no allocation; several times
    /// the throughput of an 8-byte SWAR loop (BENCHMARKS.md, Data).
    static func countNewlines(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Int {
        let raw = UnsafeRawPointer(p)
        var i = s
        var total = 0
        let newline = SIMD16<UInt8>(repeating: 0x0A)
        let one = SIMD16<UInt8>(repeating: 1)
        let zero = SIMD16<UInt8>(repeating: 0)
        while i + 16 <= e {
            var lanes = zero
            var k = 0
            while k < 255 && i + 16 <= e {
                let v = raw.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self)
                lanes &+= zero.replacing(with: one, where: v .== newline)
                i += 16
                k += 1
            }
            for l in 0..<16 { total += Int(lanes[l]) }
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
