import Foundation
import RecLabLinearAlgebra

/// The similarity measures of Surprise's k-NN models.
public enum NeighborSimilarityMeasure: String, Sendable, CaseIterable {
    case cosine, msd, pearson, pearson_baseline
}

/// A symmetric similarity matrix over one side (users or movies), stored as a
/// packed strict upper triangle in Float: n(n−1)/2 entries, half a dense
/// matrix; the diagonal is 1 (as Surprise sets it).
///
/// Built from co-ratings only (Surprise's `similarities.pyx`), for x < x':
/// over the y both rated (ratings r, r'), with n = #common y:
/// - cosine: Σrr' / √(Σr²·Σr'²)
/// - msd: 1 / (Σ(r − r')²/n + 1)
/// - pearson: (nΣrr' − ΣrΣr') / √((nΣr² − (Σr)²)(nΣr'² − (Σr')²)), 0 when the denominator is 0
/// - pearson_baseline: with d = r − (μ + b_y + b_x): Σdd' / √(Σd²·Σd'²) · (n − 1)/(n − 1 + shrinkage),
///   min_support raised to at least 2 (as Surprise)
/// and 0 when n < min_support (or a denominator is 0, where Surprise would divide by zero).
///
/// Work O(Σ_y |R(y)|²/2) with Double accumulators reused per row (no n × n
/// accumulator matrices as Surprise builds); rows are computed in parallel,
/// each row independently in a fixed order, so the result is deterministic.
/// Memory 2·n² bytes for the matrix; `build` refuses (with the figure) beyond `memoryLimitBytes`.
public struct SimilarityMatrix: Sendable {
    public let n: Int
    let packed: [Float]

    @inline(__always)
    public func value(_ a: Int, _ b: Int) -> Float {
        if a == b { return 1 }
        let (i, j) = a < b ? (a, b) : (b, a)
        return packed[i &* (2 &* n &- i &- 1) / 2 &+ (j &- i &- 1)]
    }

    /// Bytes the packed matrix takes for `n` rows.
    public static func bytes(n: Int) -> Int { max(0, n * (n - 1) / 2) * MemoryLayout<Float>.size }

    /// Default memory ceiling: 8 GiB (a third of the 24 GiB development machine).
    public static let defaultMemoryLimit = 8 << 30

    /// - Parameters:
    ///   - xOffsets/xOthers/xValues: CSR of the x side (x → (y, r)).
    ///   - yOffsets/yOthers/yValues: CSR of the y side (y → (x, r)) with each list sorted by x.
    ///   - biases: (μ, b_x, b_y) for pearson_baseline.
    static func build(measure: NeighborSimilarityMeasure, n: Int, minSupport: Int, shrinkage: Double,
                      x: (offsets: [Int], others: [Int32], values: [Float]),
                      y: (offsets: [Int], others: [Int32], values: [Float]),
                      biases: (mu: Double, bx: [Double], by: [Double])?,
                      memoryLimitBytes: Int = defaultMemoryLimit) throws -> SimilarityMatrix {
        let bytes = Self.bytes(n: n)
        guard bytes <= memoryLimitBytes else {
            throw RatingModelError(String(format: "a %@ similarity matrix over %d rows needs %.1f GB (limit %.1f GB); use the other side (user_based: false for item-based) or fewer rows",
                                          measure.rawValue, n, Double(bytes) / 1e9, Double(memoryLimitBytes) / 1e9),
                                   key: "user_based")
        }
        var packed = [Float](repeating: 0, count: max(0, n * (n - 1) / 2))
        let minSup = measure == .pearson_baseline ? max(2, minSupport) : minSupport
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        let chunk = 16
        let chunks = (n + chunk - 1) / chunk
        packed.withUnsafeMutableBufferPointer { buf in
            let out = UnsafeSendablePointer(buf.baseAddress ?? UnsafeMutablePointer<Float>(bitPattern: 16)!)
            let next = AtomicCounter()
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                var acc = RowAccumulator(n: n)
                while true {
                    let c = next.increment()
                    if c >= chunks { break }
                    for a in (c * chunk)..<min(n, (c + 1) * chunk) {
                        acc.row(a, measure: measure, minSupport: minSup, shrinkage: shrinkage, x: x, y: y,
                                biases: biases, out: out.base + a * (2 * n - a - 1) / 2, n: n)
                    }
                }
            }
        }
        return SimilarityMatrix(n: n, packed: packed)
    }
}

/// Per-thread accumulators of one similarity row, reset sparsely.
struct RowAccumulator {
    var freq: [Int32]
    var prods, sqi, sqj, si, sj: [Double]
    var touched: [Int32] = []

    init(n: Int) {
        freq = [Int32](repeating: 0, count: n)
        prods = [Double](repeating: 0, count: n)
        sqi = prods; sqj = prods; si = prods; sj = prods
    }

    /// Row a: entries (a, b) for b > a written to `out[b − a − 1]`.
    mutating func row(_ a: Int, measure: NeighborSimilarityMeasure, minSupport: Int, shrinkage: Double,
                      x: (offsets: [Int], others: [Int32], values: [Float]),
                      y: (offsets: [Int], others: [Int32], values: [Float]),
                      biases: (mu: Double, bx: [Double], by: [Double])?,
                      out: UnsafeMutablePointer<Float>, n: Int) {
        touched.removeAll(keepingCapacity: true)
        let bxA = biases?.bx[a] ?? 0
        for k in x.offsets[a]..<x.offsets[a + 1] {
            let yy = Int(x.others[k])
            var ri = Double(x.values[k])
            let partial = biases.map { $0.mu + $0.by[yy] } ?? 0
            if measure == .pearson_baseline { ri -= partial + bxA }
            // Entries of y's list with x > a: the list is sorted by x, so binary-search a.
            var lo = y.offsets[yy], hi = y.offsets[yy + 1]
            while lo < hi {
                let mid = (lo + hi) / 2
                if Int(y.others[mid]) <= a { lo = mid + 1 } else { hi = mid }
            }
            for m in lo..<y.offsets[yy + 1] {
                let b = Int(y.others[m])
                var rj = Double(y.values[m])
                if measure == .pearson_baseline { rj -= partial + (biases?.bx[b] ?? 0) }
                if freq[b] == 0 { touched.append(Int32(b)) }
                freq[b] += 1
                switch measure {
                case .cosine:
                    prods[b] += ri * rj; sqi[b] += ri * ri; sqj[b] += rj * rj
                case .msd:
                    sqi[b] += (ri - rj) * (ri - rj)
                case .pearson:
                    prods[b] += ri * rj; sqi[b] += ri * ri; sqj[b] += rj * rj; si[b] += ri; sj[b] += rj
                case .pearson_baseline:
                    prods[b] += ri * rj; sqi[b] += ri * ri; sqj[b] += rj * rj
                }
            }
        }
        for t in touched {
            let b = Int(t)
            let f = Int(freq[b])
            var s = 0.0
            if f >= minSupport {
                switch measure {
                case .cosine:
                    let d = (sqi[b] * sqj[b]).squareRoot()
                    s = d > 0 ? prods[b] / d : 0
                case .msd:
                    s = 1 / (sqi[b] / Double(f) + 1)
                case .pearson:
                    let nf = Double(f)
                    let d = ((nf * sqi[b] - si[b] * si[b]) * (nf * sqj[b] - sj[b] * sj[b])).squareRoot()
                    s = d == 0 || !d.isFinite ? 0 : (nf * prods[b] - si[b] * sj[b]) / d
                case .pearson_baseline:
                    let d = (sqi[b] * sqj[b]).squareRoot()
                    s = d > 0 ? prods[b] / d * (Double(f) - 1) / (Double(f) - 1 + shrinkage) : 0
                }
            }
            out[b - a - 1] = Float(s)
            freq[b] = 0; prods[b] = 0; sqi[b] = 0; sqj[b] = 0; si[b] = 0; sj[b] = 0
        }
    }
}

/// A shared work counter for dynamic scheduling of rows.
final class AtomicCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func increment() -> Int {
        lock.lock(); defer { lock.unlock() }
        let v = value; value += 1; return v
    }
}
