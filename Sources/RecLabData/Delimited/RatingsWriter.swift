import Foundation

/// Writes ratings of a dataset as a delimited file that `DelimitedLoader`
/// reads back to the same rows: the same ids (labels or integer raw ids),
/// rating values in Swift's shortest round-trip spelling (`3.5`, `4.0`), so
/// every `Float` re-parses to the same bits, and timestamps as integers.
///
/// Columns: a role mapped by position is written at that position
/// (positions no role uses are left empty), roles mapped by name after them
/// in the order user, item, rating, timestamp; a header line names each
/// column as the format does (`user`, `item`… for positional roles). A field holding the
/// separator, a quote or a line break is quoted (RFC 4180) when the
/// separator is `,`, and is an error otherwise (the reader would split it).
public enum RatingsWriter {
    public static func write(_ rows: [Int], of dataset: Dataset, format: DelimitedFormat, to url: URL) throws {
        guard DelimitedFormat.separator(of: format.delimiter) != nil else {
            throw DataError("the delimiter '\(format.delimiter)' is not one character or '::'", file: url.path, kind: .configuration)
        }
        let sep = format.delimiter
        let quoting = sep == ","
        var roles: [(ColumnRef, String)] = [(format.user, "user"), (format.item, "item"), (format.rating, "rating")]
        if let t = format.timestamp { roles.append((t, "timestamp")) }
        // Where each role's value goes in a written record: a role mapped by
        // position keeps its position; named roles follow, in role order.
        let positions = roles.compactMap { ref, _ -> Int? in if case .position(let p) = ref { return p } else { return nil } }
        var next = (positions.max() ?? -1) + 1
        var slot: [Int] = []
        for (ref, role) in roles {
            switch ref {
            case .position(let p): slot.append(p)
            case .name:
                guard format.header else {
                    throw DataError("the \(role) column is named, but the format has no header", file: url.path, kind: .configuration)
                }
                slot.append(next)
                next += 1
            }
        }
        let width = next
        func field(_ s: String) throws -> String {
            let special = s.contains(sep) || s.contains("\n") || s.contains("\r") || (quoting && s.contains("\""))
            guard special else { return s }
            guard quoting else {
                throw DataError("the value '\(s)' contains the separator, a quote or a line break and cannot be written unquoted",
                                file: url.path, kind: .invalidValue)
            }
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        var text = ""
        text.reserveCapacity(rows.count * 24 + 64)
        if format.header {
            var names = (0..<width).map { "column\($0)" }
            for ((ref, role), k) in zip(roles, slot) {
                if case .name(let n) = ref { names[k] = n } else { names[k] = role }
            }
            text += try names.map(field).joined(separator: sep) + "\n"
        }
        let r = dataset.ratings
        var record = [String](repeating: "", count: width)
        for i in rows {
            record[slot[0]] = try field(dataset.userID(r.users[i]))
            record[slot[1]] = try field(dataset.movieID(r.movies[i]))
            record[slot[2]] = "\(r.values[i])"
            if roles.count > 3 { record[slot[3]] = String(r.timestamps[i]) }
            text += record.joined(separator: sep)
            text += "\n"
        }
        do {
            try Data(text.utf8).write(to: url, options: .atomic)
        } catch {
            throw DataError("cannot write file (\(error.localizedDescription))", file: url.path, kind: .other)
        }
    }
}
