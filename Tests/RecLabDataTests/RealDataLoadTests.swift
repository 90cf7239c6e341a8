import Testing
import RecLabData
import _TestSupport

/// The real ml-latest-small matches the counts its README.txt states.
@Suite(.enabled(if: RealData.isAvailable, RealData.missingReason))
struct RealDataLoadTests {
    @Test func countsMatchTheReleaseReadme() throws {
        let ds = try #require(try RealData.mlLatestSmall())
        #expect(ds.ratings.count == 100_836)
        #expect(ds.tags.count == 3_683)
        #expect(ds.movieCount == 9_742)
        #expect(Set(ds.ratings.users).count == 610)
        #expect(Set(ds.genres.joined()).count == 20)
    }

    @Test func quotedTitlesKeepTheirCommas() throws {
        let ds = try #require(try RealData.mlLatestSmall())
        #expect(ds.titles.contains("American President, The (1995)"))
    }
}
