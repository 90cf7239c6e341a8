import Foundation
import RecLabResults

/// Builds gnuplot scripts as text: the preamble every chart shares (pngcairo
/// 900×560, no enhanced text so titles print literally), quoting, and
/// inline data blocks (`$NAME << EOD … EOD`).
package struct GnuplotScript {
    package static let width = 900
    package static let height = 560

    private(set) var lines: [String] = []

    package init(output: String, title: String) {
        lines = [
            "# RecLab chart: \(title)",
            "set terminal pngcairo size \(Self.width),\(Self.height) noenhanced font 'Sans,11'",
            "set output \(Self.quote(output))",
            "set encoding utf8",
            "set title \(Self.quote(title))",
            "set grid lc rgb '#dddddd'",
            "set border lc rgb '#444444'",
        ]
    }

    package mutating func add(_ line: String) { lines.append(line) }

    /// A data block: each row is space-separated fields (strings quoted by the caller when they may contain spaces).
    package mutating func data(_ name: String, _ rows: [[String]]) {
        lines.append("$\(name) << EOD")
        for r in rows { lines.append(r.joined(separator: " ")) }
        lines.append("EOD")
    }

    package var text: String { lines.joined(separator: "\n") + "\n" }

    /// A gnuplot double-quoted string (backslash and double quote escaped).
    package static func quote(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// A number for a data line: full precision, `NaN` for non-finite.
    package static func number(_ x: Double) -> String {
        x.isFinite ? String(format: "%.10g", x) : "NaN"
    }
}
