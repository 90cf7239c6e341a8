import Foundation

/// Where and how an external Spark job runs (`spark_als`): the `spark-submit`
/// to use, the master, extra `--conf` values, the staging location and a time
/// limit. None of it changes what is learned, so none of it is part of a
/// trial's key: the same experiment runs on a laptop (`local[*]`) and on a
/// cluster (`yarn`, `spark://…`, `k8s://…`) by changing `master`.
///
/// The experiment file's `spark:` section fills it (RecLabExperiment reads the
/// YAML; the models only see this value); the environment then overrides it
/// (`resolved()`), so a CI machine or a cluster gateway can point every
/// experiment at its own Spark without editing files.
public struct SparkSettings: Sendable, Hashable {
    /// The `spark-submit` to run: a path, or a command name looked up on PATH.
    /// Nil: `spark-submit` on PATH, else the virtualenv `scripts/setup-spark`
    /// makes (`$XDG_CACHE_HOME/reclab/venv-spark`, default `~/.cache`).
    public var submit: String?
    /// `--master` (`local[*]`, `local[2]`, `yarn`, `spark://host:7077`…).
    public var master: String
    /// Extra `--conf key=value` pairs, passed in key order.
    public var conf: [String: String]
    /// The local folder under which each fit makes its own staging folder
    /// (training rows, the job, Spark's log, the factors read back), removed
    /// after the fit. Nil: the system's temporary folder.
    public var staging: String?
    /// A URI every Spark executor can read (`hdfs://…`, `s3a://…`, `file:///shared/…`):
    /// the job copies the training rows there from the driver (client deploy
    /// mode) and deletes them after the fit. Nil: executors read the local
    /// staging folder, which is right for `local[…]` masters and shared mounts.
    public var stagingURI: String?
    /// The job is stopped (SIGTERM to its process group, SIGKILL 10 s later)
    /// when it runs longer than this; nil: no limit.
    public var timeoutSeconds: Double?

    public static let defaultMaster = "local[*]"

    public init(submit: String? = nil, master: String = SparkSettings.defaultMaster, conf: [String: String] = [:],
                staging: String? = nil, stagingURI: String? = nil, timeoutSeconds: Double? = nil) {
        self.submit = submit
        self.master = master
        self.conf = conf
        self.staging = staging
        self.stagingURI = stagingURI
        self.timeoutSeconds = timeoutSeconds
    }

    /// The environment variables that override the settings, by variable.
    public static let environmentKeys = [
        "RECLAB_SPARK_SUBMIT": "the spark-submit to run", "RECLAB_SPARK_MASTER": "--master",
        "RECLAB_SPARK_STAGING": "the local staging folder", "RECLAB_SPARK_STAGING_URI": "the shared staging URI",
        "RECLAB_SPARK_TIMEOUT": "the time limit of one job, in seconds",
    ]

    /// These settings with the environment's values in place of their own:
    /// `RECLAB_SPARK_SUBMIT`, `RECLAB_SPARK_MASTER`, `RECLAB_SPARK_STAGING`,
    /// `RECLAB_SPARK_STAGING_URI`, `RECLAB_SPARK_TIMEOUT` (seconds). An empty
    /// variable counts as unset.
    public func resolved(environment env: [String: String] = ProcessInfo.processInfo.environment) -> SparkSettings {
        func value(_ name: String) -> String? { env[name].flatMap { $0.isEmpty ? nil : $0 } }
        var s = self
        if let v = value("RECLAB_SPARK_SUBMIT") { s.submit = v }
        if let v = value("RECLAB_SPARK_MASTER") { s.master = v }
        if let v = value("RECLAB_SPARK_STAGING") { s.staging = v }
        if let v = value("RECLAB_SPARK_STAGING_URI") { s.stagingURI = v }
        if let v = value("RECLAB_SPARK_TIMEOUT").flatMap(Double.init), v > 0 { s.timeoutSeconds = v }
        return s
    }

    /// What to install when Spark or Java is missing (every such error ends with it).
    public static let installHint = "install PySpark 4.3.0 and a JDK 17: `scripts/setup-spark` does both "
        + "(a virtualenv with `pip install pyspark==4.3.0` under ~/.cache/reclab/venv-spark, and "
        + "`apt-get install openjdk-17-jdk-headless` when `java` is missing), or point RECLAB_SPARK_SUBMIT "
        + "(or spark.spark_submit in the experiment file) at an existing spark-submit"

    /// The default virtualenv's `spark-submit`: `$XDG_CACHE_HOME/reclab/venv-spark/bin/spark-submit`
    /// (`~/.cache` when XDG_CACHE_HOME is unset). Not `RECLAB_CACHE_DIR`: that folder is
    /// RecLab's disposable cache, the virtualenv is an installed tool.
    public static func defaultVirtualenvSubmit(environment env: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        let base: String
        if let x = env["XDG_CACHE_HOME"], !x.isEmpty {
            base = x
        } else if let home = env["HOME"], !home.isEmpty {
            base = home + "/.cache"
        } else {
            return nil
        }
        return base + "/reclab/venv-spark/bin/spark-submit"
    }

    /// The absolute path of the `spark-submit` to run, or an error saying what to install.
    public func locateSubmit(environment env: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        let fm = FileManager.default
        if let given = submit {
            if given.contains("/") {
                guard fm.isExecutableFile(atPath: given) else {
                    throw RatingModelError("spark-submit '\(given)' does not exist or is not executable; " + Self.installHint,
                                           kind: SparkALS.kindName)
                }
                return given
            }
            if let found = Self.onPath(given, environment: env) { return found }
            throw RatingModelError("no '\(given)' on PATH; " + Self.installHint, kind: SparkALS.kindName)
        }
        if let found = Self.onPath("spark-submit", environment: env) { return found }
        if let venv = Self.defaultVirtualenvSubmit(environment: env), fm.isExecutableFile(atPath: venv) { return venv }
        throw RatingModelError("no spark-submit found (not on PATH, not in the default virtualenv "
                               + "\(Self.defaultVirtualenvSubmit(environment: env) ?? "~/.cache/reclab/venv-spark/bin/spark-submit")); "
                               + Self.installHint, kind: SparkALS.kindName)
    }

    /// The `java` spark-submit will start: `$JAVA_HOME/bin/java`, else `java` on PATH; an error saying what to install.
    public static func locateJava(environment env: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        if let home = env["JAVA_HOME"], !home.isEmpty {
            let java = home + "/bin/java"
            guard FileManager.default.isExecutableFile(atPath: java) else {
                throw RatingModelError("JAVA_HOME is \(home) but \(java) is not an executable; " + installHint,
                                       kind: SparkALS.kindName)
            }
            return java
        }
        if let java = onPath("java", environment: env) { return java }
        throw RatingModelError("no Java runtime (no `java` on PATH and JAVA_HOME unset): Spark needs a JDK 17; " + installHint,
                               kind: SparkALS.kindName)
    }

    /// Both tools Spark needs, checked before any work starts (validation, `plan`, before a fit).
    public func checkTools(environment env: [String: String] = ProcessInfo.processInfo.environment) throws {
        _ = try locateSubmit(environment: env)
        _ = try Self.locateJava(environment: env)
    }

    static func onPath(_ name: String, environment env: [String: String]) -> String? {
        for dir in (env["PATH"] ?? "").split(separator: ":") where !dir.isEmpty {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
