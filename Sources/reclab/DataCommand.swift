import ArgumentParser
import Foundation
import RecLabData

struct DataCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "Inspect, fetch and generate MovieLens data.",
        subcommands: [DataInfoCommand.self, DataFetchCommand.self, DataSynthCommand.self]
    )
}

/// Options shared by the subcommands that load a dataset.
struct DataLoadOptions: ParsableArguments {
    @Flag(help: "Skip bad rows (and report how many and the first few) instead of stopping at the first.")
    var lenient = false

    @Flag(name: .customLong("no-cache"), help: "Parse the source files; do not read or write the binary cache.")
    var noCache = false

    @Flag(name: .customLong("rebuild-cache"), help: "Parse the source files and rewrite the binary cache.")
    var rebuildCache = false

    var loadOptions: LoadOptions {
        LoadOptions(strictness: lenient ? .lenient : .strict,
                    cache: noCache ? .disabled : rebuildCache ? .rebuild : .automatic)
    }
}

/// A `DataError` shown as the user should read it: one line with file, line,
/// column and what was expected, then exit code 1.
struct DataFailure: Error, CustomStringConvertible {
    var error: DataError
    var description: String { "\(error)" }
}

extension LoadReport {
    /// Lines for stderr: skipped rows (lenient) and where the data came from.
    var notes: [String] {
        var out: [String] = []
        if skippedRows > 0 {
            out.append("skipped \(skippedRows) bad row\(skippedRows == 1 ? "" : "s"); the first \(firstProblems.count):")
            out += firstProblems.map { "  \($0)" }
        }
        if let cacheRejection { out.append("cache not used: \(cacheRejection)") }
        switch cache {
        case .hit(let u): out.append(String(format: "loaded from cache %@ in %.3f s", u.path, seconds))
        case .written(let u): out.append(String(format: "parsed in %.3f s; cache written to %@", seconds, u.path))
        case .notWritten(let why): out.append(String(format: "parsed in %.3f s; no cache (%@)", seconds, why))
        case .disabled: out.append(String(format: "parsed in %.3f s (cache disabled)", seconds))
        }
        return out
    }
}

func printError(_ s: String) {
    FileHandle.standardError.write(Data((s + "\n").utf8))
}
