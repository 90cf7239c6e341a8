#if canImport(Glibc)
import Glibc
#endif

/// A working copy of a `FactorMatrix` whose storage starts on a 64-byte
/// boundary, for the SGD epochs.
///
/// Swift arrays of `Float` start 16 bytes past a 32-byte boundary (glibc's
/// 16-byte malloc alignment plus the array header), so in one every 8-lane
/// chunk of a factor row is misaligned and every other one straddles two cache
/// lines. With rows padded to a multiple of 8 floats (32 bytes; 104 floats for
/// 100 factors) on an aligned base, no chunk does. Copies of 1 MiB and more
/// are backed by transparent huge pages, so a process's first fit takes fewer
/// page faults. Both gains, copies in and out included: BENCHMARKS.md (Rating
/// models).
final class AlignedRows {
    let base: UnsafeMutablePointer<Float>
    let count: Int

    init(_ m: FactorMatrix) {
        count = m.storage.count
        base = Self.allocate(bytes: max(1, count) * 4).bindMemory(to: Float.self, capacity: max(1, count))
        m.storage.withUnsafeBufferPointer { s in
            if let src = s.baseAddress { base.initialize(from: src, count: count) }
        }
    }

    deinit { free(base) }

    /// 64-byte-aligned memory; from 1 MiB up, 2 MiB-aligned and advised for
    /// transparent huge pages before it is first touched.
    private static func allocate(bytes: Int) -> UnsafeMutableRawPointer {
        let huge = 2 << 20
        let big = bytes >= huge / 2
        let size = big ? (bytes + huge - 1) / huge * huge : bytes
        var p: UnsafeMutableRawPointer?
        guard posix_memalign(&p, big ? huge : 64, size) == 0, let p else { fatalError("AlignedRows: out of memory") }
        if big { HugePages.advise(UnsafeMutableRawBufferPointer(start: p, count: size)) }
        return p
    }

    /// Writes the working values back into `m` (same shape).
    func copy(into m: inout FactorMatrix) {
        precondition(m.storage.count == count, "AlignedRows: shape changed")
        m.storage.withUnsafeMutableBufferPointer { s in
            if let dst = s.baseAddress { dst.update(from: base, count: count) }
        }
    }
}

/// Transparent huge pages for large buffers (Linux, `madvise` mode): advised
/// before the first write, each 2 MiB-aligned 2 MiB of the buffer faults in
/// once instead of 512 times.
enum HugePages {
    static let size = 2 << 20

    /// Advises the whole 2 MiB-aligned pages inside `buffer`; nothing for
    /// smaller buffers or elsewhere than Linux. Only a hint: failures are ignored.
    static func advise(_ buffer: UnsafeMutableRawBufferPointer) {
        #if os(Linux)
        guard let base = buffer.baseAddress, buffer.count >= size else { return }
        let start = (Int(bitPattern: base) + size - 1) & ~(size - 1)
        let end = (Int(bitPattern: base) + buffer.count) & ~(size - 1)
        guard end > start, let p = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(p, end - start, MADV_HUGEPAGE)
        #endif
    }
}
