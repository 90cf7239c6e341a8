import RecLabResults

extension MarkdownReport {
    static func provenanceSection(_ ctx: inout Context) -> String {
        let run = ctx.run
        let p = run.provenance
        let m = p.machine
        var parts = [ctx.heading("Provenance")]
        var rows: [[String]] = [
            ["RecLab version", p.reclabVersion],
            ["Git commit", (p.gitCommit.map { "`\($0)`" } ?? "unknown") + (p.gitDirty == true ? " (uncommitted changes)" : "")],
            ["Experiment file", "`\(run.experiment.path)`"],
            ["Experiment \(run.experiment.hashAlgorithm)", "`\(run.experiment.hash)`"],
            ["Experiment seed", String(run.experiment.seed)],
            ["Command", p.command.isEmpty ? "–" : "`\(p.command)`"],
            ["Started / finished (UTC)", "\(p.startedAt) / \(p.finishedAt)"],
            ["Machine", "\(m.cores) cores, \(Markdown.bytes(Int64(clamping: m.memoryBytes))) memory, \(m.architecture), \(m.os)"],
            ["Workers", String(m.workers)],
            ["Results schema", "version \(run.schemaVersion)"],
        ]
        if let ds = run.data?.dataset { rows.insert(["Dataset", "\(ds.name) (\(ds.origin.rawValue))"], at: 5) }
        parts.append(Markdown.table(["What", "Value"], rows))

        if let files = run.data?.files, !files.isEmpty {
            parts.append("Data files read:\n\n" + Markdown.table(
                ["File", "Size", "Bytes", "Checksum"],
                files.map { [$0.path, Markdown.bytes($0.bytes), Markdown.count($0.bytes), "\($0.checksumAlgorithm) `\($0.checksum)`"] },
                align: ["l", "r", "r", "l"]))
        }
        if !p.stages.isEmpty {
            let total = p.stages.reduce(0) { $0 + $1.seconds }
            parts.append("Wall time per stage:\n\n" + Markdown.table(
                ["Stage", "Wall time"], p.stages.map { [$0.stage, Markdown.seconds($0.seconds)] } + [["**total**", "**\(Markdown.seconds(total))**"]],
                align: ["l", "r"]))
        }
        if !run.trials.isEmpty {
            let metric = ctx.metric
            let rows = run.trials.map { t in
                [t.id, t.model, t.configurationLabel.isEmpty ? "–" : t.configurationLabel, String(t.replicate.splitSeed),
                 t.replicate.fold.map(String.init) ?? "–", String(t.seed), t.metrics[metric].map { Markdown.fixed($0) } ?? "–",
                 t.status.rawValue, Markdown.seconds(t.seconds), "`\(String(t.contentHash.prefix(12)))`"]
            }
            parts.append("<details>\n<summary>Every trial: seeds, \(ctx.metricName), wall time and content hash (\(run.trials.count))</summary>\n\n"
                + Markdown.table(["Trial", "Model", "Configuration", "Split seed", "Fold", "Model seed", ctx.metricName, "Status", "Wall time", "Hash"], rows,
                                 align: ["l", "l", "l", "r", "r", "r", "r", "l", "r", "l"])
                + "\n\n</details>")
        }
        parts.append("<details>\n<summary>Experiment file <code>\(run.experiment.path)</code> (full text)</summary>\n\n"
            + Markdown.code(run.experiment.text, language: "yaml") + "\n\n</details>")
        parts.append(reading("Every number above comes from the experiment file with \(run.experiment.hashAlgorithm) `\(String(run.experiment.hash.prefix(12)))`, \(run.data == nil ? "the data" : "the data files checksummed above") and RecLab \(p.reclabVersion)\(p.gitCommit.map { " at commit `\(String($0.prefix(12)))`" } ?? ""); rerunning it reproduces them (`reclab run \(run.experiment.path)`)."))
        return join(parts)
    }
}
