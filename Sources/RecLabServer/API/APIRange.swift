/// The ranges the API documents for its numbers (`OpenAPIDocument` states
/// them as `minimum` / `maximum`), enforced where each answer is built.
enum APIRange {
    /// Cosine similarities (content, collab) and their weighted mean (hybrid).
    static let similarity: ClosedRange<Float> = -1...1
    /// Predicted ratings. Every MovieLens rating scale (half stars 0.5–5,
    /// whole stars 1–5) lies within it; a model saved with a scale outside it
    /// is refused at load (`ServedExperiment.load`), so clamping a prediction,
    /// already clipped to its model's scale, never changes a value.
    static let rating: ClosedRange<Float> = 0.5...5

    /// `v` clamped to `range`. A cosine of unit rows in Float can exceed 1 by
    /// a few ulps (1.0000002 for a near-parallel pair) and -1 likewise; such
    /// rounding is removed here rather than in the library, whose scores stay
    /// the raw dot products. NaN, which no model produces (a zero latent row
    /// scores 0), maps to the lower bound so the answer stays valid JSON.
    static func clamp(_ v: Float, to range: ClosedRange<Float>) -> Float {
        guard !v.isNaN else { return range.lowerBound }
        return Swift.min(range.upperBound, Swift.max(range.lowerBound, v))
    }
}
