/// Checks an experiment file's text before the YAML library composes it, so
/// that hostile or mistaken input is refused in well under a second and a
/// few megabytes:
///
/// - a size limit (`maxBytes`): experiment files are a few kilobytes;
/// - anchors (`&name`) and aliases (`*name`) at the start of a node, which
///   experiment files do not use and which, nested, expand exponentially
///   (the "billion laughs" shape) during composition;
/// - duplicate keys in block mappings, every one at its line and column (the
///   YAML library stops at the first and reports no position).
///
/// The scan is line-oriented and linear in the text. It understands block
/// mappings and sequences, quoted scalars and comments; flow collections
/// (`{…}`, `[…]`) are only checked for anchors and aliases, and their
/// duplicate keys are left to the YAML library.
enum YAMLPrecheck {
    static let maxBytes = 1 << 20

    static func problems(in text: String, file: String) -> [ExperimentError] {
        let size = text.utf8.count
        guard size <= maxBytes else {
            return [ExperimentError("the experiment file is \(size) bytes, more than the \(maxBytes / 1024) KiB an experiment file may have",
                                    at: SourceLocation(file: file, line: 1, column: 1), expected: "a YAML file under 1 MiB")]
        }
        var out: [ExperimentError] = []
        /// Open block mappings: their key column and the keys seen (with their line).
        var mappings: [(column: Int, keys: [String: Int])] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = index + 1
            let chars = Array(raw)
            out += anchorsAndAliases(chars, line: line, file: file)
            // The key of a block mapping entry, after any `- ` sequence markers.
            var col = 0
            while col < chars.count, chars[col] == " " { col += 1 }
            guard col < chars.count, chars[col] != "#" else { continue }
            while col + 1 < chars.count, chars[col] == "-", chars[col + 1] == " " {
                col += 2
                while col < chars.count, chars[col] == " " { col += 1 }
                // A sequence item starts a new mapping one level deeper.
                mappings.removeAll { $0.column >= col }
            }
            if chars.count == col + 1, chars[col] == "-" { mappings.removeAll { $0.column > col }; continue }
            guard let key = blockKey(chars, from: col) else { continue }
            mappings.removeAll { $0.column > col }
            if let last = mappings.last, last.column == col {
                if let first = last.keys[key] {
                    out.append(ExperimentError("duplicate key '\(key)' (first at line \(first))",
                                               at: SourceLocation(file: file, line: line, column: col + 1),
                                               expected: "each key once per mapping"))
                } else {
                    mappings[mappings.count - 1].keys[key] = line
                }
            } else {
                mappings.append((col, [key: line]))
            }
        }
        return out
    }

    /// `key` when the line holds `key:` (plain or quoted) followed by a space or the end, starting at `col`.
    static func blockKey(_ c: [Character], from col: Int) -> String? {
        guard col < c.count else { return nil }
        if c[col] == "\"" || c[col] == "'" {
            let quote = c[col]
            var i = col + 1
            while i < c.count, c[i] != quote { i += 1 }
            guard i + 1 < c.count, c[i + 1] == ":", i + 2 == c.count || c[i + 2] == " " else { return nil }
            return String(c[(col + 1)..<i])
        }
        guard !"{[&*!|>%@`#".contains(c[col]) else { return nil }
        var i = col
        while i < c.count {
            if c[i] == ":" && (i + 1 == c.count || c[i + 1] == " ") { return String(c[col..<i]).trimmingTrailingSpaces }
            if c[i] == "#" && i > col && c[i - 1] == " " { return nil }
            i += 1
        }
        return nil
    }

    /// The first `&name` / `*name` of a line where a node starts: at the start of the line's content or after
    /// `: `, `- `, `[`, `{` or `,`, outside quotes and comments.
    static func anchorsAndAliases(_ c: [Character], line: Int, file: String) -> [ExperimentError] {
        var out: [ExperimentError] = []
        var quote: Character?
        var nodeStart = true
        for (i, ch) in c.enumerated() {
            if let q = quote {
                if ch == q { quote = nil }
                continue
            }
            switch ch {
            case "\"", "'":
                if nodeStart { quote = ch }
                nodeStart = false
            case "#" where i == 0 || c[i - 1] == " ":
                return out
            case " ", "\t":
                continue
            case "[", "{", ",":
                nodeStart = true
            case "-" where i + 1 == c.count || c[i + 1] == " ":
                nodeStart = true
            case ":" where i + 1 == c.count || c[i + 1] == " ":
                nodeStart = true
            case "&", "*":
                if nodeStart, i + 1 < c.count, c[i + 1] != " " {
                    // One error per line is enough to point at it.
                    let what = ch == "&" ? "an anchor" : "an alias"
                    out.append(ExperimentError("\(what): YAML anchors and aliases are not supported in experiment files (nested aliases expand exponentially)",
                                               at: SourceLocation(file: file, line: line, column: i + 1),
                                               expected: "the value written out in full"))
                    return out
                }
                nodeStart = false
            default:
                nodeStart = false
            }
        }
        return out
    }
}

private extension String {
    var trimmingTrailingSpaces: String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
