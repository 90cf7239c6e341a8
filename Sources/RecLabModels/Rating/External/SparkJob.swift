import Foundation
import RecLabData

/// Where the seconds of one `spark_als` fit went (wall clock): what the hand-off to Spark costs
/// beside the fit itself.
public struct SparkTimings: Sendable, Equatable {
    /// Writing the job and the training CSV to the staging folder.
    public var staging: Double = 0
    /// spark-submit from start to exit: JVM and Spark start-up, reading the CSV, the fit, writing factors, shutdown.
    public var job: Double = 0
    /// Of `job`: `ALS.fit` plus collecting the factors, as the job measured it.
    public var sparkFit: Double = 0
    /// Reading the factors back.
    public var readBack: Double = 0
    /// Everything but Spark's own fit: the hand-off.
    public var handOff: Double { staging + (job - sparkFit) + readBack }
}

/// One run of the committed PySpark job (`spark_als_job.py`): staging,
/// `spark-submit`, and reading the factors back.
///
/// Each run has its own staging folder, `<staging>/reclab-spark-<pid>-<UUID>`
/// (trials run in parallel), holding `job.py`, `train.csv`, `spark.log` and
/// the job's output; it is removed when the run ends, whatever the outcome.
/// The job writes `result.json` last, so a run that stops half-way is
/// never read.
struct SparkJob {
    /// Ids and their factors (`ids.count × rank` Floats) as the job returned them.
    struct Side {
        var ids: [Int32]
        var factors: [Float]
    }

    struct Output {
        var users: Side
        var items: Side
        /// The job's own measure of `ALS.fit` plus collecting the factors, in seconds.
        var fitSeconds: Double
        var sparkVersion: String
        var timings = SparkTimings()
    }

    let settings: SparkSettings
    let submit: String

    /// Checks that spark-submit and Java are there (an error says what to install).
    init(settings: SparkSettings) throws {
        self.settings = settings
        self.submit = try settings.locateSubmit()
        _ = try SparkSettings.locateJava()
    }

    /// The job's source, embedded in the binary so that it needs no file beside it.
    static var source: [UInt8] { PackageResources.spark_als_job_py }

    /// How many lines of Spark's log an error shows.
    static let logTailLines = 20

    func run(train: TrainingSet, arguments: [String], rank: Int, shouldStop: (@Sendable () -> Bool)?) throws -> Output {
        let fm = FileManager.default
        let root = URL(fileURLWithPath: settings.staging ?? NSTemporaryDirectory(), isDirectory: true)
        let folder = root.appendingPathComponent("reclab-spark-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)",
                                                 isDirectory: true)
        do {
            try fm.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw RatingModelError("cannot create the Spark staging folder \(folder.path): \(error)", kind: SparkALS.kindName)
        }
        defer { try? fm.removeItem(at: folder) }
        let job = folder.appendingPathComponent("job.py"), trainFile = folder.appendingPathComponent("train.csv")
        let out = folder.appendingPathComponent("out", isDirectory: true), log = folder.appendingPathComponent("spark.log")
        let t0 = Date()
        try Data(Self.source).write(to: job)
        try Self.writeCSV(train, to: trainFile)
        let staged = Date()
        try fm.createDirectory(at: out, withIntermediateDirectories: true)

        var input = ["--train", trainFile.path]
        if let uri = settings.stagingURI {
            let base = uri.hasSuffix("/") ? String(uri.dropLast()) : uri
            input = ["--train", "\(base)/\(folder.lastPathComponent)/train.csv", "--upload-from", trainFile.path]
        }
        var submitArguments = ["--master", settings.master]
        for (k, v) in settings.conf.sorted(by: { $0.key < $1.key }) { submitArguments += ["--conf", "\(k)=\(v)"] }
        submitArguments += [job.path] + input + ["--out", out.path] + arguments

        // spark-submit finds its Spark and Python through PATH (pip's find-spark-home runs `python3`):
        // its own folder goes first, so a virtualenv's spark-submit uses that virtualenv.
        var env = ProcessInfo.processInfo.environment
        let bin = URL(fileURLWithPath: submit).deletingLastPathComponent().path
        env["PATH"] = bin + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        let process = ExternalProcess(executable: submit, arguments: submitArguments, environment: env, log: log,
                                      timeout: settings.timeoutSeconds, shouldStop: shouldStop)
        let ended = try process.run()
        let jobEnded = Date()
        func failure(_ what: String) -> RatingModelError {
            RatingModelError("\(what) (spark-submit --master \(settings.master)); the last lines of Spark's log:\n"
                             + ExternalProcess.tail(of: log, lines: Self.logTailLines), kind: SparkALS.kindName)
        }
        switch ended {
        case .exited(0): break
        case .exited(let code): throw failure("the Spark job failed with exit status \(code)")
        case .signalled(let signal): throw failure("the Spark job was killed by signal \(signal)")
        case .timedOut(let limit): throw failure("the Spark job was stopped after its time limit of \(Int(limit)) s")
        case .cancelled: throw failure("the Spark job was stopped because the run is stopping")
        }
        guard fm.fileExists(atPath: out.appendingPathComponent("result.json").path) else {
            throw failure("the Spark job exited without writing its result")
        }
        var output = try Self.readOutput(out, rank: rank)
        output.timings = SparkTimings(staging: staged.timeIntervalSince(t0), job: jobEnded.timeIntervalSince(staged),
                                      sparkFit: output.fitSeconds, readBack: Date().timeIntervalSince(jobEnded))
        return output
    }

    /// `user,item,rating` lines in training order; ratings as their shortest round-trip Float text.
    static func writeCSV(_ train: TrainingSet, to url: URL) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil),
              let handle = try? FileHandle(forWritingTo: url) else {
            throw RatingModelError("cannot write \(url.path)", kind: SparkALS.kindName)
        }
        defer { try? handle.close() }
        var texts: [UInt32: [UInt8]] = [:]
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        func append(_ v: Int32) {
            var digits: [UInt8] = []
            var x = Int64(v)
            if x < 0 { buffer.append(UInt8(ascii: "-")); x = -x }
            repeat { digits.append(UInt8(ascii: "0") + UInt8(x % 10)); x /= 10 } while x > 0
            buffer.append(contentsOf: digits.reversed())
        }
        for u in train.userOrder {
            for k in train.userOffsets[Int(u)]..<train.userOffsets[Int(u) + 1] {
                append(u)
                buffer.append(UInt8(ascii: ","))
                append(train.userMovies[k])
                buffer.append(UInt8(ascii: ","))
                let r = train.userValues[k]
                if let t = texts[r.bitPattern] {
                    buffer.append(contentsOf: t)
                } else {
                    let t = Array(r.description.utf8)
                    if texts.count < 4096 { texts[r.bitPattern] = t }
                    buffer.append(contentsOf: t)
                }
                buffer.append(UInt8(ascii: "\n"))
                if buffer.count >= 1 << 20 {
                    try handle.write(contentsOf: buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
        }
        try handle.write(contentsOf: buffer)
    }

    /// Reads `result.json` and the four factor files, checking their sizes against it.
    static func readOutput(_ out: URL, rank: Int) throws -> Output {
        struct Result: Decodable {
            var rank: Int
            var users: Int
            var items: Int
            var fit_seconds: Double
            var spark_version: String
        }
        func fail(_ m: String) -> RatingModelError { RatingModelError("the Spark job's output: \(m)", kind: SparkALS.kindName) }
        let result: Result
        do {
            result = try JSONDecoder().decode(Result.self, from: Data(contentsOf: out.appendingPathComponent("result.json")))
        } catch {
            throw fail("result.json is unreadable: \(error)")
        }
        guard result.rank == rank else { throw fail("rank \(result.rank), expected \(rank)") }
        func side(_ name: String, count: Int) throws -> Side {
            let ids = try Data(contentsOf: out.appendingPathComponent("\(name)_ids.i32"))
            let factors = try Data(contentsOf: out.appendingPathComponent("\(name)_factors.f32"))
            guard ids.count == count * 4, factors.count == count * rank * 4 else {
                throw fail("\(name) files hold \(ids.count) and \(factors.count) bytes, expected \(count * 4) and \(count * rank * 4)")
            }
            let i = ids.withUnsafeBytes { p in (0..<count).map { Int32(littleEndian: p.loadUnaligned(fromByteOffset: $0 * 4, as: Int32.self)) } }
            let f = factors.withUnsafeBytes { p in
                (0..<(count * rank)).map { Float(bitPattern: UInt32(littleEndian: p.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
            }
            return Side(ids: i, factors: f)
        }
        return Output(users: try side("user", count: result.users), items: try side("item", count: result.items),
                      fitSeconds: result.fit_seconds, sparkVersion: result.spark_version)
    }
}
