import Foundation

/// The `reclab` executable built beside the test bundle (or under
/// `.build/debug`), for tests that run it as a user does.
public enum ReclabBinary {
    public static var url: URL? {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("reclab"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("reclab"),
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent(".build/debug/reclab"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// The test process's environment with `RECLAB_CACHE_DIR` set to a fresh
    /// temporary folder (unless the caller's `environment` sets it), so a
    /// `reclab` started by a test never reads or fills the user's trial cache
    /// and runs in different tests never reuse each other's trials.
    public static func isolatedEnvironment(_ environment: [String: String]? = nil) -> [String: String] {
        var env = environment ?? ProcessInfo.processInfo.environment
        if environment?["RECLAB_CACHE_DIR"] == nil {
            env["RECLAB_CACHE_DIR"] = FileManager.default.temporaryDirectory
                .appendingPathComponent("reclab-test-cache-\(UUID().uuidString)").path
        }
        return env
    }

    /// Runs `reclab arguments` to completion (with `environment`, else the
    /// test's own; either way with an isolated cache folder, see
    /// `isolatedEnvironment`) and returns its exit status, stdout and stderr.
    public static func run(_ arguments: [String], environment: [String: String]? = nil) throws
        -> (status: Int32, stdout: String, stderr: String) {
        try Subprocess.capture(url, arguments, environment: isolatedEnvironment(environment))
    }

    /// Starts `reclab arguments` without waiting (environment as in `run`):
    /// stdout discarded, stderr into the file `log` (created empty) or
    /// discarded when `log` is nil.
    public static func launch(_ arguments: [String], environment: [String: String]? = nil, log: URL?) throws -> Process {
        try Subprocess.launch(url, arguments, environment: isolatedEnvironment(environment), log: log)
    }
}
