import RecLabCore
import _AVX2Kernels
import Foundation

/// A row-major matrix of latent factors padded to a multiple of 8 columns, so
/// that kernels run over whole `SIMD8<Float>` chunks with no tail. The padding
/// columns are zero at initialisation and every update keeps them zero
/// (`x += lr·(err·0 − reg·0)`), so they never change a dot product.
public struct FactorMatrix: Sendable, Equatable {
    public let rows: Int
    /// Logical number of factors.
    public let factors: Int
    /// Floats per row (factors rounded up to a multiple of 8).
    public let stride: Int
    public var storage: [Float]

    public init(rows: Int, factors: Int) {
        self.rows = rows
        self.factors = factors
        self.stride = max(8, (factors + 7) / 8 * 8)
        let n = rows * stride
        // Fresh, untouched memory: advise huge pages for its 2 MiB-aligned
        // interior before the zeros are written (a 4 MB matrix otherwise costs
        // ~1,000 page faults at its first touch).
        self.storage = [Float](unsafeUninitializedCapacity: n) { buffer, initialized in
            HugePages.advise(UnsafeMutableRawBufferPointer(buffer))
            buffer.initialize(repeating: 0)
            initialized = n
        }
    }

    /// Entries drawn from N(mean, std) with xoshiro256** seeded by `seed`, row
    /// by row, factor by factor, for the rows where `include` is true (all when
    /// nil); other rows stay 0 (ids without training ratings are never used in a
    /// dot product). Surprise draws `rng.normal(init_mean, init_std_dev, (rows,
    /// factors))` in the same row-major order; the generators differ.
    /// Normal deviates from `ZigguratGaussian` (Marsaglia and Tsang's ziggurat, in Float).
    public static func normal(rows: Int, factors: Int, mean: Double, std: Double, seed: UInt64,
                              include: [Bool]? = nil) -> FactorMatrix {
        var m = FactorMatrix(rows: rows, factors: factors)
        var rng = Xoshiro256StarStar(seed: seed)
        let gaussian = ZigguratGaussian()
        let fm = Float(mean), fs = Float(std), stride = m.stride
        m.storage.withUnsafeMutableBufferPointer { s in
            for r in 0..<rows where include?[r] ?? true {
                gaussian.fill(s.baseAddress! + r * stride, count: factors, mean: fm, std: fs, rng: &rng)
            }
        }
        return m
    }

    /// Entries drawn uniformly from [low, high) (NMF's initialisation).
    public static func uniform(rows: Int, factors: Int, low: Double, high: Double, seed: UInt64) -> FactorMatrix {
        var m = FactorMatrix(rows: rows, factors: factors)
        var rng = Xoshiro256StarStar(seed: seed)
        for r in 0..<rows {
            for f in 0..<factors { m.storage[r * m.stride + f] = Float(low + (high - low) * rng.nextUnit()) }
        }
        return m
    }

    /// Row `r` without padding.
    public func row(_ r: Int) -> ArraySlice<Float> { storage[r * stride..<(r * stride + factors)] }

    /// Dot product of row `a` of `self` with row `b` of `other` (same stride), in Float with 8 lanes:
    /// `SVDStep.dot`, the SGD step's own sum (same accumulators and order).
    @inlinable
    public func dot(row a: Int, with other: FactorMatrix, row b: Int) -> Float {
        storage.withUnsafeBytes { p in
            other.storage.withUnsafeBytes { q in
                SVDStep.dot(p.baseAddress! + a * stride * 4, q.baseAddress! + b * other.stride * 4, chunks: stride / 8)
            }
        }
    }
}
