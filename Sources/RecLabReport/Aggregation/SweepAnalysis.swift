import Foundation
import RecLabResults

/// Which parameters a model's sweep varied, and the series a chart draws
/// for one of them.
package enum SweepAnalysis {
    /// Parameters whose value differs between configurations of `model`, in
    /// the order of `preferred` (the report options' sweep list) then by name.
    ///
    /// A parameter whose value equals an earlier one's in every configuration
    /// (`lr_bu`, `lr_bi`… resolved from a swept `lr_all`) is an alias and left
    /// out: the first in that order stands for it.
    package static func variedParameters(of model: String, in configs: [ConfigurationSummary], preferred: [String]? = nil) -> [String] {
        let mine = configs.filter { $0.model == model }
        var names = Set<String>()
        for c in mine { names.formUnion(c.parameters.keys) }
        let varied = names.filter { n in Set(mine.map { $0.parameters[n]?.description ?? "" }).count > 1 }
        let pref = (preferred ?? []).filter { varied.contains($0) }
        var kept: [String] = []
        for name in pref + varied.subtracting(pref).sorted() {
            let isAlias = kept.contains { other in mine.allSatisfy { $0.parameters[name] == $0.parameters[other] } }
            if !isAlias { kept.append(name) }
        }
        return kept
    }

    /// One line of a metric-vs-parameter chart.
    package struct Series: Sendable, Hashable {
        /// Legend text (`lr = 0.005`), or the model name for a single series.
        package var title: String
        /// (x value, mean, CI half-width or 0, n), ascending in x.
        package var points: [(x: ResultValue, mean: Double, halfWidth: Double, n: Int)]

        package static func == (a: Series, b: Series) -> Bool {
            a.title == b.title && a.points.elementsEqual(b.points) { $0.x == $1.x && $0.mean == $1.mean && $0.halfWidth == $1.halfWidth && $0.n == $1.n }
        }

        package func hash(into h: inout Hasher) { h.combine(title); h.combine(points.count) }
    }

    /// How a metric-against-parameter chart draws one model's configurations.
    package enum Shape: Sendable, Hashable {
        /// A grid: one line per combination of the other varied parameters; the
        /// points of a line differ in `parameter` only.
        case lines([Series])
        /// Random search or an irregular sweep: every configuration is a point and
        /// no line joins points (they differ in other parameters too).
        case scatter(Series)
    }

    /// At most this many lines in one chart; a sweep with more combinations of the other parameters is drawn as a scatter.
    package static let maxLines = 10

    /// The chart of `metric` against `parameter` for `model`. Points on a line
    /// share the value of every other varied parameter, so a line never joins
    /// configurations that differ in anything but its x; when that leaves lines
    /// of single points (random search) or too many lines, every configuration
    /// is a point of a scatter instead. Configurations without the metric are left out.
    package static func shape(
        model: String, parameter: String, metric: String, configs: [ConfigurationSummary], varied: [String]
    ) -> Shape {
        let others = varied.filter { $0 != parameter }
        let mine = configs.filter { $0.model == model && $0.metrics[metric] != nil && $0.parameters[parameter] != nil }
        let labels = valueLabels(of: others, in: mine)
        func point(_ c: ConfigurationSummary) -> (x: ResultValue, mean: Double, halfWidth: Double, n: Int)? {
            guard let x = c.parameters[parameter], let s = c.metrics[metric] else { return nil }
            return (x, s.mean, s.halfWidth ?? 0, s.n)
        }
        var order: [[ResultValue?]] = []
        var groups: [[ResultValue?]: [ConfigurationSummary]] = [:]
        for c in mine {
            let key = others.map { c.parameters[$0] }
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(c)
        }
        let isGrid = groups.count <= maxLines && groups.values.allSatisfy { g in
            Set(g.compactMap { $0.parameters[parameter] }).count == g.count && g.count >= 2
        }
        guard isGrid else {
            return .scatter(Series(title: model, points: mine.compactMap(point).sorted { $0.x < $1.x }))
        }
        let keys = order.sorted { a, b in
            for (x, y) in zip(a, b) where x != y {
                guard let x else { return true }
                guard let y else { return false }
                return x < y
            }
            return false
        }
        return .lines(keys.map { key in
            let title = zip(others, key).map { name, v in "\(name) = \(v.map { labels[name]?[$0] ?? $0.description } ?? "–")" }
                .joined(separator: ", ")
            let pts = (groups[key] ?? []).compactMap(point).sorted { $0.x < $1.x }
            return Series(title: title.isEmpty ? model : title, points: pts)
        })
    }

    /// Every configuration's series of `metric` against `parameter` for `model`: the lines of a grid or the one scatter series.
    package static func series(
        model: String, parameter: String, metric: String, configs: [ConfigurationSummary], varied: [String]
    ) -> [Series] {
        switch shape(model: model, parameter: parameter, metric: metric, configs: configs, varied: varied) {
        case .lines(let s): return s
        case .scatter(let s): return [s]
        }
    }

    /// Short text for each value of each parameter: integers, booleans and
    /// strings as they are; real numbers with the fewest significant digits
    /// (at least 3, at most 6) that keep the parameter's distinct values
    /// distinct, so `0.018760932852727345` reads `0.0188` unless another
    /// configuration has `0.0187`.
    package static func valueLabels(of parameters: [String], in configs: [ConfigurationSummary]) -> [String: [ResultValue: String]] {
        var out: [String: [ResultValue: String]] = [:]
        for p in parameters {
            let values = Array(Set(configs.compactMap { $0.parameters[p] }))
            out[p] = shortestLabels(values)
        }
        return out
    }

    /// See `valueLabels(of:in:)`.
    package static func shortestLabels(_ values: [ResultValue]) -> [ResultValue: String] {
        func isReal(_ v: ResultValue) -> Bool {
            if case .double(let d) = v { return d.rounded() != d || abs(d) >= 1e15 }
            return false
        }
        var out: [ResultValue: String] = [:]
        for v in values where !isReal(v) { out[v] = v.description }
        let reals = values.filter(isReal)
        guard !reals.isEmpty else { return out }
        for digits in 3...6 {
            let texts = reals.map { compact($0.doubleValue ?? 0, significant: digits) }
            if Set(texts).count == reals.count {
                for (v, t) in zip(reals, texts) { out[v] = t }
                return out
            }
        }
        // Values closer than six significant digits keep their full form.
        for v in reals { out[v] = v.description }
        return out
    }

    /// `x` with `significant` significant digits, without trailing zeros or exponent for ordinary magnitudes.
    static func compact(_ x: Double, significant: Int) -> String {
        guard x.isFinite, x != 0 else { return ResultValue.double(x).description }
        let magnitude = Int(floor(log10(abs(x))))
        if magnitude < -4 || magnitude >= 15 {
            return String(format: "%.\(max(0, significant - 1))e", x)
        }
        let decimals = max(0, significant - 1 - magnitude)
        var text = String(format: "%.\(decimals)f", x)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }
}
