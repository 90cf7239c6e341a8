import Testing
@testable import RecLabData
import Foundation
import _TestSupport

/// The real ml-latest-small matches the counts its README.txt states.
@Suite(.requiresRealData)
struct RealDataLoadTests {
    @Test func countsMatchTheReleaseReadme() throws {
        let ds = try #require(try RealData.mlLatestSmall())
        #expect(ds.ratings.count == 100_836)
        #expect(ds.tags.count == 3_683)
        #expect(ds.movieCount == 9_742)
        #expect(Set(ds.ratings.users).count == 610)
        #expect(Set(ds.genres.joined()).count == 20)
    }

    /// The fetch command's README check reads the real README's counts.
    @Test func readmeCountsMatchTheLoadedData() throws {
        let ds = try #require(try RealData.mlLatestSmall())
        let url = try #require(RealData.mlLatestSmallURL).appendingPathComponent("README.txt")
        let counts = try ReleaseFetcher.checkReadme(url, ds)
        #expect(counts["ratings"] == [100_836, 100_836])
        #expect(counts["tag applications"] == [3_683, 3_683])
        #expect(counts["movies"] == [9_742, 9_742])
        #expect(counts["users"] == [610, 610])
    }

    /// Parsing without the cache and loading from it give the same dataset.
    @Test func cacheRoundTripOnTheRealData() throws {
        let url = try #require(RealData.mlLatestSmallURL)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reclab-real-cache-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let parsed = try MovieLensLoader.load(url, options: LoadOptions(cache: .disabled))
        _ = try MovieLensLoader.load(url, options: LoadOptions(cacheDirectory: dir))
        let cached = try MovieLensLoader.loadWithReport(url, options: LoadOptions(cacheDirectory: dir))
        if case .hit = cached.report.cache {} else { Issue.record("expected a cache hit, got \(cached.report.cache)") }
        #expect(cached.dataset == parsed)
        #expect(parsed.links.tmdb.count == 9_742)
    }

    @Test func quotedTitlesKeepTheirCommas() throws {
        let ds = try #require(try RealData.mlLatestSmall())
        #expect(ds.titles.contains("American President, The (1995)"))
    }
}
