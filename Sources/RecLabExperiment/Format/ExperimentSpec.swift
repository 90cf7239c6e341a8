import Foundation
import RecLabCore

/// A parsed experiment file (`reclab: 1`): every section with its defaults
/// filled in. Build one with `ExperimentSpec.load(_:)` or `parse(_:file:)`;
/// then `ExperimentValidator` checks it against the model registry.
public struct ExperimentSpec: Sendable {
    public static let formatVersion = 1

    /// From `name:`, else the file name without extension.
    public var name: String
    public var description: String?
    /// The experiment seed every child seed derives from (default 42).
    public var seed: UInt64
    public var dataset: DatasetSpec
    public var split: SplitSpec
    public var similarity: SimilaritySpec
    public var models: [ModelSpec]
    /// Warnings from validation (`ExperimentValidator.degenerate`): printed, never fatal.
    public var warnings: [ExperimentError] = []
    public var sweep: SweepSpec
    public var recommend: RecommendSpec
    public var recommendEnabled: Bool
    public var metrics: [MetricSpec]
    public var expectations: [ExpectationSpec]
    public var report: ReportSpec
    public var run: RunSpec
    /// Where trials are also logged (`tracking:`); empty when the file has no such section.
    public var tracking = TrackingSpec()
    /// Where Spark-fitted models (`spark_als`) run (`spark:`); the defaults when the file has no such section.
    public var spark = SparkSpec()
    /// The protocol of the top-N metrics (`ranking:`); the standard one when the file has no such section.
    public var ranking = RankingSpec()

    /// Where the similarity component counts are written (for data-dependent errors).
    public var similarityLocation: SourceLocation? = nil

    /// The file as read, and its SHA-256, for provenance.
    public var sourceText: String
    public var sourcePath: String
    public var sourceHash: String { SHA256.hex(sourceText) }

    /// The (seed, fold) repetitions every model configuration runs on.
    public var repetitions: [(seed: UInt64, fold: Int?)] {
        var s = split
        if let seeds = sweep.seeds { s.seeds = seeds }
        return s.repetitions
    }

    static let topKeys = ["reclab", "name", "description", "seed", "dataset", "split", "similarity", "models", "sweep",
                          "recommend", "metrics", "expect", "report", "run", "tracking", "spark", "ranking"]

    /// Reads and parses `path`; throws `ExperimentErrors` listing every problem.
    public static func load(_ path: String) throws -> ExperimentSpec {
        try parse(readText(path), file: path)
    }

    /// The file's text; refuses a missing file, one over `YAMLPrecheck.maxBytes` (before reading
    /// it) and one that is not UTF-8.
    static func readText(_ path: String) throws -> String {
        let start = SourceLocation(file: path, line: 1, column: 1)
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber,
           size.intValue > YAMLPrecheck.maxBytes {
            throw ExperimentErrors([ExperimentError("the experiment file is \(size.intValue) bytes, more than the "
                                                    + "\(YAMLPrecheck.maxBytes / 1024) KiB an experiment file may have",
                                                    at: start, expected: "a YAML file under 1 MiB")])
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ExperimentErrors([ExperimentError("cannot read the experiment file (missing or unreadable)", at: start)])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ExperimentErrors([ExperimentError("the experiment file is not valid UTF-8", at: start)])
        }
        return text
    }

    /// Parses YAML text; throws `ExperimentErrors` with every structural problem
    /// (unknown keys, wrong types, out-of-range values), each with file:line:column.
    public static func parse(_ text: String, file: String) throws -> ExperimentSpec {
        let (spec, errors) = parseCollecting(text, file: file)
        guard let spec, errors.isEmpty else { throw ExperimentErrors(errors) }
        return spec
    }

    /// Reads `path`, parses it and validates it against `catalog`: every
    /// structural and registry problem together (a spec is still built, with
    /// defaults in place of bad values, so the model checks run too).
    public static func loadValidated(_ path: String, catalog: any ModelCatalog) throws -> ExperimentSpec {
        let text = try readText(path)
        let (parsed, structural) = parseCollecting(text, file: path)
        guard var spec = parsed else { throw ExperimentErrors(structural) }
        let validator = ExperimentValidator(catalog: catalog)
        var degenerate: [ExperimentError] = []
        if structural.isEmpty && validator.problems(in: spec).isEmpty { degenerate = validator.degenerate(in: spec) }
        let all = (structural + validator.problems(in: spec) + degenerate.filter { !$0.isWarning }).sorted {
            ($0.location?.line ?? 0, $0.location?.column ?? 0) < ($1.location?.line ?? 0, $1.location?.column ?? 0)
        }
        if !all.isEmpty { throw ExperimentErrors(all) }
        spec.warnings = degenerate.filter(\.isWarning)
        return spec
    }

    /// The spec (nil when the file is not a YAML mapping) and every structural problem.
    static func parseCollecting(_ text: String, file: String) -> (ExperimentSpec?, [ExperimentError]) {
        let early = YAMLPrecheck.problems(in: text, file: file)
        if !early.isEmpty { return (nil, early) }
        let root: ConfigNode
        do { root = try ConfigNode.parse(text, file: file) } catch let e as ExperimentError { return (nil, [e]) } catch {
            return (nil, [ExperimentError("\(error)", at: SourceLocation(file: file, line: 1, column: 1))])
        }
        let diag = Diagnostics()
        guard let r = MappingReader(root, path: "", known: topKeys, diag: diag) else { return (nil, diag.errors) }
        if let v = r["reclab"] {
            if case .scalar(let s, .int) = v.value, Int(s) == formatVersion {} else {
                diag.add(ExperimentError("unsupported format version", at: v.location, key: "reclab", found: v.shortDescription,
                                         expected: "1"))
            }
        } else {
            diag.add(ExperimentError("missing `reclab: 1` (the format version) at the top of the file",
                                     at: root.location, key: "reclab", expected: "reclab: 1"))
        }
        let stem = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        let name = r.string("name", default: stem) ?? stem
        if name.isEmpty || name.contains("/") || name.hasPrefix(".") {
            diag.add(ExperimentError("bad experiment name '\(name)'", at: r.location("name"), key: "name",
                                     expected: "a non-empty name without '/' (it names the report folder)"))
        }
        let seed = r.uint64("seed", default: 42)
        let dataset = DatasetSpec.read(r.mapping("dataset", known: DatasetSpec.keys))
        let split = SplitSpec.read(r.mapping("split", known: SplitSpec.keys), experimentSeed: seed)
        let similarity = SimilaritySpec.read(r.mapping("similarity", known: SimilaritySpec.keys), experimentSeed: seed,
                                             present: r.has("similarity"))
        let models = ModelSpec.readList(r["models"], diag: diag)
        let sweep = SweepSpec.read(r.mapping("sweep", known: SweepSpec.keys))
        let recommend = RecommendSpec.read(r.mapping("recommend", known: RecommendSpec.keys))
        let metrics = MetricSpec.readList(r, implicit: dataset.implicit != nil)
        let expectations = ExpectationSpec.readAll(r["expect"], modelNames: models.map(\.name), diag: diag)
        let report = ReportSpec.read(r.mapping("report", known: ReportSpec.keys))
        let run = RunSpec.read(r.mapping("run", known: RunSpec.keys))
        var spec = ExperimentSpec(
            name: name, description: r.string("description", default: nil), seed: seed, dataset: dataset, split: split,
            similarity: similarity, models: models, sweep: sweep, recommend: recommend, recommendEnabled: r.has("recommend"),
            metrics: metrics, expectations: expectations, report: report, run: run, sourceText: text, sourcePath: file)
        spec.tracking = TrackingSpec.read(r.mapping("tracking", known: TrackingSpec.keys))
        spec.spark = SparkSpec.read(r.mapping("spark", known: SparkSpec.keys))
        spec.ranking = RankingSpec.read(r.mapping("ranking", known: RankingSpec.keys), experimentSeed: seed)
        spec.similarityLocation = location(in: r, "similarity", "components")
            ?? location(in: r, "similarity", "collab_components")
        spec.crossCheck(r, diag: diag)
        spec.checkRanking(r, diag: diag)
        return (spec, diag.errors)
    }

    /// Where `section.key` is written (without re-reading the section).
    static func location(in r: MappingReader, _ section: String, _ key: String) -> SourceLocation? {
        guard let n = r[section], case .mapping(let entries) = n.value else { return nil }
        return entries.first { $0.key == key }?.value.location ?? n.location
    }

    /// Checks references between sections (model names in sweep, recommend, report, expect).
    private mutating func crossCheck(_ r: MappingReader, diag: Diagnostics) {
        // The similarity model fits a content space, which needs item text: refuse before any work.
        if var problem = dataset.contentSimilarityProblem(similarity) {
            problem.location = r["similarity"]?.location
            diag.add(problem)
        }
        let names = models.map(\.name)
        for s in sweep.models where !names.contains(s.model) {
            var msg = "the sweep names model '\(s.model)', which is not in `models`"
            if let sug = EditDistance.suggestion(for: s.model, among: names) { msg += "; did you mean '\(sug)'?" }
            diag.add(ExperimentError(msg, at: s.modelLocation, key: "sweep.models.\(s.model)",
                                     expected: names.isEmpty ? "a `models:` list" : "one of \(names.joined(separator: ", "))"))
        }
        if let m = recommend.model, !names.contains(m) {
            diag.add(ExperimentError("recommend names model '\(m)', which is not in `models`",
                                     at: Self.location(in: r, "recommend", "model"), key: "recommend.model",
                                     expected: "one of \(names.joined(separator: ", "))"))
        }
        if let b = report.baseline, !names.contains(b) {
            diag.add(ExperimentError("the baseline '\(b)' is not in `models`",
                                     at: Self.location(in: r, "report", "baseline"), key: "report.baseline",
                                     expected: "one of \(names.joined(separator: ", "))"))
        }
        if recommendEnabled && recommend.model == nil { recommend.model = models.first?.name }
        if !similarity.enabled && models.isEmpty {
            diag.add(ExperimentError("nothing to run: no `similarity` section and no `models`", at: r.node.location,
                                     expected: "a `similarity:` section, a `models:` list, or both"))
        }
    }
}
