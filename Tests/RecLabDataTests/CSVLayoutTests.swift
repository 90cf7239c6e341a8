import Foundation
import Testing
@testable import RecLabData

/// The CSV releases (ml-latest-small, ml-20m, …) from fixtures the tests write.
@Suite struct CSVLayoutTests {
    @Test func loadsEveryFileWithQuotingAndIds() throws {
        let f = TempFolder()
        try Fixture.csvRelease(in: f)
        let ds = try f.load()
        #expect(ds.movies.rawIDs == [1, 2, 5, 7])
        #expect(ds.titles == ["Toy Story (1995)", "American President, The (1995)",
                              "Movie with \"quotes\" (2001)", "Untitled (2010)"])
        #expect(ds.genres[3] == ["(no genres listed)"])
        #expect(ds.genres[1] == ["Comedy", "Drama", "Romance"])
        // Users in order of first appearance: ratings first (3, 1), then tags (9).
        #expect(ds.users.rawIDs == [3, 1, 9])
        #expect(ds.ratings.users == [0, 0, 1, 1])
        #expect(ds.ratings.movies == [0, 1, 2, 0])
        #expect(ds.ratings.values == [4, 0.5, 5, 3.5])
        #expect(ds.ratings.timestamps == [964_982_703, 964_981_247, 964_982_224, 964_983_815])
        #expect(ds.tags.texts == ["funny, sad", "pixar"])
        #expect(ds.tags.users == [2, 0])
        #expect(ds.links.imdb == [114_709, 112_346, 113_041, 114_576])
        #expect(ds.links.tmdb == [862, nil, 11862, 9091])
        #expect(ds.ratingScale == 0.5...5)
    }

    @Test func crlfBomAndMissingFinalNewlineAreTolerated() throws {
        let f = TempFolder()
        let crlf = { (s: String) in s.replacingOccurrences(of: "\n", with: "\r\n") }
        var movies = [UInt8]([0xEF, 0xBB, 0xBF]) + Array(crlf(Fixture.movies).utf8)
        movies.removeLast(2)  // no final line break
        try f.write("movies.csv", movies)
        try f.write("ratings.csv", crlf(Fixture.ratings))
        let ds = try f.load()
        #expect(ds.titles.last == "Untitled (2010)")
        #expect(ds.genres.last == ["(no genres listed)"])
        #expect(ds.ratings.count == 4)
        #expect(ds.tags.count == 0)
        #expect(ds.links.isEmpty)
    }

    @Test func quotedFieldsMaySpanLines() throws {
        let f = TempFolder()
        try Fixture.csvRelease(in: f, tags: "userId,movieId,tag,timestamp\n3,1,\"two\nlines\",5\n4,2,x,6\n")
        let ds = try f.load()
        #expect(ds.tags.texts == ["two\nlines", "x"])
    }

    @Test func quotedNumbersInRatingsAreAccepted() throws {
        let f = TempFolder()
        try Fixture.csvRelease(in: f, ratings: "userId,movieId,rating,timestamp\n\"3\",1,\"4.5\",10\n")
        let ds = try f.load()
        #expect(ds.ratings.values == [4.5])
    }

    /// A ratings file large enough to be split into parallel chunks parses
    /// to exactly the rows the test wrote (its own generator is the oracle),
    /// and an error near the end still names the right line.
    @Test func largeFilesParseInChunksExactly() throws {
        let f = TempFolder()
        var rng = SplitMixForTests(seed: 7)
        var text = "userId,movieId,rating,timestamp\n"
        var expected: [(Int, Int, Float, Int)] = []
        for _ in 0..<80_000 {
            let u = Int(rng.next() % 500) + 1
            let m = [1, 2, 5, 7][Int(rng.next() % 4)]
            let r = Float(rng.next() % 10 + 1) / 2
            let t = Int(rng.next() % 1_500_000_000)
            expected.append((u, m, r, t))
            text += "\(u),\(m),\(r == r.rounded() ? String(Int(r)) : String(r)),\(t)\n"
        }
        try Fixture.csvRelease(in: f, ratings: text)
        let ds = try f.load()
        try #require(ds.ratings.count == expected.count)
        for (i, e) in expected.enumerated() {
            #expect(ds.users.raw(ds.ratings.users[i]) == e.0)
            #expect(ds.movies.raw(ds.ratings.movies[i]) == e.1)
            #expect(ds.ratings.values[i] == e.2)
            #expect(Int(ds.ratings.timestamps[i]) == e.3)
            if i > 50 { break }
        }
        #expect(zip(ds.ratings.values, expected).allSatisfy { $0 == $1.2 })
        #expect(zip(ds.ratings.timestamps, expected).allSatisfy { Int($0) == $1.3 })
        #expect(zip(ds.ratings.users, expected).allSatisfy { ds.users.raw($0) == $1.0 })

        // Corrupt line 79_990 (header is line 1, so row 79_989 counting from 1).
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[79_989] = "1,1,abc,5"
        try f.write("ratings.csv", lines.joined(separator: "\n"))
        let e = #expect(throws: DataError.self) { try f.load() }
        #expect(e?.line == 79_990)
        #expect(e?.column == "rating")
    }
}

/// A tiny independent generator for fixtures (SplitMix64 written out again so
/// the test does not depend on the library's own code).
struct SplitMixForTests {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
