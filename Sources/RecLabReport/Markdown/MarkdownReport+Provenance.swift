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
            ["Command", p.command.isEmpty ? "–" : "`\(displayCommand(p.command))`"],
            ["Started / finished (UTC)", "\(p.startedAt) / \(p.finishedAt)"],
            ["Machine", "\(m.cores) cores, \(Markdown.bytes(Int64(clamping: m.memoryBytes))) memory, \(m.architecture), \(m.os)"],
            ["Workers", String(m.workers)],
            ["Results schema", "version \(run.schemaVersion)"],
        ]
        if let src = run.trialSources {
            let cache = src.cacheEnabled ? "\(src.reusedFromCache) from the user-level trial cache" : "trial cache off"
            rows.append(["Trials", "\(src.computed) computed in this run, \(src.reusedFromResults) reused from this results folder, \(cache)"])
        }
        if let ds = run.data?.dataset { rows.insert(["Dataset", "\(ds.name) (\(ds.origin.rawValue))"], at: 5) }
        parts.append(Markdown.table(["What", "Value"], rows))

        if let files = run.data?.files, !files.isEmpty {
            let folder = commonFolder(files.map(\.path))
            let intro = folder.isEmpty ? "Data files read:" : "Data files read, in `\(folder)`:"
            parts.append(intro + "\n\n" + Markdown.table(
                ["File", "Size", "Bytes", "Checksum"],
                files.map { [folder.isEmpty ? $0.path : String($0.path.dropFirst(folder.count + 1)), Markdown.bytes($0.bytes), Markdown.count($0.bytes), "\($0.checksumAlgorithm) `\($0.checksum)`"] },
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
                [t.id, t.model, ctx.shortLabel(of: t), String(t.replicate.splitSeed),
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

    /// The command with the executable's folder dropped (`/long/path/.build/debug/reclab run x` → `reclab run x`).
    static func displayCommand(_ command: String) -> String {
        let space = command.firstIndex(of: " ") ?? command.endIndex
        let exe = command[..<space]
        guard let slash = exe.lastIndex(of: "/") else { return command }
        return String(exe[exe.index(after: slash)...]) + command[space...]
    }

    /// The deepest folder holding every path ("" when they share none or there is only a bare name).
    static func commonFolder(_ paths: [String]) -> String {
        let parts = paths.map { $0.split(separator: "/", omittingEmptySubsequences: false).dropLast().map(String.init) }
        guard var common = parts.first else { return "" }
        for p in parts.dropFirst() {
            var i = 0
            while i < min(common.count, p.count) && common[i] == p[i] { i += 1 }
            common = Array(common.prefix(i))
        }
        return common.joined(separator: "/")
    }
}
