/// Approximate equality for numeric tests, with the tolerance stated at the call site.
///
/// `actual` is within tolerance of `expected` when
/// `|actual − expected| ≤ max(abs, rel · |expected|)`: `abs` is an absolute
/// tolerance, `rel` one relative to the expected value; give either or both
/// (both zero asks for exact equality).
/// Use it inside `#expect`, which prints both values and the tolerance when
/// it fails: `#expect(isApprox(rmse, 0.8805, abs: 1e-12))`.
///
/// NaN is never approximately equal to anything; equal infinities are.
public func isApprox<T: BinaryFloatingPoint>(_ actual: T, _ expected: T, abs: T = 0, rel: T = 0) -> Bool {
    if actual == expected { return true }
    return Swift.abs(actual - expected) <= Swift.max(abs, rel * Swift.abs(expected))
}

/// Element by element: the same count, and every `actual[i]` within tolerance of `expected[i]`.
public func isApprox<A: Collection, E: Collection>(_ actual: A, _ expected: E, abs: A.Element = 0, rel: A.Element = 0) -> Bool
where A.Element: BinaryFloatingPoint, E.Element == A.Element {
    actual.count == expected.count && zip(actual, expected).allSatisfy { isApprox($0, $1, abs: abs, rel: rel) }
}
