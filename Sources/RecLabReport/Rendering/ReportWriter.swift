import Foundation
import RecLabResults

/// Writes a run's report into its folder: plans the charts, draws each with
/// gnuplot, then writes `report.md` listing any chart that failed as missing.
/// The Markdown is written even when every chart fails.
package enum ReportWriter {
    /// What `write` produced.
    package struct Outcome: Sendable {
        package var reportURL: URL
        /// PNGs drawn, by file name.
        package var drawn: [String]
        /// One error per chart that could not be drawn (chart file name + gnuplot's message).
        package var chartErrors: [ReportError]
    }

    /// Writes `report.md` and its charts into `directory` (created if needed).
    /// Throws only when the Markdown itself cannot be written.
    package static func write(_ run: RunResult, to directory: URL, gnuplot: Gnuplot = Gnuplot()) throws -> Outcome {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw ReportError(subject: directory.path, message: "cannot create the report folder: \(error.localizedDescription)")
        }
        let charts = ChartPlanner.charts(for: run)
        var drawn: [String] = []
        var errors: [ReportError] = []
        for chart in charts {
            do {
                try gnuplot.render(chart, in: directory)
                drawn.append(chart.fileName)
            } catch let e as ReportError {
                errors.append(e)
            } catch {
                errors.append(ReportError(subject: chart.fileName, message: "\(error)"))
            }
        }
        var missing: [String: String] = [:]
        for e in errors { missing[e.subject] = e.message }
        let markdown = MarkdownReport.render(run, charts: charts, missing: missing)
        let url = directory.appendingPathComponent("report.md")
        do {
            try Data(markdown.utf8).write(to: url, options: .atomic)
        } catch {
            throw ReportError(subject: url.path, message: "cannot write the report: \(error.localizedDescription)")
        }
        return Outcome(reportURL: url, drawn: drawn, chartErrors: errors)
    }
}
