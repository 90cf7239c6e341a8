/// The records of one delimited file, with the columns a reader asked for
/// resolved against the header (or taken by position).
///
/// Splitting is `RecordScanner`'s (RFC 4180 quoting for `,`, none for other
/// separators, `::` doubled); a UTF-8 byte-order mark is skipped. Errors name
/// the file, the 1-based line and the column (the header's name, or
/// `column k` for a position), as the MovieLens parser's do.
struct DelimitedTable {
    let path: String
    let separator: UInt8
    let doubled: Bool
    let header: Bool
    /// What each requested column holds ("user", "item", …), for messages.
    let roles: [String]
    let columns: [ColumnRef?]

    init(path: String, delimiter: String, header: Bool, columns: [(role: String, ref: ColumnRef?)]) throws {
        guard let sep = DelimitedFormat.separator(of: delimiter) else {
            throw DataError("the delimiter '\(delimiter)' is not one character or '::'", file: path, kind: .configuration)
        }
        self.path = path
        separator = sep.byte
        doubled = sep.doubled
        self.header = header
        roles = columns.map(\.role)
        self.columns = columns.map(\.ref)
    }

    /// Where the requested columns sit in each record, and their names for messages.
    struct Resolved {
        /// Record index of each requested column (-1 for an absent optional column).
        var indices: [Int]
        var labels: [String]
        /// Fields per record: the header's count, or nil without a header.
        var width: Int?
    }

    /// Calls `body` for every data record. A `DataError` thrown while reading
    /// or by `body` goes to `problem`, which rethrows it (strict) or records it
    /// and lets the scan go on with the next record (lenient).
    func forEach(_ file: MappedFile, problem: (DataError) throws -> Void,
                 _ body: (RecordScanner, [FieldSpan], _ line: Int, Resolved) throws -> Void) throws {
        try file.withBytes { b in
            var start = 0
            if b.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF { start = 3 }
            var sc = RecordScanner(b, separator: separator, doubleSeparator: doubled, quoting: !doubled && separator == 0x2C,
                                   path: path, position: start)
            var f: [FieldSpan] = []
            var resolved: Resolved
            if header {
                guard let line = try sc.next(into: &f) else {
                    throw DataError("file is empty (expected a header line)", file: path, line: 1, kind: .emptyFile)
                }
                let names = try f.map { try sc.string($0, encoding: .utf8, line: line, column: "header") }
                resolved = try resolve(names: names, line: line)
            } else {
                guard b.count > start else { throw DataError("file is empty", file: path, line: 1, kind: .emptyFile) }
                resolved = try resolve(names: nil, line: 1)
            }
            let needed = (resolved.indices.max() ?? -1) + 1
            while true {
                do {
                    guard let line = try sc.next(into: &f) else { break }
                    if let width = resolved.width, f.count != width {
                        throw DataError("expected \(width) fields (as the header), found \(f.count)", file: path, line: line,
                                        kind: .raggedRow)
                    }
                    guard f.count >= needed else {
                        throw DataError("expected at least \(needed) fields (\(describe(resolved))), found \(f.count)",
                                        file: path, line: line, kind: .raggedRow)
                    }
                    try body(sc, f, line, resolved)
                } catch let e as DataError {
                    try problem(e)
                    sc.recoverAfterError()
                }
            }
        }
    }

    private func describe(_ r: Resolved) -> String {
        zip(roles, r.indices).filter { $0.1 >= 0 }.map { "\($0.0) at \($0.1)" }.joined(separator: ", ")
    }

    private func resolve(names: [String]?, line: Int) throws -> Resolved {
        var indices: [Int] = [], labels: [String] = []
        for (role, ref) in zip(roles, columns) {
            switch ref {
            case nil:
                indices.append(-1); labels.append(role)
            case .position(let p)?:
                indices.append(p)
                labels.append(names.flatMap { p < $0.count ? $0[p] : nil } ?? "column \(p)")
                if let names, p >= names.count {
                    throw DataError("the \(role) is mapped to column \(p), but the header has \(names.count) columns (\(names.joined(separator: ", ")))",
                                    file: path, line: line, column: "column \(p)", kind: .header)
                }
            case .name(let n)?:
                guard let names else {
                    throw DataError("the \(role) column is named '\(n)', but the file has no header (map columns by position: 0, 1, …)",
                                    file: path, line: line, column: n, kind: .configuration)
                }
                guard let k = names.firstIndex(of: n) else {
                    throw DataError("no column '\(n)' (mapped to the \(role)) in the header; the header has: \(names.joined(separator: ", "))",
                                    file: path, line: line, column: n, kind: .header)
                }
                indices.append(k); labels.append(n)
            }
        }
        return Resolved(indices: indices, labels: labels, width: names?.count)
    }
}
