import Foundation
import Testing
@testable import RecLabData

/// Every kind of bad input gives a `DataError` naming the file, line and
/// column and saying what was expected; lenient mode skips and reports.
@Suite struct BadInputTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var file: String
        var content: [UInt8]
        var kind: DataError.Kind
        var line: Int?
        var column: String?
        var messageContains: String
        var testDescription: String { name }

        init(_ name: String, _ file: String, _ text: String, _ kind: DataError.Kind, line: Int?, column: String?,
             _ messageContains: String) {
            self.init(name, file, Array(text.utf8), kind, line: line, column: column, messageContains)
        }

        init(_ name: String, _ file: String, _ bytes: [UInt8], _ kind: DataError.Kind, line: Int?, column: String?,
             _ messageContains: String) {
            self.name = name; self.file = file; content = bytes; self.kind = kind
            self.line = line; self.column = column; self.messageContains = messageContains
        }
    }

    static let header = "userId,movieId,rating,timestamp\n"
    static let cases: [Case] = [
        Case("renamed column", "ratings.csv", "userId,movieId,score,timestamp\n1,1,4,5\n", .header, line: 1, column: "rating",
             "expected column 3 to be 'rating', found 'score'"),
        Case("missing column", "ratings.csv", "userId,movieId,rating\n1,1,4\n", .header, line: 1, column: "timestamp",
             "missing column 'timestamp'"),
        Case("moved column", "movies.csv", "title,movieId,genres\nx,1,Drama\n", .header, line: 1, column: "movieId",
             "column 'movieId' is column 2"),
        Case("non-numeric rating", "ratings.csv", header + "1,1,4.0,5\n1,2,good,5\n", .invalidValue, line: 3, column: "rating",
             "expected a number, found 'good'"),
        Case("out-of-scale rating", "ratings.csv", header + "1,1,5.5,5\n", .invalidValue, line: 2, column: "rating",
             "outside the scale"),
        Case("off-step rating", "ratings.csv", header + "1,1,3.7,5\n", .invalidValue, line: 2, column: "rating",
             "outside the scale"),
        Case("non-integer user", "ratings.csv", header + "1,1,4,5\nx7,1,4,5\n", .invalidValue, line: 3, column: "userId",
             "expected an integer id, found 'x7'"),
        Case("bad timestamp", "ratings.csv", header + "1,1,4,soon\n", .invalidValue, line: 2, column: "timestamp",
             "expected Unix seconds"),
        Case("ragged ratings row", "ratings.csv", header + "1,1,4,5\n1,2,4\n", .raggedRow, line: 3, column: nil,
             "expected 4 fields (userId, movieId, rating, timestamp), found 3"),
        Case("ragged movies row", "movies.csv", "movieId,title,genres\n1,a,Drama,extra\n", .raggedRow, line: 2, column: nil,
             "expected 3 fields"),
        Case("unterminated quote", "movies.csv", "movieId,title,genres\n1,\"open,Drama\n", .raggedRow, line: 2, column: "field 2",
             "unterminated quoted field"),
        Case("empty file", "ratings.csv", "", .emptyFile, line: 1, column: nil, "file is empty"),
        Case("header only", "ratings.csv", header, .emptyFile, line: nil, column: nil, "no ratings"),
        Case("invalid UTF-8", "movies.csv", Array("movieId,title,genres\n1,Caf".utf8) + [0xE9] + Array(" (1990),Drama\n".utf8),
             .encoding, line: 2, column: "title", "invalid UTF-8"),
        Case("unknown movie", "ratings.csv", header + "1,1,4,5\n1,99,4,5\n", .unknownReference, line: 3, column: "movieId",
             "movie id 99 is not in the movies file"),
        Case("duplicate movie", "movies.csv", "movieId,title,genres\n1,a,Drama\n1,b,Drama\n", .invalidValue, line: 3,
             column: "movieId", "duplicate movie id 1"),
    ]

    @Test(arguments: cases)
    func strictModeNamesFileLineAndColumn(_ c: Case) throws {
        let f = TempFolder()
        try Fixture.csvRelease(in: f, ratings: Self.header + "1,1,4,5\n", movies: "movieId,title,genres\n1,a,Drama\n",
                               tags: nil, links: nil)
        try f.write(c.file, c.content)
        let e = #expect(throws: DataError.self) { try f.load() }
        #expect(e?.kind == c.kind)
        #expect(e?.file == f.path(c.file))
        #expect(e?.line == c.line)
        #expect(e?.column == c.column)
        #expect(e?.message.contains(c.messageContains) == true, "message was: \(e?.message ?? "-")")
    }

    @Test func missingFileSaysWhatIsNeeded() throws {
        let f = TempFolder()
        try f.write("movies.csv", "movieId,title,genres\n1,a,Drama\n")
        let e = #expect(throws: DataError.self) { try f.load() }
        #expect(e?.kind == .missingFile)
        #expect(e?.file == f.path("ratings.csv"))
        #expect(e?.message.contains("needs movies.csv and ratings.csv") == true)
    }

    @Test func notAMovieLensFolder() throws {
        let f = TempFolder()
        try f.write("notes.txt", "hello")
        let e = #expect(throws: DataError.self) { try f.load() }
        #expect(e?.kind == .missingFile)
        #expect(e?.message.contains("not a MovieLens folder") == true)
    }

    @Test func lenientModeSkipsBadRowsAndReportsTheFirstFew() throws {
        let f = TempFolder()
        var ratings = Self.header
        ratings += "1,1,4,5\n1,1,good,5\n2,1,9,5\n3,1\n4,42,3,5\n5,1,2.5,5\n"
        for k in 0..<20 { ratings += "\(k + 10),1,bad\(k),5\n" }
        try Fixture.csvRelease(in: f, ratings: ratings, movies: "movieId,title,genres\n1,a,Drama\n", tags: nil, links: nil)
        let out = try MovieLensLoader.loadWithReport(f.url, options: LoadOptions(strictness: .lenient(reportLimit: 3), cache: .disabled))
        #expect(out.dataset.ratings.count == 2)
        #expect(out.dataset.users.rawIDs == [1, 5])
        #expect(out.report.skippedRows == 24)
        #expect(out.report.firstProblems.count == 3)
        #expect(out.report.firstProblems.map(\.line) == [3, 4, 5])
        #expect(out.report.firstProblems.map(\.column) == ["rating", "rating", nil])
        // Strict mode stops at the first one.
        let e = #expect(throws: DataError.self) { try f.load() }
        #expect(e?.line == 3)
    }
}
