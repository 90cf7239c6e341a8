import RecLabModels

/// One trial of a plan: a model configuration on one split repetition,
/// with its derived seed and its content key.
public struct PlannedTrial: Sendable, Hashable {
    /// `<model>-<first 12 hex digits of the key>`: stable when the sweep around it changes.
    public var id: String
    /// The model's name in `models:`.
    public var model: String
    public var kind: String
    /// Every parameter, registry defaults included, sweep values applied.
    public var parameters: Parameters
    /// Names of the parameters the sweep set (for tables and charts).
    public var swept: [String]
    /// Index of the configuration within its model (0-based, plan order).
    public var configuration: Int
    public var splitSeed: UInt64
    public var fold: Int?
    /// The model's own seed: `SplitMix64.derive(splitSeed, "fit/fold:<f>")`
    /// (fold -1 for hold-out), shared by every configuration on the same split
    /// (common random numbers make paired comparisons sharper).
    public var fitSeed: UInt64
    /// SHA-256 of the canonical encoding of everything that determines the result (see `TrialKey`).
    public var key: String
}
