/// The hyperparameters of one model type, each declared once: its spec (name,
/// domain, default, one-line description) and the stored property that holds
/// it. The spec list the registry validates against, the initialiser from
/// `Parameters`, the `parameters` getter and the property defaults all read
/// this one table, so a name or a default is never written twice.
public struct ParameterTable<Model>: Sendable {
    public let bindings: [ParameterBinding<Model>]

    public init(_ bindings: [ParameterBinding<Model>]) { self.bindings = bindings }

    /// The specs in declaration order (what the registry lists and validates against).
    public var specs: [ParameterSpec] { bindings.map(\.spec) }

    /// The declared default of the parameter stored at `path` (a property
    /// initialiser or a default argument reads it, so the default lives in the spec).
    public func defaultValue<Value>(of path: WritableKeyPath<Model, Value> & Sendable) -> Value {
        for b in bindings {
            if let p = b.path, p == path as AnyKeyPath, let v = b.defaultValue as? Value { return v }
        }
        preconditionFailure("no parameter of \(Model.self) is stored at \(path)")
    }

    /// Validates `parameters` against the specs and sets every declared
    /// property of `model` (absent keys take their default or inherited value).
    package func read(_ parameters: Parameters, kind: String, into model: inout Model) throws {
        let r = try ParameterReader(kind: kind, specs: specs, parameters: parameters)
        for b in bindings { b.read(&model, r) }
    }

    /// Every stored parameter of `model` by name (aliases such as `lr_all`, which set others, are not stored).
    public func values(of model: Model) -> Parameters {
        var out: Parameters = [:]
        for b in bindings { if let v = b.value(model) { out[b.spec.name] = v } }
        return out
    }
}

/// One hyperparameter of `Model`: its spec and how it is read into and out of the model.
public struct ParameterBinding<Model>: Sendable {
    public let spec: ParameterSpec
    /// The property holding the value (nil for an alias or a computed binding).
    let path: (PartialKeyPath<Model> & Sendable)?
    /// The default as the property's type.
    let defaultValue: (any Sendable)?
    let read: @Sendable (inout Model, ParameterReader) -> Void
    let value: @Sendable (Model) -> ParameterValue?

    /// A binding with its own read and write (a value stored in another form than its spec's).
    package init(_ spec: ParameterSpec, read: @escaping @Sendable (inout Model, ParameterReader) -> Void,
                value: @escaping @Sendable (Model) -> ParameterValue?) {
        self.spec = spec
        self.path = nil
        self.defaultValue = nil
        self.read = read
        self.value = value
    }

    init<Value: Sendable>(_ spec: ParameterSpec, _ path: WritableKeyPath<Model, Value> & Sendable, default d: Value,
                          get: @escaping @Sendable (ParameterReader, String) -> Value,
                          put: @escaping @Sendable (Value) -> ParameterValue) {
        self.spec = spec
        self.path = path
        self.defaultValue = d
        let name = spec.name
        self.read = { m, r in m[keyPath: path] = get(r, name) }
        self.value = { m in put(m[keyPath: path]) }
    }

    /// An integer in `range`.
    public static func int(_ name: String, _ range: ClosedRange<Int>, default d: Int, _ help: String,
                           _ path: WritableKeyPath<Model, Int> & Sendable) -> Self {
        Self(ParameterSpec(name, .int(range), default: .int(d), help: help), path, default: d,
             get: { $0.int($1) }, put: { .int($0) })
    }

    /// A real number in `lower...upper` (`lowerOpen`: excluding `lower`), stored as a Double.
    public static func double(_ name: String, _ lower: Double, _ upper: Double = .infinity, lowerOpen: Bool = false,
                              default d: Double, _ help: String, _ path: WritableKeyPath<Model, Double> & Sendable,
                              inheritsFrom: String? = nil) -> Self {
        Self(ParameterSpec(name, .double(lower: lower, upper: upper, lowerOpen: lowerOpen), default: .double(d), help: help,
                           inheritsFrom: inheritsFrom),
             path, default: d, get: { $0.double($1) }, put: { .double($0) })
    }

    /// A real number stored as a Float (the getter reports the stored Float widened to Double).
    public static func float(_ name: String, _ lower: Double, _ upper: Double = .infinity, lowerOpen: Bool = false,
                             default d: Double, _ help: String, _ path: WritableKeyPath<Model, Float> & Sendable,
                             inheritsFrom: String? = nil) -> Self {
        Self(ParameterSpec(name, .double(lower: lower, upper: upper, lowerOpen: lowerOpen), default: .double(d), help: help,
                           inheritsFrom: inheritsFrom),
             path, default: Float(d), get: { $0.float($1) }, put: { .double(Double($0)) })
    }

    public static func bool(_ name: String, default d: Bool, _ help: String,
                            _ path: WritableKeyPath<Model, Bool> & Sendable) -> Self {
        Self(ParameterSpec(name, .bool, default: .bool(d), help: help), path, default: d,
             get: { $0.bool($1) }, put: { .bool($0) })
    }

    /// One of the raw values of `Choice`.
    public static func choice<Choice: RawRepresentable & CaseIterable & Sendable>(
        _ name: String, default d: Choice, _ help: String, _ path: WritableKeyPath<Model, Choice> & Sendable
    ) -> Self where Choice.RawValue == String {
        Self(ParameterSpec(name, .choice(Choice.allCases.map(\.rawValue)), default: .string(d.rawValue), help: help),
             path, default: d, get: { r, n in Choice(rawValue: r.string(n)) ?? d }, put: { .string($0.rawValue) })
    }

    /// A key that only sets others through `inheritsFrom` (Surprise's `lr_all`): validated, not stored.
    public static func alias(_ spec: ParameterSpec) -> Self {
        Self(spec, read: { _, _ in }, value: { _ in nil })
    }

    /// Surprise's SGD step sizes: the aliases `lr_all` and `reg_all`, then for each term `p`
    /// (`bu`, `qi`…) `lr_<p>` and `reg_<p>`, stored at the given properties and inheriting the
    /// aliases' values unless given.
    public static func sgdRates(lrAll: Double, regAll: Double,
                                terms: [(String, WritableKeyPath<Model, Float> & Sendable, WritableKeyPath<Model, Float> & Sendable)])
        -> [Self] {
        [
            .alias(ParameterSpec("lr_all", .double(lower: 0, upper: .infinity, lowerOpen: true), default: .double(lrAll),
                                 help: "learning rate of every parameter")),
            .alias(ParameterSpec("reg_all", .double(lower: 0, upper: .infinity, lowerOpen: false), default: .double(regAll),
                                 help: "regularisation of every parameter")),
        ] + terms.flatMap { p, lr, reg in [
            .float("lr_\(p)", 0, lowerOpen: true, default: lrAll, "learning rate of \(p) (default: lr_all)", lr,
                   inheritsFrom: "lr_all"),
            .float("reg_\(p)", 0, default: regAll, "regularisation of \(p) (default: reg_all)", reg, inheritsFrom: "reg_all"),
        ] }
    }
}
