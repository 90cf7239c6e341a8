import Foundation

/// Student's t distribution with ν degrees of freedom (ν > 0, not necessarily integral).
public struct StudentT: Sendable, Hashable {
    public var degreesOfFreedom: Double

    public init(degreesOfFreedom: Double) { self.degreesOfFreedom = degreesOfFreedom }

    /// P(|T| ≥ |t|) = I_{ν/(ν+t²)}(ν/2, 1/2), the two-sided tail. ±∞ gives 0, NaN gives NaN.
    public func twoSidedTail(_ t: Double) -> Double {
        if t.isNaN { return .nan }
        if t.isInfinite { return 0 }
        let v = degreesOfFreedom
        return SpecialFunctions.regularizedIncompleteBeta(v / (v + t * t), a: v / 2, b: 0.5)
    }

    /// P(T ≤ t).
    public func cdf(_ t: Double) -> Double {
        let tail = twoSidedTail(t) / 2
        return t >= 0 ? 1 - tail : tail
    }

    /// The p-quantile, 0 < p < 1: the t with `cdf(t) = p`.
    ///
    /// Solved by bisection on the monotone `cdf` over a bracket that is
    /// doubled until it holds the root, then polished until the bracket is
    /// narrower than 1e-13 relative (about 60–100 `cdf` evaluations).
    /// Accuracy: |cdf(t) − p| at the level of the incomplete beta (~1e-14),
    /// i.e. t to ~1e-12 relative for the 95 % quantiles used in CIs.
    public func quantile(_ p: Double) -> Double {
        guard p > 0, p < 1, degreesOfFreedom > 0 else {
            if p == 0 { return -.infinity }
            if p == 1 { return .infinity }
            return .nan
        }
        if p == 0.5 { return 0 }
        // Solve for the upper tail on the positive side, then mirror.
        let upper = p > 0.5
        let target = upper ? 1 - p : p  // the one-sided tail mass beyond |t|
        var lo = 0.0, hi = 1.0
        while twoSidedTail(hi) / 2 > target, hi < 1e300 { lo = hi; hi *= 2 }
        for _ in 0..<200 {
            let mid = 0.5 * (lo + hi)
            if twoSidedTail(mid) / 2 > target { lo = mid } else { hi = mid }
            if hi - lo <= 1e-13 * hi { break }
        }
        let t = 0.5 * (lo + hi)
        return upper ? t : -t
    }
}
