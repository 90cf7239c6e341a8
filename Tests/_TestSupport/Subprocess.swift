import Foundation

/// Child processes of the tests: run to the end with their output captured,
/// or started in the background with stderr going to a log file the test reads.
public enum Subprocess {
    /// Runs `executable arguments` to completion (with `environment`, else the
    /// test's own) and returns its exit status, stdout and stderr.
    public static func capture(_ executable: URL?, _ arguments: [String], environment: [String: String]? = nil) throws
        -> (status: Int32, stdout: String, stderr: String) {
        let p = Process()
        p.executableURL = executable
        p.arguments = arguments
        if let environment { p.environment = environment }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    /// Starts `executable arguments` without waiting: stdout discarded, stderr
    /// into the file `log` (created empty) or discarded when `log` is nil.
    public static func launch(_ executable: URL?, _ arguments: [String], environment: [String: String]? = nil,
                              log: URL?) throws -> Process {
        let p = Process()
        p.executableURL = executable
        p.arguments = arguments
        if let environment { p.environment = environment }
        if let log {
            FileManager.default.createFile(atPath: log.path, contents: nil)
            p.standardError = try FileHandle(forWritingTo: log)
        } else {
            p.standardError = FileHandle.nullDevice
        }
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        return p
    }

    /// Checks `condition` every `interval` seconds until it holds, until none of
    /// `processes` runs any more (when some are given), or until `seconds` have
    /// passed (nil: no limit). Returns whether the condition held.
    @discardableResult
    public static func waitUntil(upTo seconds: Double?, every interval: Double, whileRunning processes: [Process] = [],
                                 _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = seconds.map { Date().addingTimeInterval($0) }
        while true {
            if try condition() { return true }
            if !processes.isEmpty && !processes.contains(where: \.isRunning) { return false }
            if let deadline, Date() >= deadline { return false }
            Thread.sleep(forTimeInterval: interval)
        }
    }
}
