import Foundation
import Testing
import _TestSupport
import RecLabCore
@testable import RecLabExperiment
import RecLabResults

/// `spark_als` through the runner with a real Spark (`local[2]`): the trial's
/// RMSE is PySpark's own on the same rows, a failing or overrunning job fails
/// only its trial with Spark's log, and a missing spark-submit is a clear error.
@Suite("spark_als: runs through spark-submit", .serialized)
struct SparkALSRunTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func temporary(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("reclab-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func run(_ yaml: String, output: URL) throws -> ExperimentRunner.Outcome {
        let spec = try ExperimentSpec.parse(yaml, file: "spark.yaml")
        try ExperimentValidator(catalog: RegistryCatalog()).validate(spec)
        return try ExperimentRunner(catalog: RegistryCatalog())
            .run(spec, options: RunOptions(workers: 1, outputDirectory: output, progress: .silent))
    }

    /// The spark_als trial's RMSE on a holdout split of ml-latest-small equals the RMSE of
    /// scripts/oracles/pyspark_als.py (Spark's own `transform` predictions, scored with
    /// RecLab's fallback and clipping) run by the same spark-submit on the same rows, to 1e-6.
    @Test(.requiresSpark, .requiresRealData, .timeLimit(.minutes(5)))
    func trialRMSEIsPySparksOwn() throws {
        let data = try #require(RealData.mlLatestSmallURL)
        let submit = try #require(SparkSubmit.path)
        let work = try Self.temporary("spark-faithful")
        defer { try? FileManager.default.removeItem(at: work) }
        let yaml = """
            reclab: 1
            name: spark-faithful
            seed: 7
            dataset: {path: \(data.path)}
            split: {kind: holdout, test_fraction: 0.2}
            models:
              - kind: spark_als
                params: {rank: 8, max_iter: 5, reg_param: 0.1, seed: 42}
            metrics: [rmse]
            spark:
              master: local[2]
              spark_submit: \(submit)
              conf: {spark.ui.enabled: false}
              staging: \(work.appendingPathComponent("staging").path)
            """
        // The same rows, as the runner splits them, for the oracle.
        let spec = try ExperimentSpec.parse(yaml, file: "spark.yaml")
        let prepared = try PreparedData.load(spec.dataset, checksumCache: work.appendingPathComponent("checksums"))
        let split = try #require(PreparedSplit.build(spec, dataset: prepared.dataset).values.first)
        let (us, ms, vs) = split.train.triples()
        let trainCSV = work.appendingPathComponent("train.csv"), testCSV = work.appendingPathComponent("test.csv")
        try (0..<us.count).map { "\(us[$0]),\(ms[$0]),\(vs[$0])\n" }.joined().write(to: trainCSV, atomically: true, encoding: .utf8)
        let t = split.test
        try (0..<t.count).map { "\(t.users[$0]),\(t.movies[$0]),\(t.values[$0])\n" }.joined()
            .write(to: testCSV, atomically: true, encoding: .utf8)
        // The oracle runs while the runner does (two JVMs; the machine's cores are shared either way).
        let oracleJSON = work.appendingPathComponent("oracle.json"), oracleLog = work.appendingPathComponent("oracle.log")
        FileManager.default.createFile(atPath: oracleLog.path, contents: nil)
        let oracle = Process()
        oracle.executableURL = URL(fileURLWithPath: submit)
        oracle.arguments = ["--master", "local[2]", "--conf", "spark.ui.enabled=false",
                            Self.packageRoot.appendingPathComponent("scripts/oracles/pyspark_als.py").path,
                            "--train", trainCSV.path, "--test", testCSV.path, "--rank", "8", "--max-iter", "5",
                            "--reg-param", "0.1", "--seed", "42", "--out", oracleJSON.path]
        oracle.environment = SparkSubmit.environment()
        oracle.standardOutput = try FileHandle(forWritingTo: oracleLog)
        oracle.standardError = oracle.standardOutput
        try oracle.run()
        let outcome = try Self.run(yaml, output: work.appendingPathComponent("results"))
        oracle.waitUntilExit()
        let log = (try? String(contentsOf: oracleLog, encoding: .utf8)) ?? ""
        try #require(oracle.terminationStatus == 0, "oracle failed: \(log.split(separator: "\n").suffix(20).joined(separator: "\n"))")
        let trial = try #require(outcome.run.trials.first)
        #expect(trial.status == .ok, "\(trial.message ?? "")")
        let json = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: oracleJSON)) as? [String: Any])
        let expected = try #require(json["rmse"] as? Double), unknown = try #require(json["unknown_pairs"] as? Int)
        let rmse = try #require(trial.metrics["rmse"])
        #expect(abs(rmse - expected) <= 1e-6, "spark_als \(rmse) vs PySpark \(expected)")
        // The split leaves some test movies out of training: the fallback is part of what was compared.
        #expect(unknown > 0 && json["test_rows"] as? Int == t.count)
        // A different Spark seed is a different model: the comparison can tell models apart.
        #expect(rmse > 0.8 && rmse < 1.1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.appendingPathComponent("staging").path).isEmpty)
        // The report's configuration says where Spark ran.
        #expect(outcome.run.experiment.configuration.contains { $0.key == "spark.master" && $0.value == "local[2]" })
    }

    static func fixtureYAML(name: String, spark: String) throws -> String {
        """
        reclab: 1
        name: \(name)
        dataset: {path: \(try MovieLensFixture.small().path)}
        split: {kind: holdout, test_fraction: 0.25}
        models:
          - kind: baseline_als
          - kind: spark_als
            params: {rank: 4, max_iter: 2}
        metrics: [rmse]
        spark:
        \(spark)
        """
    }

    /// A job Spark refuses (a driver memory that is no size) fails its own trial, with the
    /// lines of Spark's log that say why; the other model's trial is stored as usual, and
    /// nothing of the job is left in the staging folder.
    @Test(.requiresSpark, .timeLimit(.minutes(2)))
    func failingJobFailsOnlyItsTrial() throws {
        let work = try Self.temporary("spark-fail")
        defer { try? FileManager.default.removeItem(at: work) }
        let staging = work.appendingPathComponent("staging")
        let yaml = try Self.fixtureYAML(name: "spark-fail", spark: """
              master: local[1]
              spark_submit: \(try #require(SparkSubmit.path))
              conf: {spark.driver.memory: lots}
              staging: \(staging.path)
            """)
        let outcome = try Self.run(yaml, output: work.appendingPathComponent("results"))
        let spark = try #require(outcome.run.trials.first { $0.kind == "spark_als" })
        let baseline = try #require(outcome.run.trials.first { $0.kind == "baseline_als" })
        #expect(spark.status == .failed && spark.metrics.isEmpty)
        let message = spark.message ?? ""
        #expect(message.contains("the Spark job failed with exit status"), "\(message)")
        #expect(message.contains("Invalid maximum heap size: -Xmxlots"), "\(message)")
        #expect(baseline.status == .ok && baseline.metrics["rmse"] != nil)
        #expect(outcome.failed.count == 1 && outcome.failed[0].contains("spark_als"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: staging.path).isEmpty)
        // The failed trial is not reused: the store lists only finished trials.
        let stored = TrialStore(layout: ResultsLayout(directory: work.appendingPathComponent("results"))).finished()
        #expect(stored.byKey.values.map(\.kind) == ["baseline_als"])
    }

    /// A job past `spark.timeout_seconds` is stopped and its trial fails saying so.
    @Test(.requiresSpark, .timeLimit(.minutes(2)))
    func overrunningJobIsStopped() throws {
        let work = try Self.temporary("spark-timeout")
        defer { try? FileManager.default.removeItem(at: work) }
        let staging = work.appendingPathComponent("staging")
        let yaml = try Self.fixtureYAML(name: "spark-timeout", spark: """
              master: local[1]
              spark_submit: \(try #require(SparkSubmit.path))
              staging: \(staging.path)
              timeout_seconds: 2
            """)
        let t0 = Date()
        let outcome = try Self.run(yaml, output: work.appendingPathComponent("results"))
        let spark = try #require(outcome.run.trials.first { $0.kind == "spark_als" })
        #expect(spark.status == .failed)
        #expect((spark.message ?? "").contains("stopped after its time limit of 2 s"), "\(spark.message ?? "")")
        // Stopped within the limit plus the SIGTERM grace, long before a Spark start-up and fit would end.
        #expect(Date().timeIntervalSince(t0) < 20 + 15)
        #expect(try FileManager.default.contentsOfDirectory(atPath: staging.path).isEmpty)
    }

    /// With no spark-submit, `reclab run` and `reclab plan` stop before any work with the model's
    /// file position and what to install, and exit non-zero.
    @Test(.requiresReclab)
    func missingSparkSubmitIsAClearError() throws {
        let work = try Self.temporary("spark-missing")
        defer { try? FileManager.default.removeItem(at: work) }
        let file = work.appendingPathComponent("spark.yaml")
        try Self.fixtureYAML(name: "spark-missing", spark: "  master: local[1]").write(to: file, atomically: true, encoding: .utf8)
        var env = ProcessInfo.processInfo.environment
        env["RECLAB_SPARK_SUBMIT"] = work.appendingPathComponent("no-such/spark-submit").path
        for command in ["run", "plan"] {
            let r = try ReclabBinary.run([command, file.path, "--out", work.appendingPathComponent("out").path], environment: env)
            #expect(r.status != 0, "\(command)")
            let text = r.stderr + r.stdout
            #expect(text.contains("spark.yaml:7"), "\(command): \(text)")
            #expect(text.contains("no-such/spark-submit") && text.contains("pip install pyspark==4.3.0") && text.contains("JDK 17"),
                    "\(command): \(text)")
        }
        #expect(!FileManager.default.fileExists(atPath: work.appendingPathComponent("out/results/run.json").path))
    }
}
