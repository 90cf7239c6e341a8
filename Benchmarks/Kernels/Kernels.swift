// Micro-benchmarks of RecLab's numeric kernels (package-benchmark, ordo-one/benchmark).
// These measure; they assert nothing. Run (release build, from the package root):
//
//   RECLAB_DATA_DIR=../shared/data RECLAB_BENCHMARKS=1 swift package --disable-sandbox benchmark
//   RECLAB_DATA_DIR=../shared/data RECLAB_BENCHMARKS=1 swift package --disable-sandbox benchmark --filter 'SGD'
//
// RECLAB_BENCHMARKS=1 adds this target and its dependency to Package.swift (CI
// builds without them). The plugin runs every executable under Benchmarks/ as a
// suite, so this is the only one there: the command-line benchmark drivers
// (RatingBench, ServerBench) live in Sources/.
//
// Every kernel runs on the real ml-latest-small (the tutorial's data) from
// $RECLAB_DATA_DIR; without it the benchmarks are listed but skipped. Inputs
// are built once, outside the measured region; each iteration runs one whole
// kernel call. Seeds are fixed, so every iteration does the same work.
import Benchmark
import Foundation
import RecLabCore
import RecLabData
import RecLabLinearAlgebra
import RecLabModels

/// The inputs every kernel shares, built once from ml-latest-small.
struct KernelInputs: @unchecked Sendable {
    let folder: URL
    let dataset: Dataset
    let ratedMovies: [Int32]
    let texts: [String]
    let tfidf: CSRMatrix
    let collab: CSRMatrix
    let block: DenseMatrix
    let unitLatent: DenseMatrix
    let train: TrainingSet

    static let shared: KernelInputs? = {
        let root = ProcessInfo.processInfo.environment["RECLAB_DATA_DIR"] ?? "data"
        let folder = URL(fileURLWithPath: root).appendingPathComponent("ml-latest-small")
        guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("ratings.csv").path) else {
            FileHandle.standardError.write(Data("Kernels: no ml-latest-small under \(root) (set RECLAB_DATA_DIR); skipping\n".utf8))
            return nil
        }
        do {
            let ds = try MovieLensLoader.load(folder, options: LoadOptions(cache: .disabled))
            var rated = [Bool](repeating: false, count: ds.movieCount)
            for m in ds.ratings.movies { rated[Int(m)] = true }
            let movies = (0..<ds.movieCount).filter { rated[$0] }.map { Int32($0) }
            let texts = MovieMetadata.texts(ds, movies: movies)
            let tfidf = try TfidfVectorizer().fitTransform(texts).matrix
            var row = [Int32](repeating: -1, count: ds.movieCount)
            for (i, m) in movies.enumerated() { row[Int(m)] = Int32(i) }
            let r = ds.ratings
            let collab = try CSRMatrix(rows: movies.count, cols: ds.userCount,
                                       triplets: r.movies.map { row[Int($0)] }, r.users, r.values)
            // A 210-column Gaussian block (200 components + 10 oversamples), as the randomized SVD multiplies.
            var rng = Xoshiro256StarStar(seed: 42)
            var values = [Float](repeating: 0, count: ds.userCount * 210)
            for i in values.indices { values[i] = Float(rng.nextUnit() - 0.5) }
            let block = try DenseMatrix(rows: ds.userCount, cols: 210, values: values)
            let svd = try TruncatedSVD.fit(tfidf, options: TruncatedSVDOptions(components: 200, method: .randomized, seed: 42))
            return KernelInputs(folder: folder, dataset: ds, ratedMovies: movies, texts: texts, tfidf: tfidf,
                                collab: collab, block: block, unitLatent: svd.transformed.rowNormalized(),
                                train: TrainingSet(dataset: ds))
        } catch {
            FileHandle.standardError.write(Data("Kernels: cannot prepare the inputs: \(error)\n".utf8))
            return nil
        }
    }()
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident],
        warmupIterations: 1,
        maxDuration: .seconds(3),
        maxIterations: 20)

    /// Registers a kernel; `body` runs once per iteration on the shared inputs.
    func kernel(_ name: String, _ body: @escaping @Sendable (KernelInputs) throws -> Void) {
        Benchmark(name, configuration: .init(skip: KernelInputs.shared == nil)) { benchmark in
            guard let inputs = KernelInputs.shared else { return }
            for _ in benchmark.scaledIterations { try body(inputs) }
        }
    }

    // ratings.csv (100,836 rows, 2.4 MB) plus movies/tags/links: byte-level parse, validation, id maps; no cache.
    kernel("CSV parse: ml-latest-small folder, no cache") { inputs in
        blackHole(try MovieLensLoader.load(inputs.folder, options: LoadOptions(cache: .disabled)))
    }
    // 9,724 metadata texts → 9,724 × 1,675 TF-IDF (English stop words, l2 rows).
    kernel("TF-IDF build: 9,724 movie texts") { inputs in
        blackHole(try TfidfVectorizer().fitTransform(inputs.texts))
    }
    // CSR (9,724 × 610, 100,836 non-zeros) times a dense 610 × 210 block, and the transpose product back.
    kernel("sparse × dense: 9,724 × 610 CSR × 610 × 210") { inputs in
        let y = try inputs.collab.multiplied(by: inputs.block)
        blackHole(try inputs.collab.transposeMultiplied(by: y))
    }
    // The tutorial's content SVD: 200 components of the TF-IDF matrix, RecLab's defaults (100 oversamples, 8 power iterations).
    kernel("randomized SVD(200): content TF-IDF, 100 oversamples, 8 power iterations") { inputs in
        blackHole(try TruncatedSVD.fit(inputs.tfidf, options: TruncatedSVDOptions(
            components: 200, oversamples: 100, powerIterations: 8, method: .randomized, seed: 42)))
    }
    // One SGD epoch of the tutorial's SVD (100 factors; includes initialising 1M factors) on all 100,836 ratings.
    kernel("SGD epoch: SVD 100 factors, 100,836 ratings") { inputs in
        let model = try ModelRegistry.make(kind: "svd", parameters: ["n_factors": .int(100), "n_epochs": .int(1)])
        blackHole(try model.fit(inputs.train, seed: 0))
    }
    // Item-based k-NN fit: the 9,724 × 9,724 cosine similarity matrix over co-rating users.
    kernel("k-NN similarity build: item cosine, 9,724 movies") { inputs in
        let model = try ModelRegistry.make(kind: "knn_basic", parameters: ["sim": .string("cosine"), "user_based": .bool(false)])
        blackHole(try model.fit(inputs.train, seed: 0))
    }
    // One similar-movies query: cosines of a movie against all 9,724 unit rows (200 dims), then the top 10.
    kernel("top-N: cosine scores over 9,724 × 200 + top 10") { inputs in
        let scores = try CosineRanking.scores(inputs.unitLatent, to: 0)
        blackHole(CosineRanking.top(scores, count: 10, excluding: 0))
    }
}
