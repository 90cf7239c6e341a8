import Foundation

/// Loads a MovieLens folder into a `Dataset`.
///
/// Foundation skeleton: reads the CSV layout (`ratings.csv`, `movies.csv`,
/// `tags.csv`). Movies are numbered in `movies.csv` order; users in order of
/// first appearance in `ratings.csv`, then `tags.csv`.
public enum MovieLensLoader {
    public static func load(_ directory: URL, name: String? = nil) throws -> Dataset {
        var users = Vocabulary()
        var movies = Vocabulary()
        var titles: [String] = []
        var genres: [[String]] = []

        let moviesURL = directory.appendingPathComponent("movies.csv")
        try CSVReader.forEachRecord(moviesURL, expectedHeader: ["movieId", "title", "genres"]) { line, f in
            let id = try CSVReader.int(f[0], file: moviesURL, line: line, column: "movieId")
            movies.insert(id)
            titles.append(f[1])
            genres.append(f[2].split(separator: "|").map(String.init))
        }

        var ratings = Ratings()
        let ratingsURL = directory.appendingPathComponent("ratings.csv")
        try CSVReader.forEachRecord(ratingsURL, expectedHeader: ["userId", "movieId", "rating", "timestamp"]) { line, f in
            let u = try CSVReader.int(f[0], file: ratingsURL, line: line, column: "userId")
            let m = try CSVReader.int(f[1], file: ratingsURL, line: line, column: "movieId")
            guard let r = Float(f[2]), r.isFinite else {
                throw DataError("expected a number, found '\(f[2])'", file: ratingsURL.path, line: line, column: "rating")
            }
            let t = try CSVReader.int(f[3], file: ratingsURL, line: line, column: "timestamp")
            guard let mi = movies.inner(m) else {
                throw DataError("movieId \(m) is not in movies.csv", file: ratingsURL.path, line: line, column: "movieId")
            }
            ratings.append(user: users.insert(u), movie: mi, value: r, timestamp: Int32(clamping: t))
        }

        var tags = Tags()
        let tagsURL = directory.appendingPathComponent("tags.csv")
        if FileManager.default.fileExists(atPath: tagsURL.path) {
            try CSVReader.forEachRecord(tagsURL, expectedHeader: ["userId", "movieId", "tag", "timestamp"]) { line, f in
                let u = try CSVReader.int(f[0], file: tagsURL, line: line, column: "userId")
                let m = try CSVReader.int(f[1], file: tagsURL, line: line, column: "movieId")
                let t = try CSVReader.int(f[3], file: tagsURL, line: line, column: "timestamp")
                guard let mi = movies.inner(m) else {
                    throw DataError("movieId \(m) is not in movies.csv", file: tagsURL.path, line: line, column: "movieId")
                }
                tags.append(user: users.insert(u), movie: mi, text: f[2], timestamp: Int32(clamping: t))
            }
        }
        return Dataset(name: name ?? directory.lastPathComponent, users: users, movies: movies, titles: titles,
                       genres: genres, ratings: ratings, tags: tags)
    }
}

/// A small RFC 4180 reader: quoted fields with commas and doubled quotes, CRLF tolerated.
enum CSVReader {
    static func forEachRecord(_ url: URL, expectedHeader: [String],
                              _ body: (_ line: Int, _ fields: [String]) throws -> Void) throws {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw DataError("cannot read file (missing or unreadable)", file: url.path)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DataError("file is not valid UTF-8", file: url.path)
        }
        var lineNumber = 0
        var header: [String]?
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            var line = Substring(rawLine)
            if line.hasSuffix("\r") { line = line.dropLast() }
            if line.isEmpty { continue }
            let fields = try split(line, file: url, line: lineNumber)
            if header == nil {
                guard fields == expectedHeader else {
                    throw DataError("expected header \(expectedHeader.joined(separator: ",")), found \(fields.joined(separator: ","))",
                                    file: url.path, line: lineNumber)
                }
                header = fields
                continue
            }
            guard fields.count == expectedHeader.count else {
                throw DataError("expected \(expectedHeader.count) fields, found \(fields.count)", file: url.path, line: lineNumber)
            }
            try body(lineNumber, fields)
        }
        if header == nil { throw DataError("file is empty (expected a header line)", file: url.path) }
    }

    static func split(_ line: Substring, file: URL, line lineNumber: Int) throws -> [String] {
        var fields: [String] = []
        var current = ""
        var inQuotes = false
        var i = line.startIndex
        while i < line.endIndex {
            let c = line[i]
            if inQuotes {
                if c == "\"" {
                    let next = line.index(after: i)
                    if next < line.endIndex && line[next] == "\"" { current.append("\""); i = next } else { inQuotes = false }
                } else { current.append(c) }
            } else if c == "\"" { inQuotes = true }
            else if c == "," { fields.append(current); current = "" }
            else { current.append(c) }
            i = line.index(after: i)
        }
        if inQuotes { throw DataError("unterminated quoted field", file: file.path, line: lineNumber) }
        fields.append(current)
        return fields
    }

    static func int(_ s: String, file: URL, line: Int, column: String) throws -> Int {
        guard let v = Int(s) else {
            throw DataError("expected an integer, found '\(s)'", file: file.path, line: line, column: column)
        }
        return v
    }
}
