import Foundation
import RecLabData

/// `dataset.items:` — an item metadata file for a delimited dataset.
public struct ItemsSpec: Sendable, Hashable, Codable {
    public var path: String
    public var format: ItemsFileFormat

    public init(path: String, format: ItemsFileFormat) {
        self.path = path
        self.format = format
    }
}

/// `dataset.format:` and `dataset.items:`, read after Surprise's `Reader`
/// (`sep`, `skip_lines`, `line_format`, `rating_scale`):
///
///     format:
///       delimiter: "\t"          # one character, or "::"; default ","
///       header: true             # default true; false: columns by position
///       columns: {user: user, item: item, rating: rating, timestamp: ts}
///       rating_scale: [0.5, 5.0] # [min, max] or [min, max, step]; required
///     items: {path: items.csv, columns: {item: id, title: name, text: [genres, tags]}}
///
/// A column is a header name (a string) or a 0-based position (an integer);
/// names need `header: true`. Without `columns`, user, item and rating are
/// columns 0, 1 and 2 and there is no timestamp. Whether a named column is in
/// the file is checked when the file is read (the error names the file, line
/// 1 and the column).
extension DatasetSpec {
    static let formatKeys = ["delimiter", "header", "columns", "rating_scale"]
    static let columnKeys = ["user", "item", "rating", "timestamp"]
    static let itemsKeys = ["path", "delimiter", "header", "columns"]
    static let itemColumnKeys = ["item", "title", "text"]

    static func readFormat(_ r: MappingReader) -> DelimitedFormat? {
        guard r.has("format") else { return nil }
        guard let f = r.mapping("format", known: formatKeys) else { return nil }
        let delimiter = readDelimiter(f, default: ",")
        let header = f.bool("header", default: true)
        var format = DelimitedFormat(delimiter: delimiter, header: header, scale: RatingScale(lower: 0.5, upper: 5, step: 0))
        if let c = f.mapping("columns", known: columnKeys) {
            for key in ["user", "item", "rating"] where !c.has(key) {
                c.diag.add(ExperimentError("missing `\(key)`", at: c.node.location, key: c.keyPath(key),
                                           expected: "the \(key) column: a header name or a 0-based position"))
            }
            format.user = column(c, "user", header: header) ?? .position(0)
            format.item = column(c, "item", header: header) ?? .position(1)
            format.rating = column(c, "rating", header: header) ?? .position(2)
            format.timestamp = column(c, "timestamp", header: header)
            let refs = [format.user, format.item, format.rating] + (format.timestamp.map { [$0] } ?? [])
            if Set(refs).count != refs.count {
                f.diag.add(ExperimentError("two roles are mapped to the same column", at: f.location("columns"),
                                           key: f.keyPath("columns"), expected: "a different column for each of user, item, rating, timestamp"))
            }
        }
        if let scale = readScale(f) { format.scale = scale }
        return format
    }

    static func readItems(_ r: MappingReader, ratingsDelimiter: String?) -> ItemsSpec? {
        guard r.has("items") else { return nil }
        if !r.has("format") {
            r.diag.add(ExperimentError("`items` applies to a delimited ratings file (with `format`); a MovieLens release has its own movies file",
                                       at: r.location("items"), key: r.keyPath("items")))
        }
        guard let m = r.mapping("items", known: itemsKeys) else { return nil }
        guard let path = m.string("path", default: nil) else {
            m.diag.add(ExperimentError("missing `path`", at: m.node.location, key: m.keyPath("path"), expected: "the items file's path"))
            return nil
        }
        let byExtension: String? = switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "csv": ","
        case "tsv", "tab": "\t"
        default: nil
        }
        let header = m.bool("header", default: true)
        var format = ItemsFileFormat(delimiter: readDelimiter(m, default: byExtension ?? ratingsDelimiter ?? ","), header: header)
        if let c = m.mapping("columns", known: itemColumnKeys) {
            if !c.has("item") {
                c.diag.add(ExperimentError("missing `item`", at: c.node.location, key: c.keyPath("item"),
                                           expected: "the item id column: a header name or a 0-based position"))
            }
            format.item = column(c, "item", header: header) ?? .position(0)
            format.title = column(c, "title", header: header)
            if let n = c["text"] {
                let nodes: [ConfigNode]
                if case .sequence(let xs) = n.value { nodes = xs } else { nodes = [n] }
                format.text = nodes.enumerated().compactMap { i, node in columnRef(node, key: c.keyPath("text[\(i)]"), header: header, diag: c.diag) }
            }
        } else {
            m.diag.add(ExperimentError("missing `columns`", at: m.node.location, key: m.keyPath("columns"),
                                       expected: "{item: …, title: …, text: [...]}"))
        }
        return ItemsSpec(path: path, format: format)
    }

    /// One character, `::`, or the two characters `\t` (a tab, as written in single quotes or plain YAML).
    private static func readDelimiter(_ r: MappingReader, default d: String) -> String {
        guard let text = r.string("delimiter", default: nil) else { return d }
        let value = text == "\\t" ? "\t" : text
        guard DelimitedFormat.separator(of: value) != nil else {
            r.diag.add(ExperimentError("bad delimiter", at: r.location("delimiter"), key: r.keyPath("delimiter"), found: text,
                                       expected: "one character such as \",\", \"\\t\", \";\" or \"|\" (not a quote or line break), or \"::\""))
            return d
        }
        return value
    }

    private static func column(_ c: MappingReader, _ key: String, header: Bool) -> ColumnRef? {
        guard let n = c[key] else { return nil }
        return columnRef(n, key: c.keyPath(key), header: header, diag: c.diag)
    }

    private static func columnRef(_ n: ConfigNode, key: String, header: Bool, diag: Diagnostics) -> ColumnRef? {
        switch n.value {
        case .scalar(let s, .int):
            guard let p = Int(s), p >= 0 else {
                diag.add(ExperimentError("value out of range", at: n.location, key: key, found: s, expected: "a 0-based position ≥ 0"))
                return nil
            }
            return .position(p)
        case .scalar(let s, .string) where !s.isEmpty:
            guard header else {
                diag.add(ExperimentError("a column name needs a header line", at: n.location, key: key, found: s,
                                         expected: "with `header: false`, a 0-based position (0, 1, 2…)"))
                return nil
            }
            return .name(s)
        default:
            diag.add(ExperimentError("wrong type", at: n.location, key: key, found: n.shortDescription,
                                     expected: "a column name (string) or a 0-based position (integer)"))
            return nil
        }
    }

    private static func readScale(_ f: MappingReader) -> RatingScale? {
        guard let n = f["rating_scale"] else {
            f.diag.add(ExperimentError("missing `rating_scale`", at: f.node.location, key: f.keyPath("rating_scale"),
                                       expected: "[min, max] or [min, max, step], as Surprise's Reader(rating_scale=…)"))
            return nil
        }
        let expected = "[min, max] or [min, max, step] with min < max and 0 < step ≤ max − min"
        guard case .sequence(let xs) = n.value, xs.count == 2 || xs.count == 3 else {
            f.diag.add(ExperimentError("wrong type", at: n.location, key: f.keyPath("rating_scale"), found: n.shortDescription,
                                       expected: expected))
            return nil
        }
        let values = xs.map(MappingReader.number)
        guard values.allSatisfy({ $0 != nil && $0!.isFinite }) else {
            f.diag.add(ExperimentError("wrong type", at: n.location, key: f.keyPath("rating_scale"), found: n.shortDescription,
                                       expected: expected))
            return nil
        }
        let v = values.map { $0 ?? 0 }
        guard v[0] < v[1] else {
            f.diag.add(ExperimentError("the scale's min is not below its max", at: n.location, key: f.keyPath("rating_scale"),
                                       found: n.shortDescription, expected: expected))
            return nil
        }
        if v.count == 3 && !(v[2] > 0 && v[2] <= v[1] - v[0]) {
            f.diag.add(ExperimentError("bad step", at: xs[2].location, key: f.keyPath("rating_scale[2]"), found: xs[2].shortDescription,
                                       expected: expected))
            return nil
        }
        return RatingScale(lower: Float(v[0]), upper: Float(v[1]), step: v.count == 3 ? Float(v[2]) : 0)
    }

    /// The problem with `similarity:` on this dataset, if any: a delimited
    /// dataset without `items:` has no content text, and the similarity
    /// model fits its content space (TF-IDF of item text) for every method.
    /// For the stage that runs similarity, to report before any work.
    public func contentSimilarityProblem(_ similarity: SimilaritySpec) -> ExperimentError? {
        guard format != nil, items == nil, similarity.enabled else { return nil }
        return ExperimentError("content similarity is unavailable: the ratings file has no item metadata (`dataset.items` is not given)",
                               key: "similarity",
                               expected: "`dataset.items: {path: …, columns: {item: …, title: …, text: [...]}}`, or no `similarity:` section")
    }
}
