import Foundation

/// `report:` — what the Markdown report shows and where it goes.
public struct ReportSpec: Sendable, Hashable, Codable {
    /// The report's chart names (RecLabReport's `ChartKind` raw values).
    public static let chartKinds = ["explained-variance", "metric-vs-parameter", "heatmap", "learning-curves",
                                    "model-comparison", "rating-histogram", "activity-distributions", "ranking-vs-k"]

    /// Charts to draw (default: every one that applies).
    public var charts: [String]? = nil
    /// Model name the paired tests compare against.
    public var baseline: String?
    /// Output folder; the report goes to `<dir>/<experiment name>/report.md`.
    public var dir: String = "reports"

    public init() {}

    static let keys = ["charts", "baseline", "dir"]

    static func read(_ r: MappingReader?) -> ReportSpec {
        var s = ReportSpec()
        guard let r else { return s }
        if r.has("charts") { s.charts = r.strings("charts", default: chartKinds, choices: chartKinds) }
        s.baseline = r.string("baseline", default: nil)
        s.dir = r.string("dir", default: "reports") ?? "reports"
        return s
    }
}

/// `run:` — how the runner uses the machine.
public struct RunSpec: Sendable, Hashable, Codable {
    /// Parallel trials (nil = the number of cores).
    public var workers: Int?
    /// Stop starting new trials after this many seconds (nil = no limit).
    public var timeBudget: Double?
    /// Start at most this many trials per `reclab run` (nil = no limit); the next run continues.
    public var maxTrials: Int?
    /// A shared trial store every `reclab run` of the file joins as a worker
    /// (`postgresql://USER@HOST:PORT/DB`); nil = the results folder. No password here:
    /// the file is copied into run.json and the report.
    public var store: String?

    public init() {}

    static let keys = ["workers", "time_budget", "max_trials", "store"]

    static func read(_ r: MappingReader?) -> RunSpec {
        var s = RunSpec()
        guard let r else { return s }
        if let n = r["workers"], case .scalar("auto", .string) = n.value {
            s.workers = nil
        } else if r.has("workers") {
            s.workers = r.int("workers", default: 1, in: 1...1024)
        }
        if r.has("max_trials") { s.maxTrials = r.int("max_trials", default: 1, in: 1...Int.max) }
        if let url = r.string("store", default: nil), let n = r["store"] {
            if let problem = storeProblem(url) {
                r.diag.add(ExperimentError(problem, at: n.location, key: "run.store", found: redactedStore(url),
                                           expected: "postgresql://USER@HOST:PORT/DATABASE, the password in PGPASSWORD or ~/.pgpass"))
            } else {
                s.store = url
            }
        }
        if let n = r["time_budget"] {
            if let v = MappingReader.number(n) {
                if v > 0 { s.timeBudget = v } else {
                    r.diag.add(ExperimentError("value out of range", at: n.location, key: "run.time_budget", found: n.shortDescription,
                                               expected: "a positive duration"))
                }
            } else if case .scalar(let text, .string) = n.value, let v = parseDuration(text) {
                s.timeBudget = v
            } else {
                r.diag.add(ExperimentError("wrong type", at: n.location, key: "run.time_budget", found: n.shortDescription,
                                           expected: "seconds, or a duration such as 90s, 30m, 2h"))
            }
        }
        return s
    }

    /// Why `url` cannot be `run.store`, or nil: it must be a PostgreSQL URL without a password.
    static func storeProblem(_ url: String) -> String? {
        guard url.hasPrefix("postgresql://") || url.hasPrefix("postgres://") else { return "not a PostgreSQL URL" }
        let authority = url.drop(while: { $0 != "/" }).dropFirst(2).prefix(while: { $0 != "/" && $0 != "?" })
        if let at = authority.lastIndex(of: "@"), authority[..<at].contains(":") {
            return "a password in the experiment file would be copied into run.json and the report"
        }
        return nil
    }

    /// `url` with any password replaced by `***`, for messages.
    static func redactedStore(_ url: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        let rest = url[scheme.upperBound...]
        let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        guard let at = rest[..<end].lastIndex(of: "@"), let colon = rest[..<at].firstIndex(of: ":") else { return url }
        return String(url[..<colon]) + ":***" + String(url[at...])
    }

    /// `90s`, `30m`, `1.5h` → seconds.
    static func parseDuration(_ text: String) -> Double? {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard let unit = t.last else { return nil }
        let scale: Double
        switch unit {
        case "s": scale = 1
        case "m": scale = 60
        case "h": scale = 3600
        default: return nil
        }
        guard let v = Double(t.dropLast()), v > 0, v.isFinite else { return nil }
        return v * scale
    }
}
