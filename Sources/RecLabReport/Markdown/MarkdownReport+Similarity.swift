import RecLabResults

extension MarkdownReport {
    static func similaritySection(_ ctx: inout Context) -> String {
        guard let sim = ctx.run.similarity else { return "" }
        var parts = [ctx.heading("Similar movies")]
        parts.append("Item-content filtering (TF-IDF of tags and genres, reduced by truncated SVD) and memory-based item-item collaborative filtering (the movie × user rating matrix, missing ratings as 0, reduced by truncated SVD); movies are compared by cosine similarity in each latent space, and the hybrid score is \(Markdown.fixed(sim.hybridWeight, 2)) × content + \(Markdown.fixed(1 - sim.hybridWeight, 2)) × collab.")
        parts.append(ctx.config(["similarity"]))
        var rows: [[String]] = []
        var read: [String] = []
        for (method, ev) in [("Content (TF-IDF)", sim.content), ("Collab (ratings)", sim.collab)] {
            guard let ev else { continue }
            let cum = ev.cumulative
            func at(_ k: Int) -> String { k >= 1 && k <= cum.count ? Markdown.percent(cum[k - 1], 1) : "–" }
            rows.append([method, "\(Markdown.count(ev.rows)) × \(Markdown.count(ev.columns))", Markdown.count(ev.nonZeros),
                         String(ev.ratios.count), at(1), at(10), at(cum.count)])
            read.append("\(ev.ratios.count) \(method.split(separator: " ").first?.lowercased() ?? method) components explain \(Markdown.percent(cum.last ?? 0, 1)) of the variance")
        }
        if !rows.isEmpty {
            parts.append(
                "Explained variance (scikit-learn's `explained_variance_ratio_` definition):\n\n"
                    + Markdown.table(["Matrix", "Shape", "Non-zeros", "Components", "First component", "First 10", "All components"], rows,
                                     align: ["l", "r", "r", "r", "r", "r", "r"]))
        }
        parts.append(ctx.images([.explainedVariance]))
        for q in sim.queries {
            parts.append("### Movies like “\(Markdown.inline(q.queryTitle))” (movie \(q.queryMovieId))")
            for list in q.lists {
                let rows = list.movies.enumerated().map { i, m in
                    [String(i + 1), Markdown.inline(m.title), m.content.map { Markdown.fixed($0) } ?? "–",
                     m.collab.map { Markdown.fixed($0) } ?? "–", m.hybrid.map { Markdown.fixed($0) } ?? "–"]
                }
                parts.append("Ranked by **\(list.method)** similarity:\n\n" + Markdown.table(["#", "Movie", "Content", "Collab", "Hybrid"], rows, align: ["r", "l", "r", "r", "r"]))
            }
            let tops = q.lists.compactMap { l in l.movies.first.map { "\(l.method): “\(Markdown.inline($0.title))”" } }
            if !tops.isEmpty { read.append("\(read.isEmpty ? "Nearest" : "nearest") to “\(Markdown.inline(q.queryTitle))” — " + tops.joined(separator: ", ")) }
        }
        if !read.isEmpty { parts.append(reading(read.joined(separator: "; ") + ".")) }
        return join(parts)
    }
}
