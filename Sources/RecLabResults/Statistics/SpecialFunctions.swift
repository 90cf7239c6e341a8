import Foundation

/// Special functions behind the Student t and normal distributions.
package enum SpecialFunctions {
    /// Regularised incomplete beta function I_x(a, b) = B(x; a, b) / B(a, b), a, b > 0, 0 ≤ x ≤ 1.
    ///
    /// Evaluated by the continued fraction for I_x(a, b) (modified Lentz
    /// algorithm), using the symmetry I_x(a, b) = 1 − I_{1−x}(b, a) when
    /// x > (a + 1) / (a + b + 2) so the fraction converges fast. The prefactor
    /// x^a (1−x)^b / (a B(a, b)) is computed in log space with `lgamma`.
    /// Relative accuracy about 1e-14 for the a, b of t tests (a = ν/2, b = 1/2);
    /// at most 300 iterations, O(√max(a, b)) in practice.
    package static func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
        if x.isNaN || a.isNaN || b.isNaN { return .nan }
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let lnFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
        if x > (a + 1) / (a + b + 2) {
            return 1 - exp(lnFront) * continuedFraction(1 - x, a: b, b: a) / b
        }
        return exp(lnFront) * continuedFraction(x, a: a, b: b) / a
    }

    /// The continued fraction 1/(1+ d1/(1+ d2/(1+ …))) of I_x(a, b), Lentz's method.
    private static func continuedFraction(_ x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300, eps = 1e-16
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...300 {
            let m = Double(m)
            // Even step.
            var num = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + num * d; if abs(d) < tiny { d = tiny }
            c = 1 + num / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            // Odd step.
            num = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + num * d; if abs(d) < tiny { d = tiny }
            c = 1 + num / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < eps { break }
        }
        return h
    }

    /// Upper tail of the standard normal, P(Z > z) = erfc(z / √2) / 2 (full relative accuracy in the tail).
    package static func normalSurvival(_ z: Double) -> Double { 0.5 * erfc(z / 2.0.squareRoot()) }
}
