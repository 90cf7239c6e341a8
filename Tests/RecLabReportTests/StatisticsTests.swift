import Foundation
import RecLabResults
import Testing
import _TestSupport

/// Statistics against SciPy 1.17.1 figures in Fixtures/scipy_stats.json
/// (written by scripts/oracles/scipy_stats.py; versions and command inside the file).
@Suite("Statistics vs SciPy")
struct StatisticsTests {
    struct Fixture: Decodable {
        struct Quantile: Decodable { var df: Double; var p: Double; var t: Double }
        struct CI: Decodable { var x: [Double]; var mean: Double; var sd: Double; var lower: Double; var upper: Double }
        struct Test: Decodable { var name: String; var a: [Double]; var b: [Double]; var statistic: Double?; var p: Double? }
        struct Holm: Decodable { var p: [Double]; var adjusted: [Double] }
        var t_quantiles: [Quantile]
        var confidence_intervals: [CI]
        var paired_t: [Test]
        var wilcoxon: [Test]
        struct Welch: Decodable { var a: [Double]; var b: [Double]; var statistic: Double; var p: Double; var df: Double; var lower: Double; var upper: Double }
        var holm: [Holm]
        var welch: [Welch]
    }

    static let fixture: Fixture? = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/scipy_stats.json")
        guard let data = try? Data(contentsOf: url) else { return nil }
        return try? JSONDecoder().decode(Fixture.self, from: data)
    }()

    /// Both nil, both NaN, or within `isApprox` tolerance relative to the larger of the two magnitudes.
    static func close(_ a: Double?, _ b: Double?, rel: Double, abs absTol: Double = 0) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case let (x?, y?):
            if x.isNaN && y.isNaN { return true }
            return isApprox(x, y, abs: absTol, rel: rel) || isApprox(y, x, abs: absTol, rel: rel)
        default: return false
        }
    }

    @Test("Fixture is present and complete")
    func fixturePresent() throws {
        let f = try #require(Self.fixture)
        #expect(f.t_quantiles.count >= 40 && f.wilcoxon.count >= 10)
    }

    @Test("Student t quantiles within 1e-9 relative of scipy.stats.t.ppf")
    func quantiles() throws {
        for q in try #require(Self.fixture).t_quantiles {
            let t = StudentT(degreesOfFreedom: q.df).quantile(q.p)
            #expect(Self.close(t, q.t, rel: 1e-9), "df \(q.df) p \(q.p): \(t) vs \(q.t)")
        }
    }

    @Test("Mean, sd and 95 % CI within 1e-10 relative of scipy.stats.t.interval")
    func confidenceIntervals() throws {
        for c in try #require(Self.fixture).confidence_intervals {
            let s = SampleSummary(c.x)
            #expect(Self.close(s.mean, c.mean, rel: 1e-12))
            #expect(Self.close(s.sd, c.sd, rel: 1e-10))
            #expect(Self.close(s.lower, c.lower, rel: 1e-10), "n \(c.x.count)")
            #expect(Self.close(s.upper, c.upper, rel: 1e-10), "n \(c.x.count)")
        }
    }

    @Test("Paired t-test: statistic 1e-10, p within 1e-9 relative of scipy.stats.ttest_rel")
    func pairedT() throws {
        for c in try #require(Self.fixture).paired_t {
            let r = try #require(PairedTTest(c.a, c.b))
            #expect(Self.close(r.statistic, c.statistic, rel: 1e-10), "\(c.name)")
            #expect(Self.close(r.pValue, c.p, rel: 1e-9, abs: 1e-15), "\(c.name): \(r.pValue) vs \(String(describing: c.p))")
        }
    }

    @Test("Wilcoxon signed-rank: statistic exact, p within 1e-9 relative of scipy.stats.wilcoxon defaults")
    func wilcoxon() throws {
        for c in try #require(Self.fixture).wilcoxon {
            let r = try #require(WilcoxonSignedRank(c.a, c.b))
            #expect(Self.close(r.statistic, c.statistic, rel: 0), "\(c.name)")
            #expect(Self.close(r.pValue, c.p, rel: 1e-9), "\(c.name) [\(r.method)]: \(r.pValue) vs \(String(describing: c.p))")
        }
    }

    @Test("Welch t-test and interval within 1e-9 relative of scipy.stats.ttest_ind(equal_var=False)")
    func welch() throws {
        for c in try #require(Self.fixture).welch {
            let r = try #require(WelchTTest(c.a, c.b))
            #expect(Self.close(r.degreesOfFreedom, c.df, rel: 1e-10))
            #expect(Self.close(r.statistic, c.statistic, rel: 1e-10))
            #expect(Self.close(r.pValue, c.p, rel: 1e-9))
            #expect(Self.close(r.difference - r.halfWidth, c.lower, rel: 1e-9))
            #expect(Self.close(r.difference + r.halfWidth, c.upper, rel: 1e-9))
        }
    }

    @Test("Holm adjustment matches its definition (numpy implementation in the oracle)")
    func holm() throws {
        for c in try #require(Self.fixture).holm {
            let adj = MultipleComparisons.holm(c.p)
            for (x, y) in zip(adj, c.adjusted) { #expect(Self.close(x, y, rel: 1e-15)) }
        }
    }

    @Test("Degenerate inputs: n = 1 has no CI; identical pairs give NaN p")
    func degenerate() {
        let one = SampleSummary([0.9])
        #expect(one.sd == nil && one.halfWidth == nil && one.mean == 0.9)
        #expect(PairedTTest([1], [2]) == nil)
        #expect(PairedTTest([1, 2, 3], [1, 2, 3])?.pValue.isNaN == true)
        #expect(WilcoxonSignedRank([1, 2, 3], [1, 2, 3])?.pValue.isNaN == true)
    }
}
