import ArgumentParser
import Foundation
import RecLabData
import RecLabLinearAlgebra
import RecLabModels

extension TruncatedSVDOptions.Method: ExpressibleByArgument {}

/// `reclab svd`: the truncated SVD and explained-variance curve of the content
/// (TF-IDF) or collaborative (movie × user) matrix, or of a sparse matrix in a
/// triplet file — with stage timings and peak memory, for benchmarks.
struct SVDCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "svd",
        abstract: "Truncated SVD of the content or collaborative matrix (or a triplet file): explained variance and timings.",
        discussion: """
            A triplet file is little-endian: rows, cols, nnz as Int64, then nnz Int32 row indices, \
            nnz Int32 column indices and nnz Float32 values (`scripts/oracles/sklearn_bench_similarity.py collab` writes one).
            """
    )

    enum Matrix: String, ExpressibleByArgument { case content, collab }

    @Option(help: "content (TF-IDF of tags + genres) or collab (movie × user ratings).")
    var matrix: Matrix = .content

    @Option(help: "A release name under RECLAB_DATA_DIR or a folder path.")
    var data: String = "ml-latest-small"

    @Option(help: "Read the sparse matrix from this triplet file instead of a dataset.")
    var triplets: String?

    @Option(help: "Number of components.")
    var components: Int = 200

    @Option(help: "auto, randomized or exact.")
    var method: TruncatedSVDOptions.Method = .auto

    @Option(help: "Randomized range-finder oversampling.")
    var oversamples: Int = 10

    @Option(help: "Randomized power iterations.")
    var powerIterations: Int = 5

    @Option(help: "Seed of the randomized SVD.")
    var seed: UInt64 = 42

    @Option(help: "Also rank the rows by cosine to this movie (content/collab matrices only): the content pipeline end to end.")
    var query: String?

    @Option(help: "How many similar movies to list with --query.")
    var top: Int = 10

    @OptionGroup var load: DataLoadOptions

    @Flag(help: "Print JSON.")
    var json = false

    func run() async throws {
        let clock = ContinuousClock()
        let t0 = clock.now
        let x: CSRMatrix
        var titles: [String] = []
        if let triplets {
            x = try Self.readTriplets(triplets)
        } else {
            let loaded = try MovieLensLoader.loadWithReport(try DataLocation.resolve(data), options: load.loadOptions)
            loaded.report.notes.forEach(printError)
            let ds = loaded.dataset
            let model = ratedMovies(ds)
            titles = model.map { ds.titles[Int($0)] }
            if matrix == .content {
                x = try TfidfVectorizer().fitTransform(MovieMetadata.texts(ds, movies: model)).matrix
            } else {
                x = try collabMatrix(ds, movies: model)
            }
        }
        let t1 = clock.now
        let options = TruncatedSVDOptions(components: components, oversamples: oversamples,
                                          powerIterations: powerIterations, method: method, seed: seed)
        let svd = try TruncatedSVD.fit(x, options: options)
        var neighbours: [(String, Float)] = []
        if let query {
            guard let q = titles.firstIndex(of: query) else { throw ValidationError("no rated movie titled '\(query)'") }
            let scores = try CosineRanking.scores(svd.transformed.rowNormalized(), to: q)
            neighbours = CosineRanking.top(scores, count: top, excluding: q).map { (titles[$0], scores[$0]) }
        }
        let t2 = clock.now
        let curve = [10, 25, 50, 100, 150, 200].filter { $0 <= components }
            .map { ($0, svd.explainedVariance.cumulativeRatio(at: $0)) }
        let seconds: (Duration) -> Double = { Double($0.components.seconds) + Double($0.components.attoseconds) * 1e-18 }
        let peakMB = Self.peakResidentMB()
        if json {
            let obj: [String: Any] = [
                "rows": x.rows, "cols": x.cols, "nnz": x.nonZeroCount, "method": svd.method.rawValue,
                "build_seconds": seconds(t1 - t0), "svd_seconds": seconds(t2 - t1), "total_seconds": seconds(t2 - t0), "peak_rss_mb": peakMB,
                "cumulative": Dictionary(uniqueKeysWithValues: curve.map { (String($0.0), $0.1) }),
                "neighbours": neighbours.map { ["title": $0.0, "score": Double($0.1)] },
            ]
            print(String(decoding: try JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys]), as: UTF8.self))
        } else {
            print("matrix \(x.rows) × \(x.cols), \(x.nonZeroCount) non-zeros; \(svd.method.rawValue) SVD, \(components) components")
            print(String(format: "build %.3f s, svd%@ %.3f s, peak RSS %.0f MB", seconds(t1 - t0), query == nil ? "" : " + top-N", seconds(t2 - t1), peakMB))
            for (c, v) in curve { print(String(format: "  cumulative explained variance @%3d: %.4f", c, v)) }
            for (t, v) in neighbours { print(String(format: "  %.4f  ", v) + t) }
        }
    }

    private func ratedMovies(_ ds: Dataset) -> [Int32] {
        var rated = [Bool](repeating: false, count: ds.movieCount)
        for m in ds.ratings.movies { rated[Int(m)] = true }
        return (0..<ds.movieCount).filter { rated[$0] }.map { Int32($0) }
    }

    private func collabMatrix(_ ds: Dataset, movies: [Int32]) throws -> CSRMatrix {
        var row = [Int32](repeating: -1, count: ds.movieCount)
        for (i, m) in movies.enumerated() { row[Int(m)] = Int32(i) }
        let r = ds.ratings
        return try CSRMatrix(rows: movies.count, cols: ds.userCount,
                             triplets: r.movies.map { row[Int($0)] }, r.users, r.values)
    }

    static func readTriplets(_ path: String) throws -> CSRMatrix {
        guard let data = FileManager.default.contents(atPath: path), data.count >= 24 else {
            throw ValidationError("\(path): cannot read a triplet file (missing, unreadable or shorter than its 24-byte header)")
        }
        return try data.withUnsafeBytes { raw -> CSRMatrix in
            let rows = Int(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: 0, as: Int64.self)))
            let cols = Int(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: Int64.self)))
            let nnz = Int(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: 16, as: Int64.self)))
            guard rows >= 0, cols >= 0, nnz >= 0, data.count == 24 + 12 * nnz else {
                throw ValidationError("\(path): header says \(rows) × \(cols) with \(nnz) non-zeros, which needs \(24 + 12 * max(0, nnz)) bytes; the file has \(data.count)")
            }
            func column<T>(_ offset: Int, _: T.Type) -> [T] {
                [T](unsafeUninitializedCapacity: nnz) { buf, n in
                    _ = memcpy(buf.baseAddress!, raw.baseAddress! + offset, nnz * 4)
                    n = nnz
                }
            }
            return try CSRMatrix(rows: rows, cols: cols, triplets: column(24, Int32.self),
                                 column(24 + 4 * nnz, Int32.self), column(24 + 8 * nnz, Float.self))
        }
    }

    static func peakResidentMB() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024  // Linux reports KiB
    }
}
