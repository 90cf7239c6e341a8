#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Standard normal deviates in `Float` by Marsaglia and Tsang's ziggurat
/// method (J. Stat. Softw. 5(8), 2000) with 128 layers: the area under the
/// density is cut into 128 strips of equal area, 127 rectangles and a base
/// strip with the tail beyond r ≈ 3.4426. A draw picks a strip and a signed
/// abscissa in it; about 98.8 % of draws fall inside the strip's core and are
/// returned after one integer compare and one multiply, with no logarithm,
/// square root or division. The rest take the exact wedge test (one `exp`)
/// or Marsaglia's tail method (two `log`).
///
/// Each attempt uses one 64-bit xoshiro256** output: the high 32 bits are the
/// signed abscissa and the low 7 bits the strip (independent bits, unlike the
/// paper's RNOR, which reused the abscissa's low bits). Deterministic in the
/// generator's seed. RecLab's one normal generator: the `SVD` / `SVD++`
/// factor matrices and the randomized SVD's test matrix. Chosen over
/// Marsaglia's polar method because its common path needs no logarithm,
/// square root or division: it nearly halves the initialisation of an
/// ml-latest-small `SVD` (BENCHMARKS.md, Rating models).
public struct ZigguratGaussian: Sendable {
    /// Layer bounds scaled to 2³¹ (`k`), widths per unit of the 32-bit
    /// abscissa (`w`) and density at each layer's edge (`f`).
    @usableFromInline struct Tables: Sendable {
        @usableFromInline var k = [UInt32](repeating: 0, count: 128)
        @usableFromInline var w = [Float](repeating: 0, count: 128)
        @usableFromInline var f = [Double](repeating: 0, count: 128)
    }

    /// Rightmost layer edge r and common strip area v for 128 layers.
    @usableFromInline static let r = 3.442619855899
    @usableFromInline static let v = 9.91256303526217e-3

    @usableFromInline static let tables: Tables = {
        var t = Tables()
        let m = 2147483648.0  // 2^31
        var d = r, previous = r
        let q = v / exp(-0.5 * d * d)  // width of the base strip's rectangle part
        t.k[0] = UInt32((d / q) * m)
        t.k[1] = 0
        t.w[0] = Float(q / m)
        t.w[127] = Float(d / m)
        t.f[0] = 1
        t.f[127] = exp(-0.5 * d * d)
        for i in stride(from: 126, through: 1, by: -1) {
            d = (-2 * log(v / d + exp(-0.5 * d * d))).squareRoot()
            t.k[i + 1] = UInt32((d / previous) * m)
            previous = d
            t.f[i] = exp(-0.5 * d * d)
            t.w[i] = Float(d / m)
        }
        return t
    }()

    public init() {}

    /// Writes `count` deviates N(mean, std²) (as `mean + std·z`) to `dst`.
    @inlinable
    public func fill(_ dst: UnsafeMutablePointer<Float>, count: Int, mean: Float = 0, std: Float = 1,
                     rng: inout Xoshiro256StarStar) {
        let t = Self.tables
        var g = rng  // a local copy stays in registers; written back at the end
        defer { rng = g }
        t.k.withUnsafeBufferPointer { k in
            t.w.withUnsafeBufferPointer { w in
                for j in 0..<count {
                    let x = g.next()
                    let hz = Int32(truncatingIfNeeded: x >> 32)
                    let iz = Int(x & 127)
                    let z = hz.magnitude < k[iz] ? Float(hz) * w[iz] : Self.edge(hz, iz, &g)
                    dst[j] = mean + std * z
                }
            }
        }
    }

    /// One standard normal deviate.
    @inlinable
    public func next(_ rng: inout Xoshiro256StarStar) -> Float {
        var z: Float = 0
        fill(&z, count: 1, rng: &rng)
        return z
    }

    /// A draw outside its strip's core: the tail (strip 0) or a wedge test,
    /// then, on rejection, fresh attempts until one is accepted.
    @usableFromInline static func edge(_ hz0: Int32, _ iz0: Int, _ rng: inout Xoshiro256StarStar) -> Float {
        let t = tables
        var hz = hz0, iz = iz0
        while true {
            let x = Double(hz) * Double(t.w[iz])
            if iz == 0 {
                // Beyond r: x = −ln(u₁)/r, y = −ln(u₂), accepted when 2y > x².
                var tx = 0.0, ty = 0.0
                repeat {
                    tx = -log(open01(&rng)) / r
                    ty = -log(open01(&rng))
                } while ty + ty < tx * tx
                return Float(hz > 0 ? r + tx : -r - tx)
            }
            if t.f[iz] + open01(&rng) * (t.f[iz - 1] - t.f[iz]) < exp(-0.5 * x * x) { return Float(x) }
            let next = rng.next()
            hz = Int32(truncatingIfNeeded: next >> 32)
            iz = Int(next & 127)
            if hz.magnitude < t.k[iz] { return Float(hz) * t.w[iz] }
        }
    }

    /// A uniform Double in (0, 1): never 0, so its logarithm is finite.
    static func open01(_ rng: inout Xoshiro256StarStar) -> Double {
        (Double(rng.next() >> 11) + 0.5) * 0x1.0p-53
    }
}
