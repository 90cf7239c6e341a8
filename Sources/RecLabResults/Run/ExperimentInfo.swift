/// The experiment file a run came from: its name, path as given, full text
/// and a hash of that text, so a reader can trace every number to a config.
public struct ExperimentInfo: Sendable, Hashable, Codable {
    /// The experiment's name (the file's `name:` key or its base name); reports go to `reports/<name>/`.
    public var name: String
    /// The path as given on the command line (informational only).
    public var path: String
    /// The file's full text, byte for byte as read (UTF-8).
    public var text: String
    /// Hex digest of `text`'s UTF-8 bytes.
    public var hash: String
    /// The algorithm of `hash`, for example `"sha256"`.
    public var hashAlgorithm: String
    /// The experiment seed every child seed derives from (`SplitMix64.derive`).
    public var seed: UInt64
    /// Every resolved key, defaults included, in file order.
    public var configuration: [ConfigEntry]

    public init(
        name: String, path: String, text: String, hash: String, hashAlgorithm: String = "sha256",
        seed: UInt64, configuration: [ConfigEntry] = []
    ) {
        self.name = name
        self.path = path
        self.text = text
        self.hash = hash
        self.hashAlgorithm = hashAlgorithm
        self.seed = seed
        self.configuration = configuration
    }

    /// The entries whose key is `prefix` or starts with `prefix.`, in file order.
    public func configuration(under prefix: String) -> [ConfigEntry] {
        configuration.filter { $0.key == prefix || $0.key.hasPrefix(prefix + ".") }
    }
}
