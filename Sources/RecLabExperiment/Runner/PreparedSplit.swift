import Foundation
import RecLabCore
import RecLabData
import RecLabEvaluation
import RecLabModels
import RecLabResults

/// One train/test split, built once per run and shared by every trial on it.
///
/// With `kind: files` the rows are the files' (train then test, each in file
/// order), mapped through the vocabularies of the experiment's dataset
/// (after its filters), which the files must not go beyond: the users,
/// items, titles and inner ids stay those of `dataset:`, so a split exported
/// by `reclab split export` and read back trains every model on the same
/// inner ids in the same order, to the last digit. The files' rows are not
/// filtered again.
struct PreparedSplit: Sendable {
    var key: ReplicateKey
    var split: Split
    /// The dataset `split`'s row indices refer to: the experiment's, or (kind files) its vocabularies with the files' rows.
    var rows: Dataset
    var train: TrainingSet
    var test: Ratings
    var summary: SplitSummary

    static func strategy(_ s: SplitSpec) -> SplitStrategy {
        switch s.kind {
        case .holdout: return .randomHoldOut(testFraction: s.testFraction)
        case .kfold: return .kFold(k: s.folds)
        case .userHoldout: return s.lastN.map { .perUserLastN($0) } ?? .perUserFraction(s.testFraction)
        case .temporal: return .temporalFraction(s.testFraction)
        case .files: return .randomHoldOut(testFraction: s.testFraction)  // not used: `build` reads the files
        }
    }

    /// The format split files are read and written in: the dataset's, or `ratings.csv`'s for a MovieLens release.
    static func fileFormat(_ spec: DatasetSpec, dataset: Dataset) -> DelimitedFormat {
        spec.format ?? .movieLensCSV(scale: RatingScale(lower: dataset.ratingScale.lowerBound,
                                                        upper: dataset.ratingScale.upperBound, step: 0))
    }

    /// Every (seed, fold) of the experiment; the rows of seed s come from
    /// `SplitStrategy.splits(of:seed: SplitMix64.derive(s, "split"))`.
    static func build(_ spec: ExperimentSpec, dataset: Dataset) throws -> [ReplicateKey: PreparedSplit] {
        if spec.split.kind == .files { return try buildFromFiles(spec, dataset: dataset) }
        var out: [ReplicateKey: PreparedSplit] = [:]
        let strategy = strategy(spec.split)
        var bySeed: [UInt64: [Split]] = [:]
        for rep in spec.repetitions {
            if bySeed[rep.seed] == nil {
                do { bySeed[rep.seed] = try strategy.splits(of: dataset, seed: SplitMix64.derive(rep.seed, "split")) } catch {
                    throw ExperimentError("split: \(error)", key: "split")
                }
            }
            let all = bySeed[rep.seed] ?? []
            let index = rep.fold ?? 0
            guard index < all.count else {
                throw ExperimentError("split: fold \(index) does not exist (the split made \(all.count))", key: "split.folds")
            }
            let split = all[index]
            let key = ReplicateKey(splitSeed: rep.seed, fold: rep.fold)
            let r = split.report
            let summary = SplitSummary(
                kind: spec.split.kind.rawValue, seed: rep.seed, fold: rep.fold, trainCount: r.trainCount, testCount: r.testCount,
                testRatingsWithUnseenUser: 0, testRatingsWithUnseenMovie: r.testRatingsWithUnseenID,
                unseenUsers: r.unseenTestUsers, unseenMovies: r.unseenTestMovies)
            out[key] = PreparedSplit(key: key, split: split, rows: dataset, train: split.trainingSet(dataset),
                                     test: split.testRatings(dataset), summary: summary)
        }
        return out
    }

    /// `kind: files`: one split per pair of files, read once however many seeds run on it.
    static func buildFromFiles(_ spec: ExperimentSpec, dataset: Dataset) throws -> [ReplicateKey: PreparedSplit] {
        let format = fileFormat(spec.dataset, dataset: dataset)
        var byPair: [Int: (Split, Dataset)] = [:]
        var out: [ReplicateKey: PreparedSplit] = [:]
        for rep in spec.repetitions {
            let index = rep.fold ?? 0
            guard index < spec.split.files.count else {
                throw ExperimentError("split: fold \(index) has no files (\(spec.split.files.count) pairs given)", key: "split.folds")
            }
            if byPair[index] == nil {
                let pair = spec.split.files[index]
                let train = try DelimitedLoader.ratings(of: URL(fileURLWithPath: pair.train), format: format, in: dataset)
                let test = try DelimitedLoader.ratings(of: URL(fileURLWithPath: pair.test), format: format, in: dataset)
                var rows = dataset
                var all = train
                all.reserveCapacity(train.count + test.count)
                for k in 0..<test.count {
                    all.append(user: test.users[k], movie: test.movies[k], value: test.values[k], timestamp: test.timestamps[k])
                }
                rows.ratings = all
                let name = spec.split.filesAsFolds ? "files fold \(index + 1)/\(spec.split.files.count)" : "files"
                let split = try Split(name: name, train: Array(0..<train.count), test: Array(train.count..<all.count), dataset: rows)
                byPair[index] = (split, rows)
            }
            guard let (split, rows) = byPair[index] else { continue }
            let key = ReplicateKey(splitSeed: rep.seed, fold: rep.fold)
            let r = split.report
            let summary = SplitSummary(
                kind: spec.split.kind.rawValue, seed: rep.seed, fold: rep.fold, trainCount: r.trainCount, testCount: r.testCount,
                testRatingsWithUnseenUser: 0, testRatingsWithUnseenMovie: r.testRatingsWithUnseenID,
                unseenUsers: r.unseenTestUsers, unseenMovies: r.unseenTestMovies)
            out[key] = PreparedSplit(key: key, split: split, rows: rows, train: split.trainingSet(rows), test: split.testRatings(rows),
                                     summary: summary)
        }
        return out
    }
}

/// `reclab split export`: the train and test rows of every split an
/// experiment draws, written as files in the dataset's format (a MovieLens
/// release: `ratings.csv`'s), so another tool, or `split: {kind: files}`,
/// can use exactly the same rows. Files are named
/// `train-seed<seed>[-fold<k>].<ext>` and `test-…`, `<ext>` being the
/// ratings file's extension (`csv` for MovieLens); rows keep the dataset's
/// order (after its filters).
public enum SplitExport {
    /// Loads and filters the experiment's data (as a run does) and writes its splits into `directory`.
    public static func write(_ spec: ExperimentSpec, to directory: URL) throws -> [URL] {
        try write(spec, data: PreparedData.load(spec.dataset, checksumCache: CacheDirectory.subfolder("checksums")), to: directory)
    }

    /// Writes the files into `directory` (created if needed) and returns their URLs, train before test, in repetition order.
    public static func write(_ spec: ExperimentSpec, data: PreparedData, to directory: URL) throws -> [URL] {
        let splits = try PreparedSplit.build(spec, dataset: data.dataset)
        let format = PreparedSplit.fileFormat(spec.dataset, dataset: data.dataset)
        let ext: String
        if spec.dataset.format != nil {
            let given = URL(fileURLWithPath: spec.dataset.source).pathExtension
            ext = given.isEmpty ? (format.delimiter == "\t" ? "tsv" : "csv") : given
        } else {
            ext = "csv"
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw ExperimentError("cannot create the folder '\(directory.path)': \(error.localizedDescription)")
        }
        var written: [URL] = []
        for rep in spec.repetitions {
            guard let s = splits[ReplicateKey(splitSeed: rep.seed, fold: rep.fold)] else { continue }
            let suffix = "seed\(rep.seed)" + (rep.fold.map { "-fold\($0)" } ?? "")
            for (role, rows) in [("train", s.split.train), ("test", s.split.test)] {
                let url = directory.appendingPathComponent("\(role)-\(suffix).\(ext)")
                try RatingsWriter.write(rows, of: s.rows, format: format, to: url)
                written.append(url)
            }
        }
        return written
    }
}
