/// The values a release allows: `lower...upper` in steps of `step`
/// (half stars 0.5–5 for the CSV releases and ml-10m, whole stars 1–5 for
/// ml-100k and ml-1m). A `step` of 0 allows any value in the range (a
/// delimited file whose scale gives only its bounds, as Surprise's `Reader`).
public struct RatingScale: Sendable, Hashable, Codable, CustomStringConvertible {
    public var lower: Float
    public var upper: Float
    public var step: Float

    public init(lower: Float, upper: Float, step: Float) {
        self.lower = lower
        self.upper = upper
        self.step = step
    }

    public static let halfStars = RatingScale(lower: 0.5, upper: 5, step: 0.5)
    public static let wholeStars = RatingScale(lower: 1, upper: 5, step: 1)

    public var range: ClosedRange<Float> { lower...upper }

    /// True when `v` is `lower + k·step` for an integer k (exact for the
    /// binary-exact steps 0.5 and 1 used by MovieLens). Uses a truncating
    /// conversion rather than `rounded()`, which is a library call on
    /// baseline x86-64.
    @inline(__always)
    public func isOnStep(_ v: Float) -> Bool {
        guard step > 0 else { return true }
        let k = (v - lower) / step
        guard k.magnitude < 1e9 else { return false }
        return Float(Int32(k)) == k
    }

    public var description: String {
        if step <= 0 { return "\(lower)–\(upper)" }
        let s = step == 1 ? "whole stars" : step == 0.5 ? "half stars" : "steps of \(step)"
        return "\(lower)–\(upper) in \(s)"
    }
}
