import Foundation
import Testing
import RecLabCore
@testable import RecLabData
import _TestSupport

/// `DatasetProfile` on a fixture whose figures are worked out by hand.
@Suite struct SummaryTests {
    @Test func countsHistogramDatesAndGenres() throws {
        let f = TempFolder()
        try Fixture.csvRelease(in: f)
        let s = DatasetProfile(try f.load(), layout: .csv)
        #expect(s.users == 3)              // 3 and 1 rated, 9 only tagged
        #expect(s.usersWithRatings == 2)
        #expect(s.movies == 4)
        #expect(s.moviesWithRatings == 3)  // movie 7 has no rating
        #expect(s.ratings == 4)
        #expect(isApprox(s.density, 4.0 / 6.0, abs: 1e-12))
        #expect(isApprox(s.meanRating, (4 + 0.5 + 5 + 3.5) / 4, abs: 1e-12))
        #expect(s.histogram.map(\.rating) == [0.5, 3.5, 4, 5])
        #expect(s.histogram.map(\.count) == [1, 1, 1, 1])
        #expect(s.firstRating == 964_981_247)
        #expect(s.lastRating == 964_983_815)
        #expect(s.tags == 2)
        #expect(s.genres.first?.genre == "Comedy")   // in movies 1 and 2
        #expect(s.genres.first?.movies == 2)
        #expect(s.genres.count == 8)
        #expect(s.ratingsPerUser.min == 2 && s.ratingsPerUser.max == 2)
        #expect(s.ratingsPerMovie.median == 1)
        // Round trip through JSON.
        let back = try JSONDecoder().decode(DatasetProfile.self, from: JSONEncoder().encode(s))
        #expect(back == s)
    }

    /// Linear-interpolation quantiles: for 1…10, position (n−1)q = 9q.
    @Test func distributionQuantiles() {
        let d = DatasetProfile.Distribution(Array(1...10))
        #expect(d.min == 1 && d.max == 10)
        #expect(isApprox(d.p10, 1.9, abs: 1e-12))
        #expect(isApprox(d.p25, 3.25, abs: 1e-12))
        #expect(isApprox(d.median, 5.5, abs: 1e-12))
        #expect(isApprox(d.p90, 9.1, abs: 1e-12))
        #expect(isApprox(d.mean, 5.5, abs: 1e-12))
        let empty = DatasetProfile.Distribution([Int]())
        #expect(empty.median == 0)
    }

    @Test func fingerprintListsSizesAndMD5() throws {
        let f = TempFolder()
        try Fixture.csvRelease(in: f)
        let fp = try DataFingerprint.of(f.url)
        #expect(fp.files.map(\.name) == ["movies.csv", "ratings.csv", "tags.csv", "links.csv"])
        #expect(fp.files[1].bytes == Fixture.ratings.utf8.count)
        #expect(fp.files[1].md5 == MD5.hex(Array(Fixture.ratings.utf8)))
    }
}
