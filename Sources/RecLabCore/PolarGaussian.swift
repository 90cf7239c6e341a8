#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Standard normal deviates in `Float` by Marsaglia's polar method: two
/// 24-bit uniforms in (−1, 1) from one 64-bit xoshiro256** draw, rejected
/// unless 0 < q = a² + b² < 1, then `a·k` and `b·k` with `k = √(−2 ln q / q)`.
/// Both values of each pair are used (the second is kept for the next call),
/// so the stream is a deterministic function of the generator's seed. About
/// 1.27 draws and one `logf` per pair — no trigonometry, unlike Box–Muller.
public struct PolarGaussian: Sendable {
    @usableFromInline var spare: Float?

    public init() {}

    @inlinable
    public mutating func next(_ rng: inout Xoshiro256StarStar) -> Float {
        if let v = spare { spare = nil; return v }
        var a: Float = 0, b: Float = 0, q: Float = 0
        repeat {
            let x = rng.next()
            a = Float(Int32(truncatingIfNeeded: x >> 40) - 0x80_0000) * 0x1.0p-23
            b = Float(Int32(truncatingIfNeeded: (x >> 8) & 0xFF_FFFF) - 0x80_0000) * 0x1.0p-23
            q = a * a + b * b
        } while q >= 1 || q == 0
        let k = (-2 * logf(q) / q).squareRoot()
        spare = b * k
        return a * k
    }
}
