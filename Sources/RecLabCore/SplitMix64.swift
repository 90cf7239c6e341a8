#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// SplitMix64 (Steele, Lea & Flood 2014): the seed mixer of RecLab.
///
/// `next()` advances the state by the golden-ratio increment 0x9E3779B97F4A7C15
/// and returns the state passed through the finaliser
/// `z ^= z >> 30; z *= 0xBF58476D1CE4E5B9; z ^= z >> 27; z *= 0x94D049BB133111EB; z ^= z >> 31`.
/// Child seeds are derived with `SplitMix64.derive(_:_:)`, so every stage,
/// split, fold and trial gets an independent, reproducible stream from one
/// experiment seed. Library code never touches the system generator.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public var state: UInt64

    public init(seed: UInt64) { state = seed }

    @inlinable
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// The SplitMix64 finaliser: a bijective avalanche of 64 bits.
    @inlinable
    public static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A child seed of `seed` for the labelled purpose (`"split"`, `"trial:3"`…):
    /// `mix(seed ^ mix(fnv1a64(label)))`. Stable across runs, platforms and versions.
    public static func derive(_ seed: UInt64, _ label: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in label.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return mix(seed ^ mix(h))
    }
}

/// xoshiro256** (Blackman & Vigna 2018), seeded through SplitMix64: the fast
/// generator for hot loops (shuffles, initialisations, sampling).
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable {
    @usableFromInline var s0, s1, s2, s3: UInt64

    public init(seed: UInt64) {
        var sm = SplitMix64(seed: seed)
        s0 = sm.next(); s1 = sm.next(); s2 = sm.next(); s3 = sm.next()
    }

    @inlinable
    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }

    /// A uniform Double in [0, 1) from the top 53 bits.
    @inlinable
    public mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// A standard normal deviate (Box–Muller; one value per call, the pair's second discarded for simplicity and reproducibility).
    @inlinable
    public mutating func nextGaussian() -> Double {
        var u1 = nextUnit()
        while u1 <= 0 { u1 = nextUnit() }
        let u2 = nextUnit()
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }
}
