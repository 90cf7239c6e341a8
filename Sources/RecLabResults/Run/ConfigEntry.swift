/// One key of the experiment's configuration, flattened to a dotted path
/// (`split.test_fraction`, `models.svd.factors`, `sweep.grid.lr`) with its
/// value as written (lists as `[a, b]`).
///
/// The runner records every key the experiment resolved, defaults included,
/// in the experiment file's order. The report shows the keys of a section
/// (by prefix) above that section's tables, and `reclab diff` compares them.
public struct ConfigEntry: Sendable, Hashable, Codable {
    public var key: String
    public var value: String
    /// True when the value is a default the file did not write.
    public var isDefault: Bool

    public init(key: String, value: String, isDefault: Bool = false) {
        self.key = key
        self.value = value
        self.isDefault = isDefault
    }
}
