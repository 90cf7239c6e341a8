import Foundation

/// Parses the source files of one layout into a `Dataset` (no cache).
///
/// Movies are numbered in the movies file's order; users in order of first
/// appearance in the ratings file, then the tags file.
struct SourceParser {
    let directory: URL
    let layout: MovieLensLayout
    var issues: IssueLog?
    /// Source files held in memory by name (`MovieLensLoader.parse(files:layout:lenientLimit:)`);
    /// when set, `directory` only names them in errors and nothing is read from disk.
    var memory: [String: [UInt8]]?

    init(directory: URL, layout: MovieLensLayout, lenientLimit: Int?, memory: [String: [UInt8]]? = nil) {
        self.directory = directory
        self.layout = layout
        self.memory = memory
        issues = lenientLimit.map { IssueLog(limit: $0) }
    }

    private func url(_ name: String) -> URL { directory.appendingPathComponent(name) }
    private func exists(_ name: String) -> Bool {
        if let memory { return memory[name] != nil }
        return FileManager.default.fileExists(atPath: url(name).path)
    }

    /// Opens a source file (a clear error when absent).
    private func open(_ name: String) throws -> MappedFile {
        guard exists(name) else {
            throw DataError("missing file (the \(layout.rawValue) layout needs \(layout.files.required.joined(separator: " and ")))",
                            file: url(name).path, kind: .missingFile)
        }
        if let bytes = memory?[name] { return MappedFile(copying: bytes, path: url(name).path) }
        return try MappedFile(url(name))
    }

    /// Records a bad row (lenient) or throws it (strict).
    private mutating func problem(_ e: DataError) throws {
        guard issues != nil else { throw e }
        issues!.record(e)
    }

    mutating func parse() throws -> Dataset {
        switch layout {
        case .csv: return try parseCSV()
        case .ml100k: return try parse100K()
        case .ml1m, .ml10m: return try parseDat()
        }
    }

    // MARK: - Shared pieces

    /// Reads and checks the header; returns a scanner positioned on the first data row.
    private func header(_ file: MappedFile, _ bytes: UnsafeRawBufferPointer, expected: [String]) throws -> RecordScanner {
        var start = 0
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { start = 3 }  // UTF-8 BOM
        var sc = RecordScanner(bytes, separator: 0x2C, quoting: true, path: file.path, position: start)
        var fields: [FieldSpan] = []
        guard let line = try sc.next(into: &fields) else {
            throw DataError("file is empty (expected a header line '\(expected.joined(separator: ","))')",
                            file: file.path, line: 1, kind: .emptyFile)
        }
        let found = try fields.map { try sc.string($0, encoding: .utf8, line: line, column: "header") }
        if found == expected { return sc }
        let foundText = found.joined(separator: ",")
        for (k, name) in expected.enumerated() where k >= found.count || found[k] != name {
            let what: String
            if let j = found.firstIndex(of: name) {
                what = "column '\(name)' is column \(j + 1), expected it as column \(k + 1)"
            } else if k < found.count {
                what = "expected column \(k + 1) to be '\(name)', found '\(found[k])'"
            } else {
                what = "missing column '\(name)'"
            }
            throw DataError("\(what) (expected header '\(expected.joined(separator: ","))', found '\(foundText)')",
                            file: file.path, line: line, column: name, kind: .header)
        }
        throw DataError("unexpected extra column '\(found[expected.count])' (expected header '\(expected.joined(separator: ","))', found '\(foundText)')",
                        file: file.path, line: line, column: found[expected.count], kind: .header)
    }

    private func intField(_ sc: RecordScanner, _ span: FieldSpan, line: Int, column: String, allowEmpty: Bool = false) throws -> Int? {
        if allowEmpty && span.count == 0 { return nil }
        guard let p = sc.base, !span.escaped, let v = FieldParsing.int(p, span.start, span.end),
              v >= 0, v <= Int64(Int32.max) else {
            throw DataError("expected an integer id in 0...\(Int32.max), found '\(sc.display(span))'",
                            file: sc.path, line: line, column: column, kind: .invalidValue)
        }
        return Int(v)
    }

    private func timestamp(_ sc: RecordScanner, _ span: FieldSpan, line: Int, column: String) throws -> Int32 {
        guard let p = sc.base, !span.escaped, let v = FieldParsing.int(p, span.start, span.end),
              v >= Int64(Int32.min), v <= Int64(Int32.max) else {
            throw DataError("expected Unix seconds (an integer that fits 32 bits), found '\(sc.display(span))'",
                            file: sc.path, line: line, column: column, kind: .invalidValue)
        }
        return Int32(v)
    }

    private func ragged(_ sc: RecordScanner, line: Int, expected: [String], found: Int) -> DataError {
        DataError("expected \(expected.count) fields (\(expected.joined(separator: ", "))), found \(found)",
                  file: sc.path, line: line, kind: .raggedRow)
    }

    /// Movies table being built.
    private struct MovieTable {
        var ids = IDMapper(tableSize: 0)
        var titles: [String] = []
        var genres: [[String]] = []
        var rawIDs: [Int] = []
    }

    private mutating func addMovie(_ t: inout MovieTable, id: Int, title: String, genres: [String],
                                   path: String, line: Int, column: String) throws {
        if t.ids.lookup(id) != nil {
            try problem(DataError("duplicate movie id \(id)", file: path, line: line, column: column, kind: .invalidValue))
            return
        }
        _ = t.ids.insert(id)
        t.titles.append(title)
        t.genres.append(genres)
    }

    /// Parses the ratings file and maps ids; unknown movies are errors (strict) or skipped (lenient).
    private mutating func ratings(_ file: MappedFile, dataStart: Int, firstLine: Int, format: RatingsFormat,
                                  movies: IDMapper, users: inout IDMapper) throws -> Ratings {
        var raw = try RatingsParser.parse(file, dataStart: dataStart, firstLine: firstLine, format: format, issues: &issues)
        // Movies: raw → inner through the movie table; unknown ids are reported.
        var unknownRows: [Int] = []
        raw.movies.withUnsafeMutableBufferPointer { m in
            for i in 0..<m.count {
                if let v = movies.lookup(Int(m[i])) { m[i] = v } else { unknownRows.append(i) }
            }
        }
        if !unknownRows.isEmpty {
            let r = unknownRows[0]
            let movieColumn = format.columns[1]
            guard issues != nil else {
                let line = try lineOfRow(file, dataStart: dataStart, firstLine: firstLine, format: format, row: r)
                throw DataError("movie id \(raw.movies[r]) is not in the movies file",
                                file: file.path, line: line, column: movieColumn, kind: .unknownReference)
            }
            for r in unknownRows {
                issues!.record(DataError("rating by user \(raw.users[r]) of movie id \(raw.movies[r]), which is not in the movies file",
                                         file: file.path, column: movieColumn, kind: .unknownReference))
            }
            raw = Self.removing(unknownRows, from: raw)
        }
        let maxUser = raw.users.max().map(Int.init) ?? -1
        if users.count == 0 && users.table.count < maxUser + 1 { users = IDMapper(tableSize: maxUser + 1) }
        users.insertInPlace(&raw.users)
        return Ratings(users: raw.users, movies: raw.movies, values: raw.values, timestamps: raw.timestamps)
    }

    private static func removing(_ rows: [Int], from raw: RawRatingColumns) -> RawRatingColumns {
        var keep = [Bool](repeating: true, count: raw.count)
        for r in rows { keep[r] = false }
        var out = RawRatingColumns(users: [], movies: [], values: [], timestamps: [])
        for i in 0..<raw.count where keep[i] {
            out.users.append(raw.users[i]); out.movies.append(raw.movies[i])
            out.values.append(raw.values[i]); out.timestamps.append(raw.timestamps[i])
        }
        return out
    }

    /// The line of data row `row` (strict mode: every record is a row). Error path only.
    private func lineOfRow(_ file: MappedFile, dataStart: Int, firstLine: Int, format: RatingsFormat, row: Int) throws -> Int {
        try file.withBytes { b in
            var sc = RecordScanner(b, separator: format.separator, doubleSeparator: format.doubleSeparator,
                                   quoting: !format.doubleSeparator && format.separator == 0x2C, path: file.path,
                                   position: dataStart, line: firstLine)
            var fields: [FieldSpan] = []
            var k = 0
            while let line = try sc.next(into: &fields) {
                if k == row { return line }
                k += 1
            }
            return sc.line
        }
    }

    // MARK: - CSV releases

    private mutating func parseCSV() throws -> Dataset {
        var movies = MovieTable()
        let moviesFile = try open("movies.csv")
        let ratingsFile = try open("ratings.csv")
        try moviesFile.withBytes { b in
            var sc = try header(moviesFile, b, expected: ["movieId", "title", "genres"])
            var f: [FieldSpan] = []
            movies.ids = IDMapper(tableSize: 1 << 19)
            while true {
                let line: Int
                do {
                    guard let l = try sc.next(into: &f) else { break }
                    line = l
                    guard f.count == 3 else { throw ragged(sc, line: line, expected: ["movieId", "title", "genres"], found: f.count) }
                    let id = try intField(sc, f[0], line: line, column: "movieId")!
                    let title = try sc.string(f[1], encoding: .utf8, line: line, column: "title")
                    let g = try sc.string(f[2], encoding: .utf8, line: line, column: "genres")
                    try addMovie(&movies, id: id, title: title, genres: g.split(separator: "|").map(String.init),
                                 path: moviesFile.path, line: line, column: "movieId")
                } catch let e as DataError {
                    try problem(e)
                    sc.recoverAfterError()
                }
            }
        }
        let columns = ["userId", "movieId", "rating", "timestamp"]
        var users = IDMapper(tableSize: 0)
        let ratings = try ratingsFile.withBytes { b -> (Int, Int) in
            let sc = try header(ratingsFile, b, expected: columns)
            return (sc.position, sc.line)
        }
        let rated = try self.ratings(ratingsFile, dataStart: ratings.0, firstLine: ratings.1,
                                     format: RatingsFormat(separator: 0x2C, doubleSeparator: false, columns: columns, scale: .halfStars),
                                     movies: movies.ids, users: &users)
        if rated.isEmpty && issues == nil {
            throw DataError("no ratings (the file has a header but no rows)", file: ratingsFile.path, kind: .emptyFile)
        }
        var tags = Tags()
        if exists("tags.csv") {
            let tagsFile = try open("tags.csv")
            let cols = ["userId", "movieId", "tag", "timestamp"]
            try tagsFile.withBytes { b in
                var sc = try header(tagsFile, b, expected: cols)
                var f: [FieldSpan] = []
                while true {
                    do {
                        guard let line = try sc.next(into: &f) else { break }
                        guard f.count == 4 else { throw ragged(sc, line: line, expected: cols, found: f.count) }
                        let u = try intField(sc, f[0], line: line, column: "userId")!
                        let m = try intField(sc, f[1], line: line, column: "movieId")!
                        let text = try sc.string(f[2], encoding: .utf8, line: line, column: "tag")
                        let t = try timestamp(sc, f[3], line: line, column: "timestamp")
                        guard let mi = movies.ids.lookup(m) else {
                            throw DataError("movie id \(m) is not in movies.csv", file: tagsFile.path, line: line,
                                            column: "movieId", kind: .unknownReference)
                        }
                        tags.append(user: users.insert(u), movie: mi, text: text, timestamp: t)
                    } catch let e as DataError {
                        try problem(e)
                        sc.recoverAfterError()
                    }
                }
            }
        }
        var links = Links()
        if exists("links.csv") {
            let linksFile = try open("links.csv")
            let cols = ["movieId", "imdbId", "tmdbId"]
            var imdb = [Int?](repeating: nil, count: movies.titles.count)
            var tmdb = imdb
            try linksFile.withBytes { b in
                var sc = try header(linksFile, b, expected: cols)
                var f: [FieldSpan] = []
                while true {
                    do {
                        guard let line = try sc.next(into: &f) else { break }
                        guard f.count == 3 else { throw ragged(sc, line: line, expected: cols, found: f.count) }
                        let m = try intField(sc, f[0], line: line, column: "movieId")!
                        let i = try intField(sc, f[1], line: line, column: "imdbId", allowEmpty: true)
                        let t = try intField(sc, f[2], line: line, column: "tmdbId", allowEmpty: true)
                        guard let mi = movies.ids.lookup(m) else {
                            throw DataError("movie id \(m) is not in movies.csv", file: linksFile.path, line: line,
                                            column: "movieId", kind: .unknownReference)
                        }
                        imdb[Int(mi)] = i
                        tmdb[Int(mi)] = t
                    } catch let e as DataError {
                        try problem(e)
                        sc.recoverAfterError()
                    }
                }
            }
            links = Links(imdb: imdb, tmdb: tmdb)
        }
        return Dataset(name: directory.lastPathComponent, users: users.vocabulary, movies: movies.ids.vocabulary,
                       titles: movies.titles, genres: movies.genres, ratings: rated, tags: tags,
                       ratingScale: layout.scale.range, links: links)
    }

    // MARK: - ml-100k

    /// The 19 genre flags of `u.item`, in column order (as listed in `u.genre`).
    static let ml100kGenres = ["unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime",
                               "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery",
                               "Romance", "Sci-Fi", "Thriller", "War", "Western"]

    private mutating func parse100K() throws -> Dataset {
        var movies = MovieTable()
        movies.ids = IDMapper(tableSize: 1 << 16)
        let itemFile = try open("u.item")
        let dataFile = try open("u.data")
        var genreNames = Self.ml100kGenres
        if exists("u.genre") {
            let gf = try open("u.genre")
            var named: [(Int, String)] = []
            try gf.withBytes { b in
                var sc = RecordScanner(b, separator: 0x7C, quoting: false, path: gf.path)
                var f: [FieldSpan] = []
                while let line = try sc.next(into: &f) {
                    guard f.count == 2, let k = try intField(sc, f[1], line: line, column: "genre index") else {
                        throw ragged(sc, line: line, expected: ["genre", "index"], found: f.count)
                    }
                    named.append((k, sc.latin1String(f[0])))
                }
            }
            if !named.isEmpty {
                genreNames = named.sorted { $0.0 < $1.0 }.map(\.1)
            }
        }
        let fixed = ["movie id", "movie title", "release date", "video release date", "IMDb URL"]
        let expectedFields = fixed.count + genreNames.count
        try itemFile.withBytes { b in
            var sc = RecordScanner(b, separator: 0x7C, quoting: false, path: itemFile.path)
            var f: [FieldSpan] = []
            if b.count == 0 { throw DataError("file is empty", file: itemFile.path, line: 1, kind: .emptyFile) }
            while true {
                do {
                    guard let line = try sc.next(into: &f) else { break }
                    guard f.count == expectedFields else {
                        throw DataError("expected \(expectedFields) '|'-separated fields (5 + \(genreNames.count) genre flags), found \(f.count)",
                                        file: itemFile.path, line: line, kind: .raggedRow)
                    }
                    let id = try intField(sc, f[0], line: line, column: "movie id")!
                    var g: [String] = []
                    for (k, name) in genreNames.enumerated() {
                        let span = f[fixed.count + k]
                        guard span.count == 1, let p = sc.base, p[span.start] == 0x30 || p[span.start] == 0x31 else {
                            throw DataError("expected a genre flag 0 or 1, found '\(sc.display(span))'",
                                            file: itemFile.path, line: line, column: name, kind: .invalidValue)
                        }
                        if p[span.start] == 0x31 { g.append(name) }
                    }
                    try addMovie(&movies, id: id, title: sc.latin1String(f[1]), genres: g,
                                 path: itemFile.path, line: line, column: "movie id")
                } catch let e as DataError {
                    try problem(e)
                    sc.recoverAfterError()
                }
            }
        }
        if dataFile.count == 0 { throw DataError("file is empty", file: dataFile.path, line: 1, kind: .emptyFile) }
        var users = IDMapper(tableSize: 0)
        let rated = try ratings(dataFile, dataStart: 0, firstLine: 1,
                                format: RatingsFormat(separator: 0x09, doubleSeparator: false,
                                                      columns: ["user id", "item id", "rating", "timestamp"], scale: .wholeStars),
                                movies: movies.ids, users: &users)
        return Dataset(name: directory.lastPathComponent, users: users.vocabulary, movies: movies.ids.vocabulary,
                       titles: movies.titles, genres: movies.genres, ratings: rated, ratingScale: layout.scale.range)
    }

    // MARK: - ml-1m / ml-10m

    private mutating func parseDat() throws -> Dataset {
        var movies = MovieTable()
        movies.ids = IDMapper(tableSize: 1 << 19)
        let moviesFile = try open("movies.dat")
        let ratingsFile = try open("ratings.dat")
        try moviesFile.withBytes { b in
            if b.count == 0 { throw DataError("file is empty", file: moviesFile.path, line: 1, kind: .emptyFile) }
            var sc = RecordScanner(b, separator: 0x3A, doubleSeparator: true, quoting: false, path: moviesFile.path)
            var f: [FieldSpan] = []
            while true {
                do {
                    guard let line = try sc.next(into: &f) else { break }
                    guard f.count >= 3 else { throw ragged(sc, line: line, expected: ["MovieID", "Title", "Genres"], found: f.count) }
                    let id = try intField(sc, f[0], line: line, column: "MovieID")!
                    // A title containing "::" spans several fields: join them back.
                    let title = f[1..<(f.count - 1)].map { sc.string($0, encodingUTF8OrLatin1: ()) }.joined(separator: "::")
                    let g = sc.string(f[f.count - 1], encodingUTF8OrLatin1: ())
                    try addMovie(&movies, id: id, title: title, genres: g.split(separator: "|").map(String.init),
                                 path: moviesFile.path, line: line, column: "MovieID")
                } catch let e as DataError {
                    try problem(e)
                    sc.recoverAfterError()
                }
            }
        }
        if ratingsFile.count == 0 { throw DataError("file is empty", file: ratingsFile.path, line: 1, kind: .emptyFile) }
        var users = IDMapper(tableSize: 0)
        let rated = try ratings(ratingsFile, dataStart: 0, firstLine: 1,
                                format: RatingsFormat(separator: 0x3A, doubleSeparator: true,
                                                      columns: ["UserID", "MovieID", "Rating", "Timestamp"], scale: layout.scale),
                                movies: movies.ids, users: &users)
        var tags = Tags()
        if exists("tags.dat") {
            let tagsFile = try open("tags.dat")
            let cols = ["UserID", "MovieID", "Tag", "Timestamp"]
            try tagsFile.withBytes { b in
                var sc = RecordScanner(b, separator: 0x3A, doubleSeparator: true, quoting: false, path: tagsFile.path)
                var f: [FieldSpan] = []
                while true {
                    do {
                        guard let line = try sc.next(into: &f) else { break }
                        guard f.count >= 4 else { throw ragged(sc, line: line, expected: cols, found: f.count) }
                        let u = try intField(sc, f[0], line: line, column: "UserID")!
                        let m = try intField(sc, f[1], line: line, column: "MovieID")!
                        let text = f[2..<(f.count - 1)].map { sc.string($0, encodingUTF8OrLatin1: ()) }.joined(separator: "::")
                        let t = try timestamp(sc, f[f.count - 1], line: line, column: "Timestamp")
                        guard let mi = movies.ids.lookup(m) else {
                            throw DataError("movie id \(m) is not in movies.dat", file: tagsFile.path, line: line,
                                            column: "MovieID", kind: .unknownReference)
                        }
                        tags.append(user: users.insert(u), movie: mi, text: text, timestamp: t)
                    } catch let e as DataError {
                        try problem(e)
                        sc.recoverAfterError()
                    }
                }
            }
        }
        return Dataset(name: directory.lastPathComponent, users: users.vocabulary, movies: movies.ids.vocabulary,
                       titles: movies.titles, genres: movies.genres, ratings: rated, tags: tags,
                       ratingScale: layout.scale.range)
    }
}

extension RecordScanner {
    /// UTF-8 where valid, else ISO-8859-1 (the `.dat` releases mix both).
    func string(_ span: FieldSpan, encodingUTF8OrLatin1: Void) -> String {
        utf8String(span) ?? latin1String(span)
    }
}
