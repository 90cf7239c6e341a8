import Foundation
import RecLabResults

/// Decides which charts a run gets and writes their scripts: a pure function of the RunResult.
package enum ChartPlanner {
    /// Every chart that applies to `run` and that its report options allow, in report order.
    package static func charts(for run: RunResult) -> [Chart] {
        let allowed = run.reportOptions.charts.map { Set($0) }
        func on(_ k: ChartKind) -> Bool { allowed?.contains(k.rawValue) ?? true }
        var out: [Chart] = []
        if let ds = run.data?.dataset {
            if on(.ratingHistogram), !ds.ratingHistogram.isEmpty { out.append(ratingHistogram(ds)) }
            if on(.activityDistributions), !ds.ratingsPerUser.bins.isEmpty || !ds.ratingsPerMovie.bins.isEmpty {
                out.append(activity(ds))
            }
        }
        if let sim = run.similarity, on(.explainedVariance) {
            for (method, ev) in [("content", sim.content), ("collab", sim.collab)] {
                if let ev, !ev.ratios.isEmpty { out.append(explainedVariance(method: method, ev)) }
            }
        }
        let configs = ConfigurationSummary.group(run.trials)
        let metric = run.reportOptions.primaryMetric
        let models = orderedModels(run.trials)
        for model in models {
            let varied = SweepAnalysis.variedParameters(of: model, in: configs, preferred: run.reportOptions.sweepParameters)
            if on(.metricVsParameter) {
                for p in varied {
                    switch SweepAnalysis.shape(model: model, parameter: p, metric: metric, configs: configs, varied: varied) {
                    case .lines(let series):
                        if series.contains(where: { $0.points.count > 1 }) {
                            out.append(metricVsParameter(model: model, parameter: p, metric: metric, series: series))
                        }
                    case .scatter(let points):
                        if points.points.count > 1 {
                            out.append(metricVsParameter(model: model, parameter: p, metric: metric, series: [points], scatter: true))
                        }
                    }
                }
            }
            // A heat map needs a grid over its two axes (random search leaves most cells empty).
            if on(.heatmap), varied.count >= 2,
                case .lines = SweepAnalysis.shape(model: model, parameter: varied[0], metric: metric, configs: configs, varied: varied),
                let h = heatmap(model: model, x: varied[0], y: varied[1], metric: metric, configs: configs,
                                bestOver: Array(varied.dropFirst(2)))
            {
                out.append(h)
            }
        }
        if on(.learningCurves) {
            for model in models {
                let best = ConfigurationSummary.bestPerModel(configs.filter { $0.model == model }, by: metric).first
                let trials = run.trials.filter { $0.model == model && $0.status != .failed && !$0.learningCurve.isEmpty }
                let chosen = trials.filter { $0.configurationLabel == best?.label }
                let use = chosen.isEmpty ? trials : chosen
                if !use.isEmpty { out.append(learningCurve(model: model, label: chosen.isEmpty ? "" : best?.shortLabel ?? "", trials: use)) }
            }
        }
        if on(.modelComparison) {
            for m in run.reportOptions.comparedMetrics {
                let best = ConfigurationSummary.bestPerModel(configs, by: m).filter { $0.metrics[m] != nil }
                if best.count >= 2 { out.append(modelComparison(best, metric: m)) }
            }
        }
        if on(.rankingVsK) { out += rankingVsK(run, configs: configs) }
        return out
    }

    static func orderedModels(_ trials: [TrialResult]) -> [String] {
        var seen = Set<String>()
        return trials.map(\.model).filter { seen.insert($0).inserted }
    }

    /// File-name-safe stem.
    static func slug(_ s: String) -> String {
        var out = ""
        for ch in s.lowercased() {
            if ch.isLetter || ch.isNumber { out.append(ch) } else if out.last != "-" { out.append("-") }
        }
        return out.trimmingCharacters(in: CharacterSet(charactersIn: "-"))
    }

    // MARK: - One function per kind

    /// Tutorial style: red dots joined by a line, "Singular value components" × "Cumulative percent of variance".
    package static func explainedVariance(method: String, _ ev: ExplainedVariance) -> Chart {
        let name = "explained-variance-\(method)"
        let title = "\(method.capitalized) latent space: cumulative explained variance (\(Markdown.count(ev.rows)) × \(Markdown.count(ev.columns)), \(ev.ratios.count) components)"
        var s = GnuplotScript(output: name + ".png", title: title)
        s.add("set xlabel \"Singular value components\"")
        s.add("set ylabel \"Cumulative percent of variance\"")
        s.add("set key off")
        s.add("set xrange [0:\(ev.ratios.count + 1)]")
        s.add("set yrange [0:*]")
        s.data("VARIANCE", ev.cumulative.enumerated().map { [String($0.offset + 1), GnuplotScript.number($0.element * 100)] })
        s.add("plot $VARIANCE using 1:2 with linespoints linecolor rgb 'red' linewidth 1.5 pointtype 7 pointsize 0.8")
        return Chart(kind: .explainedVariance, name: name, title: title, script: s.text)
    }

    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]

    /// A metric against one parameter: lines with 95 % CI bars (one per combination of the
    /// other varied parameters), or with `scatter` every configuration as an unconnected point.
    package static func metricVsParameter(
        model: String, parameter: String, metric: String, series: [SweepAnalysis.Series], scatter: Bool = false
    ) -> Chart {
        let name = "\(slug(metric))-vs-\(slug(parameter))-\(slug(model))"
        let what = scatter ? "every configuration; the others vary too" : "mean, 95 % CI"
        let title = "\(model): \(metric.uppercased()) against \(parameter) (\(what))"
        var s = GnuplotScript(output: name + ".png", title: title)
        s.add("set xlabel \(GnuplotScript.quote(parameter))")
        s.add("set ylabel \(GnuplotScript.quote(metric.uppercased()))")
        s.add("set key outside right top")
        let xs = series.flatMap { $0.points.map(\.x) }
        let numeric = xs.allSatisfy { $0.doubleValue != nil }
        var categories: [ResultValue] = []
        if numeric {
            let vals = xs.compactMap(\.doubleValue)
            if let lo = vals.min(), let hi = vals.max(), lo > 0, hi / lo >= 20 { s.add("set logscale x") }
            s.add("set offsets graph 0.05, graph 0.05, graph 0.05, graph 0.05")
        } else {
            for x in xs where !categories.contains(x) { categories.append(x) }
            categories.sort()
            let tics = categories.enumerated().map { "\(GnuplotScript.quote($0.element.description)) \($0.offset)" }
            s.add("set xtics (\(tics.joined(separator: ", ")))")
            s.add("set xrange [-0.5:\(Double(categories.count) - 0.5)]")
        }
        var plots: [String] = []
        for (i, ser) in series.enumerated() {
            s.data("S\(i)", ser.points.map { p in
                let x = numeric ? GnuplotScript.number(p.x.doubleValue ?? .nan) : String(categories.firstIndex(of: p.x) ?? 0)
                return [x, GnuplotScript.number(p.mean), GnuplotScript.number(p.halfWidth), String(p.n)]
            })
            let color = palette[i % palette.count]
            let style = scatter ? "yerrorbars" : "yerrorlines"
            let title = scatter ? "notitle" : "title \(GnuplotScript.quote(ser.title))"
            plots.append("$S\(i) using 1:2:3 with \(style) linecolor rgb '\(color)' linewidth 1.5 pointtype 7 pointsize 0.8 \(title)")
        }
        s.add("plot " + plots.joined(separator: ", \\\n     "))
        return Chart(kind: .metricVsParameter, name: name, title: title, script: s.text)
    }

    /// The metric over an x × y grid (the planner draws it only for grid sweeps); with more
    /// varied parameters each cell shows the best over the rest, named in `bestOver` and the title.
    package static func heatmap(
        model: String, x: String, y: String, metric: String, configs: [ConfigurationSummary], bestOver: [String] = []
    ) -> Chart? {
        let mine = configs.filter { $0.model == model && $0.metrics[metric] != nil }
        let xs = Array(Set(mine.compactMap { $0.parameters[x] })).sorted()
        let ys = Array(Set(mine.compactMap { $0.parameters[y] })).sorted()
        guard xs.count >= 2, ys.count >= 2 else { return nil }
        let dir = MetricDirection.of(metric)
        var cell: [[Double?]] = Array(repeating: Array(repeating: nil, count: xs.count), count: ys.count)
        for c in mine {
            guard let vx = c.parameters[x], let vy = c.parameters[y], let i = xs.firstIndex(of: vx),
                let j = ys.firstIndex(of: vy), let m = c.metrics[metric]?.mean
            else { continue }
            if let old = cell[j][i], !dir.isBetter(m, than: old) { continue }
            cell[j][i] = m
        }
        let name = "heatmap-\(slug(metric))-\(slug(model))"
        let title = "\(model): mean \(metric.uppercased()) over \(x) × \(y)\(bestOver.isEmpty ? "" : " (best over \(bestOver.joined(separator: ", ")))")"
        var s = GnuplotScript(output: name + ".png", title: title)
        s.add("set xlabel \(GnuplotScript.quote(x))")
        s.add("set ylabel \(GnuplotScript.quote(y))")
        s.add("set xtics (\(xs.enumerated().map { "\(GnuplotScript.quote($0.element.description)) \($0.offset)" }.joined(separator: ", ")))")
        s.add("set ytics (\(ys.enumerated().map { "\(GnuplotScript.quote($0.element.description)) \($0.offset)" }.joined(separator: ", ")))")
        s.add("set xrange [-0.5:\(Double(xs.count) - 0.5)]")
        s.add("set yrange [-0.5:\(Double(ys.count) - 0.5)]")
        s.add("set grid noxtics noytics")
        s.add("set key off")
        s.add("set cblabel \(GnuplotScript.quote(metric.uppercased()))")
        // Better values are darker blue whichever the direction.
        s.add(dir == .lowerIsBetter
            ? "set palette defined (0 '#08306b', 0.5 '#6baed6', 1 '#f7fbff')"
            : "set palette defined (0 '#f7fbff', 0.5 '#6baed6', 1 '#08306b')")
        var rows: [[String]] = []
        for j in ys.indices { for i in xs.indices { if let v = cell[j][i] { rows.append([String(i), String(j), GnuplotScript.number(v)]) } } }
        s.data("GRID", rows)
        s.add("set style textbox opaque fillcolor rgb 'white' noborder")
        s.add("plot $GRID using 1:2:3 with image, \\\n     $GRID using 1:2:(sprintf('%.4f', $3)) with labels boxed textcolor rgb 'black' font 'Sans,10'")
        return Chart(kind: .heatmap, name: name, title: title, script: s.text)
    }

    /// Train and test RMSE per epoch, mean over the given trials (replicates of one configuration).
    package static func learningCurve(model: String, label: String, trials: [TrialResult]) -> Chart {
        var train: [Int: [Double]] = [:], test: [Int: [Double]] = [:]
        for t in trials {
            for p in t.learningCurve {
                train[p.epoch, default: []].append(p.trainRMSE)
                if let v = p.testRMSE { test[p.epoch, default: []].append(v) }
            }
        }
        let name = "learning-curve-\(slug(model))"
        let what = label.isEmpty ? model : "\(model) (\(label))"
        let title = "\(what): RMSE per epoch, mean of \(trials.count) trial\(trials.count == 1 ? "" : "s")"
        var s = GnuplotScript(output: name + ".png", title: title)
        s.add("set xlabel \"Epoch\"")
        s.add("set ylabel \"RMSE\"")
        s.add("set key top right")
        s.add("set xrange [0.5:*]")
        func mean(_ a: [Double]) -> Double { a.reduce(0, +) / Double(a.count) }
        // Mark where a trial diverged (training stopped producing finite errors).
        for e in Set(trials.compactMap(\.divergedAtEpoch)).sorted() {
            s.add("set arrow from \(e), graph 0 to \(e), graph 1 nohead linecolor rgb '#7f7f7f' dashtype 2")
            s.add("set label \(GnuplotScript.quote("diverged")) at \(e), graph 0.95 right offset -0.5,0 textcolor rgb '#7f7f7f'")
        }
        s.data("TRAIN", train.keys.sorted().map { [String($0), GnuplotScript.number(mean(train[$0] ?? []))] })
        var plot = "plot $TRAIN using 1:2 with linespoints linecolor rgb '#1f77b4' linewidth 1.5 pointtype 7 pointsize 0.6 title \"train RMSE\""
        if !test.isEmpty {
            s.data("TEST", test.keys.sorted().map { [String($0), GnuplotScript.number(mean(test[$0] ?? []))] })
            plot += ", \\\n     $TEST using 1:2 with linespoints linecolor rgb '#d62728' linewidth 1.5 pointtype 5 pointsize 0.6 title \"test RMSE\""
        }
        s.add(plot)
        return Chart(kind: .learningCurves, name: name, title: title, script: s.text)
    }

    /// Bars of the best configuration per model, best first, with 95 % CI error bars.
    /// The y axis starts near the smallest lower bound (not at 0) so differences stay visible; the title says so.
    package static func modelComparison(_ best: [ConfigurationSummary], metric: String) -> Chart {
        let name = "model-comparison-\(slug(metric))"
        let title = "Best configuration per model: \(metric.uppercased()) (mean, 95 % CI; y axis not from 0)"
        var s = GnuplotScript(output: name + ".png", title: title)
        s.add("set ylabel \(GnuplotScript.quote(metric.uppercased()))")
        s.add("set key off")
        s.add("set style fill solid 0.6 border -1")
        s.add("set boxwidth 0.6")
        s.add("set xtics rotate by -20")
        let lows = best.compactMap { c in c.metrics[metric].map { $0.mean - ($0.halfWidth ?? 0) } }
        let highs = best.compactMap { c in c.metrics[metric].map { $0.mean + ($0.halfWidth ?? 0) } }
        if let lo = lows.min(), let hi = highs.max() {
            let pad = Swift.max((hi - lo) * 0.15, Swift.abs(hi) * 0.005, 1e-9)
            s.add("set yrange [\(GnuplotScript.number(lo - pad)):\(GnuplotScript.number(hi + pad))]")
        }
        s.add("set xrange [-0.6:\(Double(best.count) - 0.4)]")
        s.data("BARS", best.enumerated().map { i, c in
            let m = c.metrics[metric]
            return [String(i), GnuplotScript.quote(c.model), GnuplotScript.number(m?.mean ?? .nan), GnuplotScript.number(m?.halfWidth ?? 0)]
        })
        s.add("plot $BARS using 1:3:xtic(2) with boxes linecolor rgb '#1f77b4', \\\n     $BARS using 1:3:4 with yerrorbars linecolor rgb '#222222' pointtype 0 linewidth 1.5")
        return Chart(kind: .modelComparison, name: name, title: title, script: s.text, metric: metric)
    }

    package static func ratingHistogram(_ ds: DatasetSummary) -> Chart {
        let name = "rating-histogram"
        let title = "\(ds.name): ratings by value (\(Markdown.count(ds.ratingCount)) ratings)"
        var s = GnuplotScript(output: name + ".png", title: title)
        s.add("set xlabel \"Rating\"")
        s.add("set ylabel \"Number of ratings\"")
        s.add("set key off")
        s.add("set style fill solid 0.7 border -1")
        let values = ds.ratingHistogram.map(\.value)
        let step = zip(values.dropFirst(), values).map { $0 - $1 }.min() ?? 1
        s.add("set boxwidth \(GnuplotScript.number(step * 0.8))")
        s.add("set yrange [0:*]")
        s.add("set xtics \(GnuplotScript.number(step))")
        s.data("HIST", ds.ratingHistogram.map { [GnuplotScript.number($0.value), String($0.count)] })
        s.add("plot $HIST using 1:2 with boxes linecolor rgb '#1f77b4'")
        return Chart(kind: .ratingHistogram, name: name, title: title, script: s.text)
    }

    /// Users per ratings-count bin and movies per ratings-count bin, log–log (bins are powers of two).
    package static func activity(_ ds: DatasetSummary) -> Chart {
        let name = "activity-distributions"
        let title = "\(ds.name): ratings per user and per movie (log–log, power-of-two bins)"
        var s = GnuplotScript(output: name + ".png", title: title)
        s.add("set xlabel \"Ratings per user or movie (bin lower bound)\"")
        s.add("set ylabel \"Number of users or movies\"")
        s.add("set logscale xy 2")
        s.add("set key top right")
        func rows(_ d: CountDistribution) -> [[String]] { d.bins.filter { $0.lower > 0 }.map { [String($0.lower), String($0.count)] } }
        s.data("USERS", rows(ds.ratingsPerUser))
        s.data("MOVIES", rows(ds.ratingsPerMovie))
        s.add("plot $USERS using 1:2 with linespoints linecolor rgb '#1f77b4' linewidth 1.5 pointtype 7 title \"users\", \\\n     $MOVIES using 1:2 with linespoints linecolor rgb '#d62728' linewidth 1.5 pointtype 5 title \"movies\"")
        return Chart(kind: .activityDistributions, name: name, title: title, script: s.text)
    }
}
