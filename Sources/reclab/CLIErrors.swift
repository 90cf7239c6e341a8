import ArgumentParser
import Foundation
import RecLabExperiment

/// Shared helpers of the experiment commands: loading + validating a file
/// with every error printed as file:line:column, and small formatting.
enum CLIErrors {
    static var catalog: any ModelCatalog { RegistryCatalog() }

    /// Parses and validates `path`; prints all problems and exits non-zero on any.
    static func loadValidated(_ path: String) throws -> ExperimentSpec {
        do {
            let spec = try ExperimentSpec.loadValidated(path, catalog: catalog)
            for w in spec.warnings { FileHandle.standardError.write(Data((w.description + "\n").utf8)) }
            return spec
        } catch let e as ExperimentErrors {
            fail(e.errors)
        }
    }

    static func fail(_ errors: [ExperimentError]) -> Never {
        for e in errors { FileHandle.standardError.write(Data((e.description + "\n").utf8)) }
        FileHandle.standardError.write(Data("\(errors.count) error\(errors.count == 1 ? "" : "s"); nothing was run\n".utf8))
        Foundation.exit(2)
    }

    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "unknown" }
        if seconds < 1 { return String(format: "%.1fs", seconds) }
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m\(String(format: "%02d", s % 60))s" }
        return "\(s / 3600)h\(String(format: "%02d", (s % 3600) / 60))m"
    }
}

/// A plain aligned text table for terminals.
enum TextTable {
    static func render(header: [String], rows: [[String]]) -> String {
        var widths = header.map(\.count)
        for r in rows { for (i, c) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], c.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in c.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        return ([line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")] + rows.map(line))
            .joined(separator: "\n")
    }
}
