import Foundation

/// Small Markdown and number-formatting helpers. Every format is fixed
/// (no locale, no clock), so a report is a pure function of its results.
package enum Markdown {
    /// A GitHub-flavoured table; `align` per column: "l", "r" or "c".
    package static func table(_ header: [String], _ rows: [[String]], align: [Character]? = nil) -> String {
        let a = align ?? Array(repeating: "l", count: header.count)
        let rule = a.map { c -> String in c == "r" ? "---:" : c == "c" ? ":---:" : "---" }
        var lines = ["| " + header.map(cell).joined(separator: " | ") + " |", "| " + rule.joined(separator: " | ") + " |"]
        for r in rows { lines.append("| " + r.map(cell).joined(separator: " | ") + " |") }
        return lines.joined(separator: "\n")
    }

    /// Escapes a table cell: pipes, and newlines folded to spaces.
    package static func cell(_ s: String) -> String {
        s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    /// Escapes inline text outside tables (emphasis and link characters).
    package static func inline(_ s: String) -> String {
        var out = ""
        for ch in s {
            if "*_[]<>`".contains(ch) { out.append("\\") }
            out.append(ch)
        }
        return out
    }

    /// A fenced code block whose fence is longer than any backtick run inside.
    package static func code(_ text: String, language: String = "") -> String {
        var fence = "```"
        while text.contains(fence) { fence += "`" }
        let body = text.hasSuffix("\n") ? String(text.dropLast()) : text
        return "\(fence)\(language)\n\(body)\n\(fence)"
    }

    /// GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens.
    package static func anchor(_ heading: String) -> String {
        var out = ""
        for ch in heading.lowercased() {
            if ch.isLetter || ch.isNumber || ch == "-" || ch == "_" { out.append(ch) } else if ch == " " { out.append("-") }
        }
        return out
    }

    // MARK: - Numbers

    package static func fixed(_ x: Double, _ digits: Int = 4) -> String {
        x.isFinite ? String(format: "%.\(digits)f", x) : (x.isNaN ? "n/a" : (x > 0 ? "∞" : "−∞"))
    }

    /// `0.8691 ± 0.0052`, or the mean alone when there is no interval.
    package static func meanCI(_ s: SampleSummaryLike?, _ digits: Int = 4) -> String {
        guard let s else { return "–" }
        guard let h = s.halfWidth else { return fixed(s.mean, digits) }
        return "\(fixed(s.mean, digits)) ± \(fixed(h, digits))"
    }

    /// p-values: four decimals, or scientific below 0.001.
    package static func p(_ x: Double?) -> String {
        guard let x else { return "–" }
        if x.isNaN { return "n/a" }
        if x < 0.001 { return String(format: "%.1e", x) }
        return String(format: "%.4f", x)
    }

    /// 100836 → `100,836`.
    package static func count<I: BinaryInteger>(_ n: I) -> String {
        let s = String(n.magnitude)
        var out = ""
        for (i, ch) in s.enumerated() {
            if i > 0 && (s.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (n < 0 ? "−" : "") + out
    }

    package static func percent(_ fraction: Double, _ digits: Int = 2) -> String {
        fixed(fraction * 100, digits) + " %"
    }

    package static func seconds(_ s: Double) -> String {
        if s < 1 { return String(format: "%.3f s", s) }
        if s < 120 { return String(format: "%.2f s", s) }
        return String(format: "%d min %02d s", Int(s) / 60, Int(s) % 60)
    }

    package static func bytes(_ b: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var v = Double(b), u = 0
        while v >= 1024 && u < units.count - 1 { v /= 1024; u += 1 }
        return u == 0 ? "\(b) B" : String(format: "%.1f", v) + " " + units[u]
    }

    /// Unix seconds → `YYYY-MM-DD` (UTC, proleptic Gregorian; Hinnant's civil-from-days).
    package static func date(_ unix: Int64) -> String {
        let days = unix >= 0 ? unix / 86_400 : (unix - 86_399) / 86_400
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return String(format: "%04d-%02d-%02d", Int(y), Int(m), Int(d))
    }
}

/// What `Markdown.meanCI` needs of a summary.
package protocol SampleSummaryLike {
    var mean: Double { get }
    var halfWidth: Double? { get }
}
