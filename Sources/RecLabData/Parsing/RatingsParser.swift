import Foundation

/// The four rating columns as parsed: raw MovieLens ids (not yet mapped to
/// inner ids), values and Unix-second timestamps, 16 bytes per rating.
struct RawRatingColumns {
    var users: [Int32]
    var movies: [Int32]
    var values: [Float]
    var timestamps: [Int32]
    var count: Int { values.count }

    /// Allocates the four columns with `capacity` uninitialised slots, lets
    /// `fill` write them and return how many rows it wrote (≤ capacity).
    /// No zero-filling: the first touch of each page happens in `fill`.
    static func build(capacity: Int,
                      _ fill: (UnsafeMutablePointer<Int32>, UnsafeMutablePointer<Int32>,
                               UnsafeMutablePointer<Float>, UnsafeMutablePointer<Int32>) -> Int) -> RawRatingColumns {
        var movies: [Int32] = [], values: [Float] = [], times: [Int32] = []
        let users = [Int32](unsafeUninitializedCapacity: max(capacity, 1)) { ub, uc in
            movies = [Int32](unsafeUninitializedCapacity: max(capacity, 1)) { mb, mc in
                values = [Float](unsafeUninitializedCapacity: max(capacity, 1)) { vb, vc in
                    times = [Int32](unsafeUninitializedCapacity: max(capacity, 1)) { tb, tc in
                        let written = fill(ub.baseAddress!, mb.baseAddress!, vb.baseAddress!, tb.baseAddress!)
                        tc = written
                    }
                    vc = times.count
                }
                mc = values.count
            }
            uc = movies.count
        }
        return RawRatingColumns(users: users, movies: movies, values: values, timestamps: times)
    }
}

/// How a ratings file is laid out: `user SEP movie SEP rating SEP timestamp`.
struct RatingsFormat: Sendable {
    var separator: UInt8
    var doubleSeparator: Bool
    /// Column names for error messages, in file order.
    var columns: [String]
    var scale: RatingScale
}

/// Problems found while reading in lenient mode: every skipped row is
/// counted, the first `limit` are kept for the report.
struct IssueLog: Sendable {
    var limit: Int
    var count = 0
    var first: [DataError] = []

    mutating func record(_ e: DataError) {
        count += 1
        if first.count < limit { first.append(e) }
    }

    mutating func merge(_ other: IssueLog) {
        count += other.count
        for e in other.first where first.count < limit { first.append(e) }
    }
}

/// Parses the ratings file of any MovieLens layout from its bytes.
///
/// Each row is first tried on a fast path (digits and separators only, no
/// allocation); any row the fast path does not accept (quotes, signs,
/// exponents, errors) is re-read by `RecordScanner` and checked field by
/// field, so error messages are exact. Files without a `"` are split into
/// line-aligned chunks parsed in parallel straight into preallocated
/// columns (rows counted first, so no regrowth).
enum RatingsParser {
    static func parse(_ file: MappedFile, dataStart: Int, firstLine: Int, format: RatingsFormat,
                      issues: inout IssueLog?) throws -> RawRatingColumns {
        try file.withBytes { buf -> RawRatingColumns in
            guard let p = buf.baseAddress?.assumingMemoryBound(to: UInt8.self), dataStart < buf.count else {
                return RawRatingColumns(users: [], movies: [], values: [], timestamps: [])
            }
            let n = buf.count
            // Chunk boundaries, each at the start of a line.
            let oneChunk = ByteScan.find(0x22, p, dataStart, n) != nil || n - dataStart < (1 << 20)
            let k = oneChunk ? 1 : ParallelChunks.workerCount
            var cuts = [dataStart]
            for c in 1..<max(k, 1) {
                let target = max(dataStart + (n - dataStart) * c / k, cuts.last!)
                let nl = ByteScan.find(0x0A, p, target, n).map { $0 + 1 } ?? n
                cuts.append(nl)
            }
            cuts.append(n)
            let bounds = cuts
            let chunkCount = bounds.count - 1
            let pb = UncheckedSendable(p)  // workers only read the file
            let newlineCounts = ParallelChunks.map(chunkCount) { c in
                ByteScan.countNewlines(pb.value, bounds[c], bounds[c + 1])
            }
            var rowStarts = [0]
            var lineStarts = [firstLine]
            for c in 0..<chunkCount {
                rowStarts.append(rowStarts[c] + newlineCounts[c] + 1)
                lineStarts.append(lineStarts[c] + newlineCounts[c])
            }
            let offsets = rowStarts, lines = lineStarts
            let capacity = offsets[chunkCount]
            let lenient = issues != nil
            let limit = issues?.limit ?? 0
            let path = file.path

            var outputs: [ChunkOutput] = []
            let columns = RawRatingColumns.build(capacity: capacity) { ub, mb, vb, tb in
                // Each worker writes rows offsets[c]..<offsets[c+1] only.
                let cols = UncheckedSendable((ub, mb, vb, tb))
                outputs = ParallelChunks.map(chunkCount) { c in
                    let o = offsets[c]
                    return parseChunk(pb.value, bounds[c], bounds[c + 1], line: lines[c], format: format,
                                      users: cols.value.0 + o, movies: cols.value.1 + o,
                                      values: cols.value.2 + o, times: cols.value.3 + o,
                                      lenient: lenient, limit: limit, path: path)
                }
                // Close the gaps between chunks (blank lines, skipped rows).
                var w = outputs[0].written
                for c in 1..<chunkCount {
                    let o = offsets[c], m = outputs[c].written
                    if w != o && m > 0 {
                        memmove(ub + w, ub + o, m * 4)
                        memmove(mb + w, mb + o, m * 4)
                        memmove(vb + w, vb + o, m * 4)
                        memmove(tb + w, tb + o, m * 4)
                    }
                    w += m
                }
                return w
            }
            if let firstError = outputs.lazy.compactMap(\.error).first { throw firstError }
            for o in outputs { issues?.merge(o.issues) }
            return columns
        }
    }
}

/// What one chunk worker produced.
struct ChunkOutput: Sendable {
    var written = 0
    var issues: IssueLog
    var error: DataError?
}

extension RatingsParser {
    /// Parses rows of `p[start..<end]` (which starts at a line start, on line
    /// `line`) into the four output pointers; stops at the first error unless
    /// `lenient`, in which case bad rows are logged and skipped.
    static func parseChunk(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, line firstLine: Int,
                           format: RatingsFormat,
                           users: UnsafeMutablePointer<Int32>, movies: UnsafeMutablePointer<Int32>,
                           values: UnsafeMutablePointer<Float>, times: UnsafeMutablePointer<Int32>,
                           lenient: Bool, limit: Int, path: String) -> ChunkOutput {
        var out = ChunkOutput(issues: IssueLog(limit: limit))
        let sep = format.separator
        let dbl = format.doubleSeparator
        let scale = format.scale
        let lo = scale.lower, hi = scale.upper
        let maxID = Int64(Int32.max)
        var fields: [FieldSpan] = []
        fields.reserveCapacity(8)
        let tenths: (Double, Double, Double, Double, Double, Double, Double, Double, Double) =
            (1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8)  // a local, so the hot loop has no lazy-global check
        var i = start
        var line = firstLine
        var w = 0
        rows: while i < end {
            let c0 = p[i]
            if c0 == 0x0A { i += 1; line += 1; continue }
            if c0 == 0x0D && (i + 1 == end || p[i + 1] == 0x0A) { i += 1; continue }
            // Fast path: digits, separators, one optional decimal point.
            fast: do {
                var j = i
                var u: Int64 = 0
                var s = j
                while j < end { let d = p[j] &- 0x30; if d > 9 { break }; u = u &* 10 &+ Int64(d); j += 1 }
                guard j > s, j - s <= 10, j < end, p[j] == sep else { break fast }
                if dbl { guard j + 1 < end, p[j + 1] == sep else { break fast }; j += 2 } else { j += 1 }
                var m: Int64 = 0
                s = j
                while j < end { let d = p[j] &- 0x30; if d > 9 { break }; m = m &* 10 &+ Int64(d); j += 1 }
                guard j > s, j - s <= 10, j < end, p[j] == sep else { break fast }
                if dbl { guard j + 1 < end, p[j + 1] == sep else { break fast }; j += 2 } else { j += 1 }
                var mant: Int64 = 0
                s = j
                while j < end { let d = p[j] &- 0x30; if d > 9 { break }; mant = mant &* 10 &+ Int64(d); j += 1 }
                var digits = j - s
                var fraction = 0
                if j < end && p[j] == 0x2E {
                    j += 1
                    let f = j
                    while j < end { let d = p[j] &- 0x30; if d > 9 { break }; mant = mant &* 10 &+ Int64(d); j += 1 }
                    fraction = j - f
                    digits += fraction
                }
                guard digits > 0, digits <= 12, fraction <= 8, j < end, p[j] == sep else { break fast }
                if dbl { guard j + 1 < end, p[j + 1] == sep else { break fast }; j += 2 } else { j += 1 }
                var t: Int64 = 0
                s = j
                while j < end { let d = p[j] &- 0x30; if d > 9 { break }; t = t &* 10 &+ Int64(d); j += 1 }
                guard j > s, j - s <= 10 else { break fast }
                if j < end {
                    if p[j] == 0x0A { j += 1 } else if p[j] == 0x0D && (j + 1 == end || p[j + 1] == 0x0A) {
                        j += (j + 1 == end) ? 1 : 2
                    } else { break fast }
                }
                guard u <= maxID, m <= maxID, t <= maxID else { break fast }
                let v: Float
                switch fraction {
                case 0: v = Float(mant)
                case 1: v = Float(Double(mant) / tenths.1)
                case 2: v = Float(Double(mant) / tenths.2)
                default: v = Float(Double(mant) / withUnsafeBytes(of: tenths) { $0.load(fromByteOffset: 8 * fraction, as: Double.self) })
                }
                guard v >= lo, v <= hi, scale.isOnStep(v) else { break fast }
                users[w] = Int32(truncatingIfNeeded: u)
                movies[w] = Int32(truncatingIfNeeded: m)
                values[w] = v
                times[w] = Int32(truncatingIfNeeded: t)
                w += 1
                i = j
                line += 1
                continue rows
            }
            // Slow path: full RFC 4180 scan of this record with exact errors.
            var scanner = RecordScanner(UnsafeRawBufferPointer(start: p, count: end), separator: sep,
                                        doubleSeparator: dbl, quoting: !dbl && sep == 0x2C, path: path,
                                        position: i, line: line, end: end)
            do {
                guard let recordLine = try scanner.next(into: &fields) else { break rows }
                let row = try checkRow(scanner, fields, line: recordLine, format: format)
                users[w] = row.0; movies[w] = row.1; values[w] = row.2; times[w] = row.3
                w += 1
                i = scanner.position
                line = scanner.line
            } catch {
                let e = error as? DataError ?? DataError("\(error)", file: path, line: line)
                guard lenient else { out.error = e; out.written = w; return out }
                out.issues.record(e)
                // Skip to the next physical line.
                if let nl = ByteScan.find(0x0A, p, i, end) { i = nl + 1 } else { i = end }
                line += 1
            }
        }
        out.written = w
        return out
    }

    /// Validates one record field by field, naming the column and what was expected.
    static func checkRow(_ sc: RecordScanner, _ f: [FieldSpan], line: Int,
                         format: RatingsFormat) throws -> (Int32, Int32, Float, Int32) {
        let names = format.columns
        guard f.count == names.count else {
            throw DataError("expected \(names.count) fields (\(names.joined(separator: ", "))), found \(f.count)",
                            file: sc.path, line: line, kind: .raggedRow)
        }
        let p = sc.base!
        func id(_ k: Int) throws -> Int32 {
            let span = f[k]
            guard !span.escaped, let v = FieldParsing.int(p, span.start, span.end) else {
                throw DataError("expected an integer id, found '\(sc.display(span))'",
                                file: sc.path, line: line, column: names[k], kind: .invalidValue)
            }
            guard v >= 0 && v <= Int64(Int32.max) else {
                throw DataError("expected an id in 0...\(Int32.max), found \(v)",
                                file: sc.path, line: line, column: names[k], kind: .invalidValue)
            }
            return Int32(v)
        }
        let u = try id(0)
        let m = try id(1)
        let rs = f[2]
        guard !rs.escaped, let v = FieldParsing.decimal(p, rs.start, rs.end) else {
            throw DataError("expected a number, found '\(sc.display(rs))'",
                            file: sc.path, line: line, column: names[2], kind: .invalidValue)
        }
        guard v >= format.scale.lower && v <= format.scale.upper && format.scale.isOnStep(v) else {
            throw DataError("rating \(sc.display(rs)) is outside the scale (expected \(format.scale))",
                            file: sc.path, line: line, column: names[2], kind: .invalidValue)
        }
        let ts = f[3]
        guard !ts.escaped, let t = FieldParsing.int(p, ts.start, ts.end), t >= Int64(Int32.min), t <= Int64(Int32.max) else {
            throw DataError("expected Unix seconds (an integer that fits 32 bits), found '\(sc.display(ts))'",
                            file: sc.path, line: line, column: names[3], kind: .invalidValue)
        }
        return (u, m, v, Int32(t))
    }
}
