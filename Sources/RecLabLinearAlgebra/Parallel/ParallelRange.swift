import Foundation

/// Splits `0..<count` into contiguous chunks and runs `body` on them
/// concurrently over the machine's cores (`DispatchQueue.concurrentPerform`).
///
/// Chunks are disjoint and cover the range; `body` must only write state owned
/// by its chunk. With `count` below `minimumPerChunk` everything runs inline.
package enum ParallelRange {
    package static var coreCount: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    package static func forEachChunk(_ count: Int, chunks requested: Int? = nil, minimumPerChunk: Int = 64,
                                     _ body: @Sendable (Range<Int>) -> Void) {
        guard count > 0 else { return }
        let want = requested ?? coreCount * 4
        let n = max(1, min(want, count / max(1, minimumPerChunk)))
        if n == 1 { body(0..<count); return }
        DispatchQueue.concurrentPerform(iterations: n) { c in
            let lo = count * c / n, hi = count * (c + 1) / n
            if lo < hi { body(lo..<hi) }
        }
    }
}
