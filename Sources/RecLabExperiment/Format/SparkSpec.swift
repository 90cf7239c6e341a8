import Foundation
import RecLabModels

/// `spark:` — where models fitted by Spark (`kind: spark_als`) run their job:
///
///     spark:
///       master: local[2]                 # default local[*]; yarn, spark://host:7077, k8s://… on a cluster
///       spark_submit: /opt/spark/bin/spark-submit   # default: PATH, then ~/.cache/reclab/venv-spark
///       conf: {spark.driver.memory: 2g}  # extra --conf key=value
///       staging: /scratch/reclab         # local folder for each fit's files (default: the temporary folder)
///       staging_uri: hdfs:///tmp/reclab  # where executors read the training rows on a cluster
///       timeout_seconds: 600             # a job running longer is stopped and its trial fails
///
/// Nothing here is part of a trial's key: where a model is fitted does not
/// change what it learns. The environment overrides the file
/// (`RECLAB_SPARK_SUBMIT`, `RECLAB_SPARK_MASTER`, `RECLAB_SPARK_STAGING`,
/// `RECLAB_SPARK_STAGING_URI`, `RECLAB_SPARK_TIMEOUT`), so the same file runs
/// on a laptop and on a cluster gateway.
public struct SparkSpec: Sendable, Hashable {
    public var settings = SparkSettings()
    /// Where the section starts, for errors about the tools it names.
    public var location: SourceLocation?

    public init(settings: SparkSettings = SparkSettings(), location: SourceLocation? = nil) {
        self.settings = settings
        self.location = location
    }

    static let keys = ["master", "spark_submit", "conf", "staging", "staging_uri", "timeout_seconds"]

    static func read(_ r: MappingReader?) -> SparkSpec {
        var s = SparkSpec()
        guard let r else { return s }
        s.location = r.node.location
        for key in ["master", "spark_submit", "staging", "staging_uri"] {
            guard r.has(key) else { continue }
            guard let v = r.string(key, default: nil) else { continue }
            if v.trimmingCharacters(in: .whitespaces).isEmpty {
                r.diag.add(ExperimentError("empty value", at: r.location(key), key: r.keyPath(key),
                                           expected: "a non-empty string, or no key for the default"))
                continue
            }
            switch key {
            case "master": s.settings.master = v
            case "spark_submit": s.settings.submit = v
            case "staging": s.settings.staging = v
            default:
                guard v.contains("://") else {
                    r.diag.add(ExperimentError("not a URI", at: r.location(key), key: r.keyPath(key), found: v,
                                               expected: "a URI every executor can read, such as hdfs:///tmp/reclab or s3a://bucket/reclab"))
                    continue
                }
                s.settings.stagingURI = v
            }
        }
        if r.has("timeout_seconds") {
            s.settings.timeoutSeconds = r.double("timeout_seconds", default: 0, lower: 0, lowerOpen: true)
        }
        if let conf = r["conf"] {
            guard let entries = r.mappingEntries("conf", conf, expected: "a mapping of Spark properties, such as {spark.driver.memory: 2g}")
            else { return s }
            for e in entries {
                guard case .scalar(let value, let kind) = e.value.value, kind != .null else {
                    r.diag.add(ExperimentError("wrong type", at: e.value.location, key: r.keyPath("conf.\(e.key)"),
                                               found: e.value.shortDescription, expected: "a scalar value (string, number or boolean)"))
                    continue
                }
                s.settings.conf[e.key] = value
            }
        }
        return s
    }
}

extension ExperimentSpec {
    /// One error per missing tool that a model of this experiment needs (`spark-submit`
    /// and Java for `spark_als`), saying what to install; empty when nothing is missing.
    /// Checked before data is loaded, by `plan` and `run`.
    public func externalToolProblems(environment: [String: String] = ProcessInfo.processInfo.environment) -> [ExperimentError] {
        let needing = models.filter { m in ModelRegistry.entries.first { $0.kind == m.kind }?.externalTool == "spark-submit" }
        guard let first = needing.first else { return [] }
        do {
            try spark.settings.resolved(environment: environment).checkTools(environment: environment)
            return []
        } catch let e as RatingModelError {
            let who = needing.map { "'\($0.name)'" }.joined(separator: ", ")
            return [ExperimentError("model \(who) (kind \(first.kind)) runs on Spark: \(e.message)", at: first.location,
                                    key: "spark.spark_submit")]
        } catch {
            return [ExperimentError("\(error)", at: first.location, key: "spark.spark_submit")]
        }
    }
}
