import Foundation
import Testing
import _TestSupport
import RecLabData
@testable import RecLabExperiment
import RecLabResults

/// `dataset.format` / `dataset.items` (any delimited ratings file) and
/// `split: {kind: files}` with `reclab split export`: parsing and
/// validation, a run on a TSV with text ids, and the export → import round
/// trip, which must give the same metrics to the last digit.
@Suite(.serialized)
struct DelimitedDataAndSplitFilesTests {
    func tempDir() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("reclab-splitfiles-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func errors(_ yaml: String) -> [ExperimentError] {
        ExperimentSpec.parseCollecting(yaml, file: "x.yaml").1
    }

    func run(_ yaml: String, dir: URL) throws -> ExperimentRunner.Outcome {
        let spec = try ExperimentSpec.parse(yaml, file: "x.yaml")
        try ExperimentValidator(catalog: RegistryCatalog()).validate(spec)
        return try ExperimentRunner(catalog: RegistryCatalog())
            .run(spec, options: RunOptions(workers: 1, outputDirectory: dir.appendingPathComponent("out"), progress: .silent,
                                           cache: nil, blasThreads: .perCore))
    }

    /// Metrics by (model, seed, fold), the unit the round trip compares.
    static func metrics(_ o: ExperimentRunner.Outcome) -> [String: [String: Double]] {
        Dictionary(uniqueKeysWithValues: o.run.trials.map {
            ("\($0.model) \($0.replicate.splitSeed) \($0.replicate.fold.map(String.init) ?? "-")", $0.metrics)
        })
    }

    // MARK: - Parsing

    @Test func theFormatIsReadWithItsDefaults() throws {
        let spec = try ExperimentSpec.parse("""
            reclab: 1
            dataset:
              path: data/ratings.tsv
              format:
                delimiter: "\\t"
                columns: {user: user, item: item, rating: rating, timestamp: ts}
                rating_scale: [0.5, 5.0]
              items: {path: data/items.csv, columns: {item: id, title: name, text: [genres, tags]}}
            models: [{kind: global_mean}]
            """, file: "x.yaml")
        let f = try #require(spec.dataset.format)
        #expect(f.delimiter == "\t" && f.header)
        #expect(f.user == .name("user") && f.timestamp == .name("ts"))
        #expect(f.scale == RatingScale(lower: 0.5, upper: 5, step: 0))
        let items = try #require(spec.dataset.items)
        #expect(items.format.delimiter == ",")  // from the .csv extension
        #expect(items.format.text == [.name("genres"), .name("tags")])
        #expect(spec.dataset.contentSimilarityProblem(spec.similarity) == nil)
    }

    @Test(arguments: [
        ("format: {delimeter: \",\", rating_scale: [1, 5]}", "dataset.format.delimeter", "did you mean 'delimiter'"),
        ("format: {rating_scale: [5, 1]}", "dataset.format.rating_scale", "min is not below its max"),
        ("format: {rating_scale: [1, 5, 0]}", "dataset.format.rating_scale[2]", "bad step"),
        ("format: {delimiter: \"ab\", rating_scale: [1, 5]}", "dataset.format.delimiter", "bad delimiter"),
        ("format: {header: false, columns: {user: u, item: 1, rating: 2}, rating_scale: [1, 5]}", "dataset.format.columns.user", "needs a header"),
        ("format: {columns: {user: 0, item: 1}, rating_scale: [1, 5]}", "dataset.format.columns.rating", "missing"),
        ("format: {columns: {user: 0, item: 0, rating: 2}, rating_scale: [1, 5]}", "dataset.format.columns", "same column"),
        ("format: {delimiter: \",\"}", "dataset.format.rating_scale", "missing"),
        ("items: {path: i.csv, columns: {item: 0}}", "dataset.items", "applies to a delimited ratings file"),
    ])
    func badFormatsAreNamed(block: String, key: String, message: String) {
        let errs = errors("""
            reclab: 1
            dataset:
              path: r.csv
              \(block)
            models: [{kind: global_mean}]
            """)
        #expect(errs.contains { $0.key == key && $0.description.contains(message) }, "\(errs)")
    }

    @Test(arguments: [
        ("{kind: files, train: a.csv}", "split.test", "missing"),
        ("{kind: files, train: a.csv, test: b.csv, folds: [{train: c, test: d}]}", "split.folds", "not both"),
        ("{kind: files, train: a.csv, test: b.csv, test_fraction: 0.2}", "split.test_fraction", "does not apply"),
        ("{kind: holdout, train: a.csv}", "split.train", "only to kind files"),
        ("{kind: files}", "split.train", "needs the files"),
    ])
    func badSplitFilesAreNamed(split: String, key: String, message: String) {
        let errs = errors("reclab: 1\nsplit: \(split)\nmodels: [{kind: global_mean}]\n")
        #expect(errs.contains { $0.key == key && $0.description.contains(message) }, "\(errs)")
    }

    @Test func foldsOfFilesAreRepetitions() throws {
        let spec = try ExperimentSpec.parse("""
            reclab: 1
            split: {kind: files, seed: 7, folds: [{train: a, test: b}, {train: c, test: d}]}
            models: [{kind: global_mean}]
            """, file: "x.yaml")
        #expect(spec.split.files == [.init(train: "a", test: "b"), .init(train: "c", test: "d")])
        #expect(spec.repetitions.map(\.seed) == [7, 7])
        #expect(spec.repetitions.map(\.fold) == [0, 1])
    }

    /// The key names the files by checksum: a moved copy keeps it, an edit changes it.
    @Test func theTrialKeyHoldsTheFilesChecksumsNotTheirPaths() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        func write(_ name: String, _ text: String) throws -> String {
            let url = dir.appendingPathComponent(name)
            try Data(text.utf8).write(to: url)
            return url.path
        }
        var a = SplitSpec(), b = SplitSpec()
        a.kind = .files; b.kind = .files
        a.files = [.init(train: try write("train.csv", "1,2,3\n"), test: try write("test.csv", "1,3,4\n"))]
        b.files = [.init(train: try write("moved-train.csv", "1,2,3\n"), test: try write("moved-test.csv", "1,3,4\n"))]
        #expect(a.canonical(seed: 42, fold: nil) == b.canonical(seed: 42, fold: nil))
        #expect(!a.canonical(seed: 42, fold: nil).encoded.contains("train.csv"))
        b.files = [.init(train: try write("other-train.csv", "1,2,4\n"), test: b.files[0].test)]
        #expect(a.canonical(seed: 42, fold: nil) != b.canonical(seed: 42, fold: nil))
    }

    // MARK: - Runs

    /// A TSV with its own column names and text ids, through plan-free run: trials finish, the data is user-supplied.
    @Test func aRunOnATSVWithTextIDs() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        var lines = ["who\twhat\tstars\twhen"]
        // 30 users × 20 items, a deterministic pattern of half stars.
        for u in 0..<30 {
            for i in 0..<20 where (u * 7 + i * 3) % 4 != 0 {
                lines.append("user-\(u)\titem-\(i)\t\(Double(1 + (u + 2 * i) % 9) / 2)\t\(1_000_000 + u * 100 + i)")
            }
        }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: dir.appendingPathComponent("ratings.tsv"))
        let outcome = try run("""
            reclab: 1
            name: tsv
            dataset:
              path: \(dir.appendingPathComponent("ratings.tsv").path)
              format:
                delimiter: "\\t"
                columns: {user: who, item: what, rating: stars, timestamp: when}
                rating_scale: [0.5, 5, 0.5]
            split: {kind: holdout, test_fraction: 0.2}
            models: [{kind: baseline_als}, {kind: svd, params: {n_epochs: 3, n_factors: 4}}]
            metrics: [rmse, mae]
            """, dir: dir)
        #expect(outcome.run.trials.count == 2)
        #expect(outcome.run.trials.allSatisfy { $0.status == .ok && ($0.metrics["rmse"] ?? .nan).isFinite })
        let data = try #require(outcome.run.data)
        #expect(data.dataset.origin == .other)
        #expect(data.dataset.userCount == 30 && data.dataset.movieCount == 20)
        #expect(data.dataset.genres.isEmpty)
    }

    static let models = """
        models:
          - kind: svd
            params: {n_epochs: 4, n_factors: 8}
          - kind: baseline_als
          - kind: knn_basic
            params: {k: 20}
          - kind: slope_one
        metrics: [rmse, mae, fcp]
        """

    /// Export the splits a run draws, re-import them as `kind: files`: every model, every metric, bit for bit.
    @Test(arguments: [
        ("{kind: holdout, test_fraction: 0.25, seed: 42}", "split: {kind: files, seed: 42, train: DIR/train-seed42.csv, test: DIR/test-seed42.csv}"),
        ("{kind: kfold, folds: 3, seed: 5}",
         "split: {kind: files, seed: 5, folds: [{train: DIR/train-seed5-fold0.csv, test: DIR/test-seed5-fold0.csv}, {train: DIR/train-seed5-fold1.csv, test: DIR/test-seed5-fold1.csv}, {train: DIR/train-seed5-fold2.csv, test: DIR/test-seed5-fold2.csv}]}"),
    ])
    func exportThenImportGivesTheSameMetrics(drawn: String, imported: String) throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fixture = try MovieLensFixture.small().path
        let original = "reclab: 1\nname: drawn\ndataset: {path: \(fixture)}\nsplit: \(drawn)\n" + Self.models
        let exported = dir.appendingPathComponent("splits")
        let files = try SplitExport.write(try ExperimentSpec.parse(original, file: "x.yaml"), to: exported)
        #expect(files.count == (drawn.contains("kfold") ? 6 : 2))
        let header = try String(contentsOf: files[0], encoding: .utf8).prefix { $0 != "\n" }
        #expect(header == "userId,movieId,rating,timestamp")

        let a = try run(original, dir: dir.appendingPathComponent("a"))
        let reread = "reclab: 1\nname: reread\ndataset: {path: \(fixture)}\n"
            + imported.replacingOccurrences(of: "DIR", with: exported.path) + "\n" + Self.models
        let b = try run(reread, dir: dir.appendingPathComponent("b"))
        #expect(a.run.trials.allSatisfy { $0.status == .ok })
        #expect(Self.metrics(a) == Self.metrics(b))
        #expect(a.run.data?.splits.map(\.trainCount) == b.run.data?.splits.map(\.trainCount))
        // Different split kinds, so different trial keys; the same rows, so the same numbers.
        #expect(Set(a.run.trials.map(\.contentHash)).isDisjoint(with: b.run.trials.map(\.contentHash)))
    }

    @Test func splitFilesWithAnIDOutsideTheDatasetAreRefusedAtTheirLine() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fixture = try MovieLensFixture.small().path
        try Data("userId,movieId,rating,timestamp\n1,1,4.0,5\n".utf8).write(to: dir.appendingPathComponent("train.csv"))
        try Data("userId,movieId,rating,timestamp\n1,999999,4.0,5\n".utf8).write(to: dir.appendingPathComponent("test.csv"))
        let yaml = """
            reclab: 1
            dataset: {path: \(fixture)}
            split: {kind: files, train: \(dir.path)/train.csv, test: \(dir.path)/test.csv}
            models: [{kind: global_mean}]
            """
        let e = try #require(throws: DataError.self) { try run(yaml, dir: dir) }
        #expect(e.file?.hasSuffix("test.csv") == true && e.line == 2 && e.column == "movieId")
    }
}
