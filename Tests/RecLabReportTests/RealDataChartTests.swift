import Foundation
import RecLabData
import RecLabReport
import RecLabResults
import Testing
import _TestSupport

/// The dataset charts on the real ml-latest-small distributions (skewed, long-tailed),
/// where a toy fixture cannot show a broken log scale or an empty plot.
@Suite("Real-data charts", .requiresRealData)
struct RealDataChartTests {
    static func summary() throws -> RecLabResults.DatasetSummary? {
        guard let ds = try RealData.mlLatestSmall() else { return nil }
        var perUser = [Int](repeating: 0, count: ds.userCount), perMovie = [Int](repeating: 0, count: ds.movieCount)
        for u in ds.ratings.users { perUser[Int(u)] += 1 }
        for m in ds.ratings.movies { perMovie[Int(m)] += 1 }
        return RecLabResults.DatasetSummary(
            name: "ml-latest-small", origin: .movieLens, userCount: ds.userCount, movieCount: perMovie.filter { $0 > 0 }.count,
            ratingCount: ds.ratings.count, tagCount: ds.tags.count,
            ratingsPerUser: CountDistribution(counts: perUser.filter { $0 > 0 }),
            ratingsPerMovie: CountDistribution(counts: perMovie.filter { $0 > 0 }),
            ratingHistogram: ValueCount.histogram(of: ds.ratings.values))
    }

    @Test("Rating histogram and activity distributions of ml-latest-small")
    func dataCharts() throws {
        let ds = try #require(try Self.summary())
        // README.txt of ml-latest-small: 100,836 ratings; every user rated at least 20 movies; half-star scale.
        #expect(ds.ratingCount == 100_836)
        #expect(ds.ratingsPerUser.min >= 20)
        #expect(ds.ratingHistogram.count == 10)
        let activity = ChartPlanner.activity(ds)
        #expect(activity.script.components(separatedBy: "\n").filter { $0.hasPrefix("1 ") }.count == 1)  // movies with 1 rating
    }

    @Test("The rating histogram and activity charts of ml-latest-small render to 900×560 PNGs", .requiresGnuplot)
    func dataChartsRender() throws {
        let ds = try #require(try Self.summary())
        let activity = ChartPlanner.activity(ds)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reclab-real-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for chart in [ChartPlanner.ratingHistogram(ds), activity] {
            try Gnuplot().render(chart, in: dir)
            let data = try Data(contentsOf: dir.appendingPathComponent(chart.fileName))
            #expect(RenderTests.pngSize(data).map { $0 == (900, 560) } == true)
            if let keep = ProcessInfo.processInfo.environment["RECLAB_REPORT_PREVIEW_DIR"] {
                try? data.write(to: URL(fileURLWithPath: keep).appendingPathComponent(chart.fileName))
            }
        }
    }
}
