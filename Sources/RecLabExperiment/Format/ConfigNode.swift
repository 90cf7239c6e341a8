import Yams

/// An experiment file as a Sendable tree that keeps the line and column of
/// every key and value (built from Yams' composed `Node`, whose marks come
/// from libYAML).
public struct ConfigNode: Sendable, Hashable {
    public enum Value: Sendable, Hashable {
        /// A scalar as written, with its YAML 1.1 core-schema type.
        case scalar(String, ScalarKind)
        /// Key/value pairs in file order (keys are scalars; their own marks are kept).
        case mapping([Entry])
        case sequence([ConfigNode])
    }

    public enum ScalarKind: Sendable, Hashable {
        case string, int, double, bool, null
    }

    public struct Entry: Sendable, Hashable {
        public var key: String
        public var keyLocation: SourceLocation
        public var value: ConfigNode
    }

    public var value: Value
    public var location: SourceLocation

    /// Parses YAML text into a tree. Syntax errors, non-scalar keys, duplicate
    /// keys, anchors/aliases are reported with their position.
    public static func parse(_ text: String, file: String) throws -> ConfigNode {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ExperimentError.fromYams(error, file: file)
        }
        guard let node else {
            throw ExperimentError("the file is empty", at: SourceLocation(file: file, line: 1, column: 1),
                                  expected: "a mapping starting with `reclab: 1`")
        }
        return try convert(node, file: file)
    }

    private static func location(_ mark: Mark?, _ file: String) -> SourceLocation {
        SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    private static func convert(_ node: Node, file: String) throws -> ConfigNode {
        let loc = location(node.mark, file)
        switch node {
        case .scalar(let s):
            return ConfigNode(value: .scalar(s.string, kind(of: node, style: s.style)), location: loc)
        case .sequence(let seq):
            return ConfigNode(value: .sequence(try seq.map { try convert($0, file: file) }), location: loc)
        case .mapping(let map):
            var entries: [Entry] = []
            var seen: [String: SourceLocation] = [:]
            for (k, v) in map {
                let kloc = location(k.mark, file)
                guard case .scalar(let ks) = k else {
                    throw ExperimentError("a key must be a plain word", at: kloc, expected: "a scalar key")
                }
                if let first = seen[ks.string] {
                    throw ExperimentError("duplicate key '\(ks.string)' (first at line \(first.line))", at: kloc)
                }
                seen[ks.string] = kloc
                entries.append(Entry(key: ks.string, keyLocation: kloc, value: try convert(v, file: file)))
            }
            return ConfigNode(value: .mapping(entries), location: loc)
        case .alias:
            throw ExperimentError("YAML aliases are not supported in experiment files", at: loc)
        }
    }

    private static func kind(of node: Node, style: Node.Scalar.Style) -> ScalarKind {
        if style != .plain && style != .any { return .string }
        switch node.tag.rawValue {
        case Tag.Name.int.rawValue: return .int
        case Tag.Name.float.rawValue: return .double
        case Tag.Name.bool.rawValue: return .bool
        case Tag.Name.null.rawValue: return .null
        default: return .string
        }
    }

    // MARK: - Convenience

    public var isNull: Bool { if case .scalar(_, .null) = value { return true } else { return false } }

    /// A short rendering of the value for error messages.
    public var shortDescription: String {
        switch value {
        case .scalar(let s, .string): return "'\(s)'"
        case .scalar(let s, _): return s
        case .mapping: return "a mapping"
        case .sequence(let items): return "a list of \(items.count)"
        }
    }
}

extension ExperimentError {
    static func fromYams(_ error: YamlError, file: String) -> ExperimentError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _):
            let ctx = context.map { "\($0.text) " } ?? ""
            return ExperimentError("YAML syntax: \(ctx)\(problem)",
                                   at: SourceLocation(file: file, line: mark.line, column: mark.column))
        default:
            return ExperimentError("YAML: \(error)", at: SourceLocation(file: file, line: 1, column: 1))
        }
    }
}
