import RecLabModels
import RecLabResults

extension ExperimentSpec {
    /// Every resolved key with its value, defaults included and flagged, in
    /// the file's section order — what the report prints above each section.
    /// Model parameters appear as `models.<name>.<parameter>`.
    public func configurationEntries(catalog: any ModelCatalog) -> [ConfigEntry] {
        let written = writtenKeys()
        var out: [ConfigEntry] = []
        func add(_ key: String, _ value: String, writtenAs: String? = nil) {
            out.append(ConfigEntry(key: key, value: value, isDefault: !written.contains(writtenAs ?? key)))
        }
        func list<T>(_ xs: [T]) -> String { "[" + xs.map { "\($0)" }.joined(separator: ", ") + "]" }
        add("seed", String(seed))
        add("dataset.name", dataset.source, writtenAs: written.contains("dataset.path") ? "dataset.path" : "dataset.name")
        add("dataset.filters.min_user_ratings", String(dataset.filters.minUserRatings))
        add("dataset.filters.min_movie_ratings", String(dataset.filters.minMovieRatings))
        if let v = dataset.filters.minRating { add("dataset.filters.min_rating", "\(v)") }
        if let v = dataset.filters.maxRating { add("dataset.filters.max_rating", "\(v)") }
        if let imp = dataset.implicit {
            if let t = imp.threshold { add("dataset.implicit.threshold", "\(t)") } else { add("dataset.implicit", "true") }
        }
        add("split.kind", split.kind.rawValue)
        switch split.kind {
        case .kfold: add("split.folds", String(split.folds))
        case .userHoldout where split.lastN != nil: add("split.last_n", String(split.lastN ?? 0))
        default: add("split.test_fraction", "\(split.testFraction)")
        }
        add("split.seed", list(split.seeds), writtenAs: "split.seed")
        if similarity.enabled {
            let s = similarity
            add("similarity.methods", list(s.methods.map(\.rawValue)))
            add("similarity.content_components", String(s.contentComponents),
                writtenAs: written.contains("similarity.components") ? "similarity.components" : nil)
            add("similarity.collab_components", String(s.collabComponents),
                writtenAs: written.contains("similarity.components") ? "similarity.components" : nil)
            add("similarity.tfidf.stop_words", s.tfidf.stopWords ? "english" : "none")
            add("similarity.tfidf.min_df", String(s.tfidf.minDF))
            add("similarity.tfidf.max_df", "\(s.tfidf.maxDF)")
            add("similarity.tfidf.sublinear_tf", String(s.tfidf.sublinearTF))
            add("similarity.tfidf.ngram_range", "[\(s.tfidf.ngramMin), \(s.tfidf.ngramMax)]")
            add("similarity.centering", s.centering)
            add("similarity.svd_method", s.svdMethod)
            add("similarity.oversampling", String(s.oversampling))
            add("similarity.power_iterations", String(s.powerIterations))
            add("similarity.hybrid_weight", "\(s.hybridWeight)")
            add("similarity.queries", list(s.queries))
            add("similarity.top", String(s.top))
            add("similarity.seed", String(s.seed))
        }
        for (i, m) in models.enumerated() {
            out.append(ConfigEntry(key: "models.\(m.name).kind", value: m.kind, isDefault: false))
            let resolved = catalog.resolved(m.params, kind: m.kind)
            for k in resolved.keys.sorted() {
                out.append(ConfigEntry(key: "models.\(m.name).\(k)", value: resolved[k]?.description ?? "",
                                       isDefault: !written.contains("models[\(i)].params.\(k)")))
            }
        }
        if let seeds = sweep.seeds { add("sweep.seeds", list(seeds)) }
        for s in sweep.models {
            for a in s.grid { add("sweep.models.\(s.model).grid.\(a.parameter)", list(a.values.map(\.description))) }
            if !s.random.isEmpty {
                add("sweep.models.\(s.model).random.samples", String(s.randomSamples))
                for a in s.random { add("sweep.models.\(s.model).random.params.\(a.parameter)", "\(a.distribution)") }
            }
        }
        if recommendEnabled {
            add("recommend.users", list(recommend.users))
            add("recommend.n", String(recommend.n))
            add("recommend.model", recommend.model ?? "")
        }
        add("metrics", list(metrics.map(\.description)))
        if let setup = rankingSetup {
            let p = rankingProtocol
            add("ranking.relevance", p.relevance.threshold.map { "\(Double($0))" } ?? "any")
            switch p.candidates {
            case .allUnrated: add("ranking.candidates", "all_unrated")
            case .sampled(let n, let seed):
                add("ranking.candidates.kind", "sampled")
                add("ranking.candidates.negatives", String(n))
                add("ranking.candidates.seed", String(seed))
            }
            add("ranking.exclude_train", String(p.excludeTrain))
            add("ranking.k", list(setup.ks), writtenAs: ranking.ks.isEmpty ? "ranking.k.none" : "ranking.k")
        }
        for x in expectations { out.append(ConfigEntry(key: "expect.\(x.model.map { "\($0)." } ?? "")\(x.metric)", value: x.boundDescription)) }
        if models.contains(where: { m in ModelRegistry.entries.first { $0.kind == m.kind }?.externalTool == "spark-submit" }) {
            // Where the Spark models ran, as the run resolved it (the environment overrides the file).
            let s = spark.settings.resolved()
            add("spark.master", s.master)
            for k in s.conf.keys.sorted() { add("spark.conf.\(k)", s.conf[k] ?? "") }
            if let uri = s.stagingURI { add("spark.staging_uri", uri) }
            if let t = s.timeoutSeconds { add("spark.timeout_seconds", "\(t)") }
        }
        add("report.charts", report.charts.map { list($0) } ?? "all that apply")
        if let b = report.baseline { add("report.baseline", b) }
        add("report.dir", report.dir)
        add("run.workers", run.workers.map(String.init) ?? "auto")
        add("run.time_budget", run.timeBudget.map { "\(Int($0))s" } ?? "none")
        return out
    }

    /// Dotted paths of every key the file writes (`split.test_fraction`, `models[0].params.lr_all`).
    func writtenKeys() -> Set<String> {
        guard let root = try? ConfigNode.parse(sourceText, file: sourcePath) else { return [] }
        var out = Set<String>()
        func walk(_ n: ConfigNode, _ path: String) {
            switch n.value {
            case .mapping(let entries):
                for e in entries {
                    let p = path.isEmpty ? e.key : "\(path).\(e.key)"
                    out.insert(p)
                    walk(e.value, p)
                }
            case .sequence(let items):
                for (i, item) in items.enumerated() { walk(item, "\(path)[\(i)]") }
            case .scalar: break
            }
        }
        walk(root, "")
        if out.contains("split.seeds") { out.insert("split.seed") }
        return out
    }
}
