import Foundation

/// Runs gnuplot: a chart's script is piped into the `gnuplot` process's
/// standard input (the Swift counterpart of gnuplot-iostream), with the
/// report folder as working directory, so the script's relative
/// `set output` lands there.
package struct Gnuplot: Sendable {
    /// The executable, or nil when none was found (every render then fails with a clear error).
    package var executable: URL?

    /// Uses `path` when given (an executable file), else the first `gnuplot` on `PATH`
    /// (from `environment`, default the process environment).
    package init(path: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) {
        if let path {
            executable = URL(fileURLWithPath: path)
            return
        }
        let dirs = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        executable = dirs.lazy.map { URL(fileURLWithPath: String($0)).appendingPathComponent("gnuplot") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// Draws `chart` into `directory/chart.fileName`.
    /// Throws `ReportError` naming the chart with gnuplot's stderr (or why gnuplot could not start).
    package func render(_ chart: Chart, in directory: URL) throws {
        guard let exe = executable else {
            throw ReportError(subject: chart.fileName, message: "gnuplot not found on PATH (install gnuplot, e.g. apt-get install gnuplot-nox)")
        }
        guard FileManager.default.isExecutableFile(atPath: exe.path) else {
            throw ReportError(subject: chart.fileName, message: "gnuplot not found at \(exe.path)")
        }
        // A gnuplot that dies before reading its script must not kill us with SIGPIPE:
        // ignore the signal process-wide (writes then fail with EPIPE, handled below).
        signal(SIGPIPE, SIG_IGN)
        let process = Process()
        process.executableURL = exe
        process.arguments = []
        process.currentDirectoryURL = directory
        let input = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        do { try process.run() } catch {
            throw ReportError(subject: chart.fileName, message: "cannot start \(exe.path): \(error.localizedDescription)")
        }
        // Read stderr concurrently so a chatty gnuplot never blocks on a full pipe.
        let box = ErrorBox()
        let reader = Thread { box.data = errors.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let script = Data(chart.script.utf8)
        do {
            try input.fileHandleForWriting.write(contentsOf: script)
            try input.fileHandleForWriting.close()
        } catch {
            // gnuplot died early; its stderr below says why.
        }
        process.waitUntilExit()
        box.wait(for: reader)
        let stderr = String(decoding: box.data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let output = directory.appendingPathComponent(chart.fileName)
        if process.terminationStatus != 0 {
            throw ReportError(
                subject: chart.fileName,
                message: "gnuplot exited with status \(process.terminationStatus): \(stderr.isEmpty ? "(no message)" : stderr)")
        }
        guard FileManager.default.fileExists(atPath: output.path) else {
            throw ReportError(subject: chart.fileName, message: "gnuplot wrote no file\(stderr.isEmpty ? "" : ": \(stderr)")")
        }
    }
}

/// Collects a reader thread's bytes; `wait(for:)` spins briefly until the thread has finished.
private final class ErrorBox: @unchecked Sendable {
    // Written once by the reader thread before it finishes, read after `wait(for:)`.
    var data = Data()

    func wait(for thread: Thread) {
        while !thread.isFinished { usleep(1000) }
    }
}
