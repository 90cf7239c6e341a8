import Foundation
import Testing

/// The `spark-submit` the Spark tests run (`spark_als`, the PySpark oracle):
/// `RECLAB_SPARK_SUBMIT` when set (as .ci/run exports it after
/// `scripts/setup-spark`), else the virtualenv `scripts/setup-spark` makes
/// under the user cache folder (`${XDG_CACHE_HOME:-~/.cache}/reclab/venv-spark`).
/// Java must be there too (`JAVA_HOME` or `java` on PATH).
public enum SparkSubmit {
    public static var path: String? {
        let env = ProcessInfo.processInfo.environment
        if let given = env["RECLAB_SPARK_SUBMIT"], !given.isEmpty {
            return FileManager.default.isExecutableFile(atPath: given) ? given : nil
        }
        let cache = env["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (env["HOME"] ?? "") + "/.cache"
        let venv = cache + "/reclab/venv-spark/bin/spark-submit"
        return FileManager.default.isExecutableFile(atPath: venv) ? venv : nil
    }

    public static var hasJava: Bool {
        let env = ProcessInfo.processInfo.environment
        if let home = env["JAVA_HOME"], !home.isEmpty { return FileManager.default.isExecutableFile(atPath: home + "/bin/java") }
        return (env["PATH"] ?? "").split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/java") }
    }

    public static var isAvailable: Bool { path != nil && hasJava }

    public static let missingReason: Comment =
        "no spark-submit (RECLAB_SPARK_SUBMIT, or ~/.cache/reclab/venv-spark) or no Java: run scripts/setup-spark"

    /// The environment for a process running `spark-submit`: its folder first on PATH
    /// (pip's spark-submit finds its Spark and Python there) and `RECLAB_SPARK_SUBMIT` set to it.
    public static func environment(_ base: [String: String] = ProcessInfo.processInfo.environment) -> [String: String] {
        var env = base
        if let path {
            let bin = URL(fileURLWithPath: path).deletingLastPathComponent().path
            env["PATH"] = bin + ":" + (env["PATH"] ?? "/usr/bin:/bin")
            env["RECLAB_SPARK_SUBMIT"] = path
        }
        return env
    }
}
