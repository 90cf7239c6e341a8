import Foundation
import Testing
import _TestSupport

/// A catalogue of bad inputs across the experiment file (YAML), the command
/// line, the data files (CSV) and the runner, each given to the real `reclab`
/// executable: every one exits non-zero, promptly, and its message names the
/// place (file:line:column, the key, the flag or the path) and what was
/// expected. Expected places are read off the inputs written here.
@Suite("Bad input catalogue", .requiresReclab)
struct BadInputCatalogueTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        /// Files to write in a fresh folder (`$DIR`), by relative path.
        var files: [String: String]
        /// Arguments; `$DIR` is the folder.
        var args: [String]
        var status: Int32
        /// Substrings the output (stderr then stdout) must contain; `$DIR` is the folder.
        var mentions: [String]
        var testDescription: String { name }

        init(_ name: String, _ files: [String: String], _ args: [String], status: Int32 = 2, _ mentions: [String]) {
            self.name = name; self.files = files; self.args = args; self.status = status; self.mentions = mentions
        }
    }

    static let ok = "reclab: 1\nname: c\ndataset: {name: ml-latest-small}\nmodels:\n  - kind: svd\n"

    /// A `plan` case on a one-file experiment `y.yaml`.
    static func yaml(_ name: String, _ text: String, _ mentions: [String]) -> Case {
        Case(name, ["y.yaml": text], ["plan", "$DIR/y.yaml", "--no-data"], mentions)
    }

    static let yamlCases: [Case] = [
        yaml("unknown top key", "reclab: 1\nsplitt: {kind: holdout}\nmodels: [svd]\n", ["y.yaml:2:1:", "did you mean 'split'"]),
        yaml("unsupported version", "reclab: 2\nmodels: [svd]\n", ["y.yaml:1:9:", "unsupported format version"]),
        yaml("missing version", "models: [svd]\n", ["y.yaml:1:1:", "reclab: 1"]),
        yaml("empty file", "", ["y.yaml:1:1:", "empty"]),
        yaml("a list at the top", "- reclab: 1\n", ["y.yaml:1:1:"]),
        yaml("syntax error", "reclab: 1\nmodels: [svd\n", ["y.yaml:", "YAML syntax"]),
        yaml("tab indentation", "reclab: 1\nsplit:\n\tkind: holdout\n", ["y.yaml:3:", "YAML syntax"]),
        yaml("test fraction as text", "reclab: 1\nsplit:\n  test_fraction: lots\nmodels: [svd]\n", ["y.yaml:3:18:", "a number"]),
        yaml("test fraction of 1", "reclab: 1\nsplit:\n  test_fraction: 1.0\nmodels: [svd]\n", ["y.yaml:3:18:", "< 1.0"]),
        yaml("unknown split kind", "reclab: 1\nsplit: {kind: kfolds}\nmodels: [svd]\n", ["y.yaml:2:15:", "did you mean 'kfold'"]),
        yaml("negative learning rate", "reclab: 1\nmodels:\n  - kind: svd\n    params: {lr_all: -0.1}\n", ["y.yaml:4:14:", "lr_all", "found -0.1", "> 0"]),
        yaml("zero factors", "reclab: 1\nmodels:\n  - kind: svd\n    params: {n_factors: 0}\n", ["y.yaml:4:", "n_factors", "found 0"]),
        yaml("unknown model kind", "reclab: 1\nmodels:\n  - kind: sdv\n", ["y.yaml:3:11:", "did you mean 'svd'"]),
        yaml("unknown parameter", "reclab: 1\nmodels:\n  - kind: svd\n    params: {n_factor: 10}\n", ["y.yaml:4:", "n_factor", "did you mean 'n_factors'"]),
        yaml("parameter of the wrong type", "reclab: 1\nmodels:\n  - kind: svd\n    params: {biased: maybe}\n", ["y.yaml:4:", "biased"]),
        yaml("duplicate top-level key", "reclab: 1\nname: a\nmodels: [svd]\nname: b\n", ["y.yaml:4:1:", "duplicate key 'name' (first at line 2)"]),
        yaml("duplicate nested key", "reclab: 1\nsplit:\n  kind: holdout\n  kind: kfold\nmodels: [svd]\n", ["y.yaml:4:3:", "duplicate key 'kind' (first at line 3)"]),
        yaml("every duplicate reported", "reclab: 1\nseed: 1\nseed: 2\nname: a\nname: b\nmodels: [svd]\n",
             ["y.yaml:3:1:", "y.yaml:5:1:", "2 errors"]),
        yaml("an anchor", "reclab: 1\nmodels: &m [svd]\n", ["y.yaml:2:9:", "anchors and aliases are not supported"]),
        yaml("an alias", "reclab: 1\nx: [1]\nmodels: *m\n", ["y.yaml:3:9:", "anchors and aliases are not supported"]),
        yaml("a scalar seed count", "reclab: 1\nmodels: [svd]\nsweep:\n  seeds: 3\n", ["y.yaml:4:10:", "write [1, 2, 3]"]),
        yaml("an empty seed list", "reclab: 1\nmodels: [svd]\nsweep:\n  seeds: []\n", ["y.yaml:4:", "empty"]),
        yaml("a repeated seed", "reclab: 1\nmodels: [svd]\nsweep:\n  seeds: [1, 1]\n", ["y.yaml:4:", "repeated"]),
        yaml("unknown metric", "reclab: 1\nmodels: [svd]\nmetrics: [rmes]\n", ["y.yaml:3:11:", "did you mean 'rmse'"]),
        yaml("top-N metric without a cut-off", "reclab: 1\nmodels: [svd]\nmetrics: [ndcg]\n", ["y.yaml:3:11:", "ndcg@K"]),
        yaml("a rating metric with a cut-off", "reclab: 1\nmodels: [svd]\nmetrics: [rmse@10]\n", ["y.yaml:3:11:", "without a cut-off"]),
        yaml("expectation with min above max", "reclab: 1\nmodels: [svd]\nexpect:\n  rmse: {min: 0.9, max: 0.8}\n", ["y.yaml:4:", "min is above max"]),
        yaml("expectation on an unknown model", "reclab: 1\nmodels: [svd]\nexpect:\n  svdd: {rmse: {max: 1}}\n", ["y.yaml:4:3:", "neither a metric nor a model name"]),
        yaml("negative time budget", "reclab: 1\nmodels: [svd]\nrun: {time_budget: -5}\n", ["y.yaml:3:", "run.time_budget"]),
        yaml("zero workers", "reclab: 1\nmodels: [svd]\nrun: {workers: 0}\n", ["y.yaml:3:16:", "integer in 1...1024"]),
        yaml("zero max_trials", "reclab: 1\nmodels: [svd]\nrun: {max_trials: 0}\n", ["y.yaml:3:", "max_trials"]),
        yaml("sweep over a missing parameter", "reclab: 1\nmodels: [svd]\nsweep:\n  models:\n    svd:\n      grid:\n        lr: [0.1]\n", ["y.yaml:7:9:", "lr"]),
        yaml("swept value out of range", "reclab: 1\nmodels: [svd]\nsweep:\n  models:\n    svd:\n      grid:\n        n_factors: [10, 0]\n", ["y.yaml:7:", "found 0"]),
        yaml("sweep of an unknown model", "reclab: 1\nmodels: [svd]\nsweep:\n  models:\n    knn:\n      grid:\n        k: [10]\n", ["y.yaml:5:5:", "knn"]),
        yaml("duplicate model names", "reclab: 1\nmodels:\n  - {name: a, kind: svd}\n  - {name: a, kind: nmf}\n", ["y.yaml:4:", "'a'"]),
        yaml("components of zero", "reclab: 1\nsimilarity:\n  components: 0\n", ["y.yaml:3:15:", "integer in 1...100000"]),
        yaml("min_k above k", "reclab: 1\nmodels:\n  - kind: knn_basic\n    params: {k: 5, min_k: 10}\n",
             ["y.yaml:4:20:", "min_k (10) is above k (5)"]),
        Case("zero epochs is a warning, not an error", ["y.yaml": "reclab: 1\nmodels:\n  - kind: svd\n    params: {n_epochs: 0}\n"],
             ["plan", "$DIR/y.yaml", "--no-data"], status: 0, ["y.yaml:4:14: warning:", "n_epochs: 0 trains nothing"]),
        Case("similarity on a ratings file without item metadata",
             ["g.yaml": "reclab: 1\ndataset:\n  path: $DIR/r.tsv\n  format: {delimiter: \"\\t\", columns: {user: 0, item: 1, rating: 2}, rating_scale: [1, 5]}\nsimilarity: {components: 2}\nmodels: [svd]\n",
              "r.tsv": "a\tm1\t4\n"],
             ["plan", "$DIR/g.yaml", "--no-data"], ["g.yaml:5:", "dataset.items"]),
        yaml("unknown report chart", "reclab: 1\nmodels: [svd]\nreport: {charts: [heat-map]}\n", ["y.yaml:3:", "heatmap"]),
    ]

    static let fileCases: [Case] = [
        Case("an experiment file that does not exist", [:], ["plan", "$DIR/nope.yaml"], ["$DIR/nope.yaml:1:1:", "cannot read"]),
        Case("an experiment file over 1 MiB", ["big.yaml": "reclab: 1\n# " + String(repeating: "x", count: 1_100_000) + "\n"],
             ["plan", "$DIR/big.yaml"], ["big.yaml:1:1:", "more than the 1024 KiB"]),
        Case("models given as a number", ["m.yaml": "reclab: 1\nmodels: 5\n"], ["plan", "$DIR/m.yaml", "--no-data"], ["m.yaml:2:9:"]),
        Case("a sweep of a million trials without --yes",
             ["h.yaml": "reclab: 1\nname: h\ndataset: {name: ml-latest-small}\nmodels: [svd]\nsweep:\n  seeds: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]\n  models:\n    svd:\n      grid:\n        n_factors: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n        lr_all: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]\n        reg_all: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]\n        n_epochs: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n      random: {samples: 10, params: {init_std_dev: {uniform: [0.05, 0.1]}}}\n"],
             ["run", "$DIR/h.yaml", "--out", "$DIR/out"], ["1000000 trials", "--yes", "run.max_trials"]),
    ]

    static let cliCases: [Case] = [
        Case("zero workers on the command line", ["y.yaml": ok], ["run", "$DIR/y.yaml", "--workers", "0"], status: 64, ["--workers must be at least 1"]),
        Case("an unknown subcommand", [:], ["rnu"], status: 64, ["rnu"]),
        Case("an unknown flag", ["y.yaml": ok], ["plan", "$DIR/y.yaml", "--frobnicate"], status: 64, ["--frobnicate"]),
        Case("diff with an unknown format", [:], ["diff", "$DIR/a", "$DIR/b", "--format", "xml"], status: 64, ["xml"]),
        Case("diff of a folder without results", [:], ["diff", "$DIR/a", "$DIR/b"], status: 1, ["$DIR/a/results/run.json"]),
        Case("report of a folder without results", [:], ["report", "$DIR/a"], status: 1, ["$DIR/a/results/run.json"]),
        Case("results of a folder without trials", [:], ["results", "$DIR"], status: 64, ["$DIR/results/trials"]),
        Case("an unknown model kind for models", [:], ["models", "sdv"], status: 64, ["did you mean 'svd'"]),
        Case("serve a folder that does not exist", [:], ["serve", "$DIR/nope"], status: 1, ["$DIR/nope", "no such folder"]),
        Case("data info on a folder that does not exist", [:], ["data", "info", "$DIR/nope"], status: 1, ["$DIR/nope"]),
    ]

    static let header = "userId,movieId,rating,timestamp\n"
    static let movies = "movieId,title,genres\n1,Alpha (2001),Drama\n2,Beta (2002),Comedy\n"

    /// A `data info` case on a MovieLens-shaped folder `ml/`.
    static func csv(_ name: String, ratings: String, movies: String = movies, _ mentions: [String]) -> Case {
        Case(name, ["ml/ratings.csv": ratings, "ml/movies.csv": movies], ["data", "info", "$DIR/ml", "--no-cache"], status: 1, mentions)
    }

    static let csvCases: [Case] = [
        csv("a renamed rating column", ratings: "userId,movieId,score,timestamp\n1,1,4,5\n", ["ratings.csv:1", "'score'"]),
        csv("a missing column", ratings: "userId,movieId,rating\n1,1,4\n", ["ratings.csv:1", "timestamp"]),
        csv("a non-numeric rating", ratings: header + "1,1,4.0,5\n1,2,good,5\n", ["ratings.csv:3", "'good'"]),
        csv("a rating above the scale", ratings: header + "1,1,5.5,5\n", ["ratings.csv:2", "outside the scale"]),
        csv("a non-integer user", ratings: header + "1,1,4,5\nx7,1,4,5\n", ["ratings.csv:3", "'x7'"]),
        csv("a bad timestamp", ratings: header + "1,1,4,soon\n", ["ratings.csv:2", "Unix seconds"]),
        csv("a short row", ratings: header + "1,1,4,5\n1,2,4\n", ["ratings.csv:3", "found 3"]),
        csv("an empty ratings file", ratings: "", ["ratings.csv", "empty"]),
        csv("a rating of an unknown movie", ratings: header + "1,1,4,5\n1,99,4,5\n", ["ratings.csv:3", "movie id 99"]),
        csv("an unterminated quote in movies", ratings: header + "1,1,4,5\n", movies: "movieId,title,genres\n1,\"open,Drama\n",
            ["movies.csv:2", "unterminated"]),
        csv("a duplicate movie id", ratings: header + "1,1,4,5\n", movies: "movieId,title,genres\n1,a,Drama\n1,b,Drama\n",
            ["movies.csv:3", "duplicate movie id 1"]),
        Case("a folder without movies.csv", ["ml/ratings.csv": header + "1,1,4,5\n"], ["data", "info", "$DIR/ml", "--no-cache"], status: 1,
             ["movies.csv"]),
    ]

    static let runnerCases: [Case] = [
        Case("run with a data set that is not there", ["y.yaml": "reclab: 1\nname: r\ndataset: {name: ml-nothing}\nmodels: [svd]\n"],
             ["run", "$DIR/y.yaml", "--out", "$DIR/out"], status: 1, ["ml-nothing"]),
        Case("run on a malformed ratings file",
             ["y.yaml": "reclab: 1\nname: r\ndataset: {name: $DIR/ml}\nmodels: [svd]\n", "ml/ratings.csv": header + "1,1,4,5\n1,2,bad,5\n",
              "ml/movies.csv": movies],
             ["run", "$DIR/y.yaml", "--out", "$DIR/out"], status: 1, ["ratings.csv:3", "'bad'"]),
    ]

    static let all = yamlCases + fileCases + cliCases + csvCases + runnerCases

    @Test("At least 60 bad inputs are catalogued")
    func size() { #expect(Self.all.count >= 60) }

    @Test(arguments: all)
    func refused(_ c: Case) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reclab-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for (path, text) in c.files {
            let url = dir.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.replacingOccurrences(of: "$DIR", with: dir.path).utf8).write(to: url)
        }
        var env = ProcessInfo.processInfo.environment
        if let data = RealData.mlLatestSmallURL { env["RECLAB_DATA_DIR"] = data.deletingLastPathComponent().path }
        let t0 = Date()
        let r = try ReclabBinary.run(c.args.map { $0.replacingOccurrences(of: "$DIR", with: dir.path) }, environment: env)
        let seconds = Date().timeIntervalSince(t0)
        let output = r.stderr + r.stdout
        #expect(r.status == c.status, "exit \(r.status): \(output.prefix(600))")
        #expect(seconds < 10, "took \(seconds) s")
        for m in c.mentions {
            #expect(output.contains(m.replacingOccurrences(of: "$DIR", with: dir.path)), "no '\(m)' in: \(output.prefix(600))")
        }
    }
}
