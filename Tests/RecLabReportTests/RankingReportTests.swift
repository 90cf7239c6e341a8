import Foundation
import RecLabReport
import RecLabResults
import Testing
import _TestSupport

/// The ranking section on a fixed run: `most_popular` (the yardstick), `svd`
/// (lowest RMSE, weak ranking) and `ease`, over two folds at K 5 and 10, with
/// per-user values for the per-user paired tests. Every number is chosen here.
enum RankingFixture {
    /// Per fold, per model: (NDCG@5, NDCG@10, recall@10); the per-user values below average to them.
    static let users = [1, 2, 3, 4]
    /// Model → per-user NDCG@10 on each fold (4 users).
    static let ndcg10: [String: [[Float]]] = [
        "most_popular": [[0.2, 0.1, 0.3, 0.2], [0.1, 0.2, 0.2, 0.3]],
        "svd": [[0.1, 0.0, 0.1, 0.2], [0.0, 0.1, 0.1, 0.2]],
        "ease": [[0.4, 0.3, 0.5, 0.4], [0.3, 0.5, 0.4, 0.4]],
    ]
    static let kinds = ["most_popular": "most_popular", "svd": "svd", "ease": "ease"]

    static func make(sampled: Bool = false) -> RunResult {
        var run = FixtureRun.make()
        run.similarity = nil
        run.recommendations = []
        run.expectations = []
        run.reportOptions = ReportOptions(primaryMetric: "ndcg@10", metrics: ["ndcg@10", "rmse"])
        var trials: [TrialResult] = []
        for model in ["most_popular", "svd", "ease"] {
            for fold in 0..<2 {
                let each = ndcg10[model]![fold]
                let mean = each.map(Double.init).reduce(0, +) / Double(each.count)
                var metrics: [String: Double] = [
                    "ndcg@10": mean, "ndcg@5": mean * 0.9, "recall@10": mean * 1.5, "recall@5": mean * 1.2,
                    "precision@10": mean / 3, "precision@5": mean / 2.5, "coverage@10": model == "most_popular" ? 0.01 : 0.2,
                    "popularity@10": model == "most_popular" ? 250 : 80,
                ]
                if model == "svd" { metrics["rmse"] = 0.87 + Double(fold) * 0.001 }
                var t = TrialResult(id: "\(model)-\(fold)", contentHash: "\(model)\(fold)", model: model, kind: kinds[model]!,
                                    parameters: [:], seed: 1, replicate: ReplicateKey(splitSeed: 42, fold: fold), metrics: metrics,
                                    seconds: 0.1)
                t.perUser = PerUserValues(users: users, values: ["ndcg@10": each])
                trials.append(t)
            }
        }
        run.trials = trials
        run.ranking = RankingSetup(relevanceThreshold: 4, sampledNegatives: sampled ? 100 : nil, sampleSeed: sampled ? 7 : nil,
                                   excludeTrain: true, ks: [5, 10])
        return run
    }
}

@Suite("Ranking report")
struct RankingReportTests {
    static func section(_ md: String) throws -> String {
        let parts = md.components(separatedBy: "\n## ")
        return try #require(parts.first { $0.contains("Ranking\n") })
    }

    @Test("A table per K, the yardstick marked with each model's NDCG relative to it, and the protocol in words")
    func tables() throws {
        let run = RankingFixture.make()
        let md = MarkdownReport.render(run, charts: ChartPlanner.charts(for: run))
        let s = try Self.section(md)
        // The contents line links the section under its number.
        let heading = try #require(md.components(separatedBy: "\n").first { $0.hasSuffix(". Ranking") })
        let number = heading.dropFirst(3).prefix { $0 != "." }
        #expect(md.contains("[Ranking](#\(number)-ranking)"))
        #expect(s.contains("### K = 5") && s.contains("### K = 10"))
        // K = 10 table: ease first (NDCG 0.4), most_popular (0.2) marked, svd (0.1); header has every computed column.
        #expect(s.contains("| # | Model | Configuration | Precision@10 | Recall@10 | NDCG@10 | Coverage@10 | Popularity@10 | NDCG@10 ÷ most_popular |"))
        let k10 = try #require(s.components(separatedBy: "### K = 10").last)
        let rows = k10.components(separatedBy: "\n").filter { $0.hasPrefix("| 1 ") || $0.hasPrefix("| 2 ") || $0.hasPrefix("| 3 ") }
        #expect(rows.count == 3)
        #expect(rows[0].hasPrefix("| 1 | ease |") && rows[0].hasSuffix("| 2.00× |"))  // 0.4 / 0.2 = 2
        #expect(rows[1].hasPrefix("| 2 | most\\_popular (yardstick) |") && rows[1].hasSuffix("| 1.00× |"))
        #expect(rows[2].hasPrefix("| 3 | svd |") && rows[2].hasSuffix("| 0.50× |"))  // 0.1 / 0.2
        #expect(s.contains("**Yardstick:** most\\_popular"))
        #expect(s.contains("1 of 2 models beats it (ease 2.00×); at or below it: svd."))
        #expect(s.contains("a test movie is relevant when its rating is at least 4"))
        #expect(s.contains("every movie the user did not rate in training"))
        #expect(!s.contains("Sampled:"))
        #expect(s.contains("![NDCG@K against K") && s.contains("(ranking-ndcg-vs-k.png)") && s.contains("(ranking-recall-vs-k.png)"))
    }

    @Test("The models table keeps to the listed metrics; the ranking tables carry the rest")
    func modelsTableColumns() throws {
        let md = MarkdownReport.render(RankingFixture.make(), charts: [])
        let models = try #require(md.components(separatedBy: "\n## ").first { $0.hasPrefix("2. Models") })
        let header = try #require(models.components(separatedBy: "\n").first { $0.hasPrefix("| # | Model |") })
        #expect(header == "| # | Model | Configuration | NDCG@10 | RMSE | n | Time / trial |")
        #expect(try Self.section(md).contains("Precision@5"))
    }

    @Test("The lowest-RMSE model that ranks worse is called out")
    func rmseWarning() throws {
        let s = try Self.section(MarkdownReport.render(RankingFixture.make(), charts: []))
        #expect(s.contains("**The lowest-RMSE model is not the best-ranking model.** svd predicts ratings best (RMSE 0.8705) but ease ranks best on NDCG@10: 0.4000 against 0.1000 (4.0×)"))
        #expect(s.contains("**Reading.** At K = 10, ease ranks best (NDCG@10 0.4000); the lowest-RMSE model (svd) is not the best-ranking one (ease)."))
    }

    @Test("Per-user paired tests pair (fold, user) values and match a hand computation")
    func perUserTests() throws {
        let s = try Self.section(MarkdownReport.render(RankingFixture.make(), charts: []))
        // ease − most_popular per (fold, user): fold 0: .2 .2 .2 .2, fold 1: .2 .3 .2 .1 → 8 pairs, mean 0.2;
        // svd − most_popular: fold 0: −.1 −.1 −.2 0, fold 1: −.1 −.1 −.1 −.1 → mean −0.1.
        let row = try #require(s.components(separatedBy: "\n").first { $0.hasPrefix("| ease |") })
        #expect(row.contains("| 0.2000 ±") && row.contains("| 8 |"))
        let svd = try #require(s.components(separatedBy: "\n").first { $0.hasPrefix("| svd |") })
        #expect(svd.contains("| -0.1000 ±") || svd.contains("| −0.1000 ±"))
        #expect(s.contains("Per-user paired tests against **most\\_popular** on NDCG@10"))
    }

    @Test("Sampled candidates carry the Krichene & Rendle label")
    func sampledLabel() throws {
        let s = try Self.section(MarkdownReport.render(RankingFixture.make(sampled: true), charts: []))
        #expect(s.contains("> **Sampled: 100 negatives** — sampled metrics are known to overstate quality and can misrank models (Krichene & Rendle 2020"))
        #expect(s.contains("among 100 sampled negatives"))
    }

    @Test("Without a most_popular model the section asks for one; without ranking metrics there is no section")
    func absentCases() throws {
        var run = RankingFixture.make()
        run.trials.removeAll { $0.model == "most_popular" }
        let s = try Self.section(MarkdownReport.render(run, charts: []))
        #expect(s.contains("No `most_popular` model ran"))
        #expect(!s.contains("÷"))
        let plain = MarkdownReport.render(FixtureRun.make(), charts: [])
        #expect(!plain.contains("Ranking\n"))
    }

    @Test("Trial files without the ranking fields still decode (fields stored before them)")
    func oldTrialsDecode() throws {
        let old = #"{"id":"a","contentHash":"h","model":"m","kind":"svd","parameters":{},"seed":1,"replicate":{"splitSeed":1},"metrics":{"ndcg@10":0.1},"learningCurve":[],"seconds":1,"status":"ok"}"#
        let t = try JSONDecoder().decode(TrialResult.self, from: Data(old.utf8))
        #expect(t.perUser == nil && t.ranking == nil && t.metrics["ndcg@10"] == 0.1)
        var u = t
        u.perUser = PerUserValues(users: [3, 1], values: ["ndcg@10": [0.5, 0.25]])
        u.ranking = RankingSetup(relevanceThreshold: nil, sampledNegatives: 10, sampleSeed: 2, ks: [10])
        let back = try JSONDecoder().decode(TrialResult.self, from: JSONEncoder().encode(u))
        #expect(back == u)
        #expect(back.perUser?.byUser("ndcg@10") == [3: 0.5, 1: 0.25])
    }

    @Test("The NDCG and recall against K charts render", .requiresGnuplot)
    func charts() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reclab-ranking-\(ProcessInfo.processInfo.processIdentifier)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = RankingFixture.make()
        let outcome = try ReportWriter.write(run, to: dir)
        #expect(outcome.chartErrors.isEmpty, "\(outcome.chartErrors)")
        for name in ["ranking-ndcg-vs-k.png", "ranking-recall-vs-k.png"] {
            let data = try Data(contentsOf: dir.appendingPathComponent(name))
            #expect(data.count > 8_000, "\(name) is only \(data.count) bytes")
        }
        let script = try #require(ChartPlanner.charts(for: run).first { $0.name == "ranking-ndcg-vs-k" }).script
        // One line per model; the yardstick dashed.
        #expect(script.components(separatedBy: "with linespoints").count - 1 == 3)
        #expect(script.contains("dashtype 2 pointtype 7 pointsize 0.8 title \"most_popular\""))
    }
}
