import RecLabResults

extension ChartPlanner {
    /// NDCG@K and recall@K against K (one chart each), one line per model at its best configuration
    /// on that metric at each K; drawn when the run has two or more K values of the metric.
    package static func rankingVsK(_ run: RunResult, configs: [ConfigurationSummary]) -> [Chart] {
        let ks = MarkdownReport.rankingKs(run)
        guard ks.count >= 2 else { return [] }
        var out: [Chart] = []
        for (kind, label) in [("ndcg", "NDCG"), ("recall", "Recall")] {
            var series: [(model: String, points: [(k: Int, mean: Double)])] = []
            for model in orderedModels(run.trials) {
                let mine = configs.filter { $0.model == model }
                let points = ks.compactMap { k -> (k: Int, mean: Double)? in
                    let name = "\(kind)@\(k)"
                    guard let best = ConfigurationSummary.bestPerModel(mine, by: name).first,
                          let v = best.metrics[name]?.mean, v.isFinite else { return nil }
                    return (k, v)
                }
                if points.count >= 2 { series.append((model, points)) }
            }
            guard !series.isEmpty else { continue }
            let name = "ranking-\(kind)-vs-k"
            let title = "\(label)@K against K, each model at its best configuration per K (mean over splits)"
            var s = GnuplotScript(output: name + ".png", title: title)
            s.add("set xlabel \"K (list length)\"")
            s.add("set ylabel \(GnuplotScript.quote("\(label)@K"))")
            s.add("set key outside right top")
            s.add("set xtics (\(ks.map { "\"\($0)\" \($0)" }.joined(separator: ", ")))")
            s.add("set offsets graph 0.03, graph 0.03, graph 0.05, graph 0.05")
            s.add("set yrange [0:*]")
            var plots: [String] = []
            for (i, ser) in series.enumerated() {
                s.data("R\(i)", ser.points.map { [String($0.k), GnuplotScript.number($0.mean)] })
                let dash = ser.model == run.trials.first(where: { $0.kind == MarkdownReport.yardstickKind })?.model ? " dashtype 2" : ""
                plots.append("$R\(i) using 1:2 with linespoints linecolor rgb '\(palette[i % palette.count])' linewidth 1.5\(dash) pointtype 7 pointsize 0.8 title \(GnuplotScript.quote(ser.model))")
            }
            s.add("plot " + plots.joined(separator: ", \\\n     "))
            out.append(Chart(kind: .rankingVsK, name: name, title: title, script: s.text, metric: "\(kind)@k"))
        }
        return out
    }
}
