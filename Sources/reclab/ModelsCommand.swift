import ArgumentParser
import Foundation
import RecLabModels
import RecLabExperiment
import RecLabResults

/// `reclab models`: every registered model kind with its parameters, defaults and
/// domains, and every metric with its direction — read from the same tables that
/// validate experiment files (`ModelRegistry.entries`, `MetricKind.info`).
struct ModelsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List the model kinds (parameters, defaults, domains) and the metrics an experiment file can name.",
        discussion: """
            With a KIND, only that kind's parameters. The listing is read from the tables validation \
            uses, so what it shows is exactly what `models:` and `metrics:` accept.
            """)

    @Argument(help: "Show only this kind (for example svd).")
    var kind: String?

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run() async throws {
        var entries = ModelRegistry.entries
        if let kind {
            guard let e = entries.first(where: { $0.kind == kind }) else {
                var message = "unknown model kind '\(kind)'"
                if let s = EditDistance.suggestion(for: kind, among: ModelRegistry.kinds) { message += "; did you mean '\(s)'?" }
                throw ValidationError(message + " (expected one of: \(ModelRegistry.kinds.joined(separator: ", ")))")
            }
            entries = [e]
        }
        if json {
            print(Self.json(entries, metrics: kind == nil))
            return
        }
        var out: [String] = []
        for e in entries {
            out.append("\(e.kind) — \(e.summary)")
            let rows = e.specs.map { p -> [String] in
                let dflt = p.inheritsFrom.map { "= \($0)" } ?? p.defaultValue.description
                return [p.name, Self.domain(p.domain), dflt, p.help]
            }
            if rows.isEmpty { out.append("  (no parameters)") } else {
                out.append(TextTable.render(header: ["parameter", "domain", "default", "meaning"], rows: rows))
            }
            out.append("")
        }
        if kind == nil {
            out.append("metrics — name them in `metrics:` and `expect:`; top-N metrics take a cut-off, e.g. ndcg@10")
            out.append(TextTable.render(header: ["metric", "better", "range", "meaning"], rows: MetricKind.allCases.map { m in
                let i = m.info
                return [(i.needsRanking ? "\(m.rawValue)@K" : m.rawValue), i.direction == .lowerIsBetter ? "lower" : "higher",
                        "[\(Self.number(i.lowerBound)), \(i.upperBound.map { Self.number($0) + "]" } ?? "∞)")", i.definition]
            }))
        }
        print(out.joined(separator: "\n"))
    }

    static func domain(_ d: ParameterSpec.Domain) -> String {
        switch d {
        case .int(let r): return r.upperBound == Int.max ? "integer ≥ \(r.lowerBound)" : "integer \(r.lowerBound)…\(r.upperBound)"
        case .double(let lo, let hi, let open):
            return "number \(open ? ">" : "≥") \(number(lo))" + (hi.isFinite ? ", ≤ \(number(hi))" : "")
        case .bool: return "true | false"
        case .choice(let options): return options.joined(separator: " | ")
        }
    }

    static func number(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x) }

    static func json(_ entries: [ModelRegistry.Entry], metrics: Bool) -> String {
        struct Param: Encodable { var name: String, domain: String, defaultValue: String?, inheritsFrom: String?, help: String }
        struct Kind: Encodable { var kind: String, summary: String, parameters: [Param] }
        struct Metric: Encodable { var name: String, direction: String, lowerBound: Double, upperBound: Double?, needsRanking: Bool, definition: String }
        struct Listing: Encodable { var models: [Kind], metrics: [Metric]? }
        let listing = Listing(
            models: entries.map { e in
                Kind(kind: e.kind, summary: e.summary, parameters: e.specs.map {
                    Param(name: $0.name, domain: domain($0.domain), defaultValue: $0.inheritsFrom == nil ? $0.defaultValue.description : nil,
                          inheritsFrom: $0.inheritsFrom, help: $0.help)
                })
            },
            metrics: metrics ? MetricKind.allCases.map { m in
                Metric(name: m.rawValue, direction: m.info.direction.rawValue, lowerBound: m.info.lowerBound, upperBound: m.info.upperBound,
                       needsRanking: m.info.needsRanking, definition: m.info.definition)
            } : nil)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return (try? encoder.encode(listing)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
