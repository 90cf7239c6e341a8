#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import RecLabCore
import RecLabData
import Testing
import _TestSupport
@testable import RecLabModels

/// `spark_als` without Spark: the fitted model's arithmetic and file format,
/// the hand-off files, the settings and the process control.
@Suite("spark_als: fitted model, hand-off and settings")
struct SparkALSModelTests {
    /// A fitted model over the persistence fixture's ids: every known id gets a factor.
    static func fitted(rank: Int = 3) -> (Dataset, TrainingSet, FittedSparkALS) {
        let (ds, train) = PersistenceRoundTripTests.fixture()
        let summary = TrainingSummary(train)
        var rng = Xoshiro256StarStar(seed: 11)
        let users = (0..<summary.userCount * rank).map { _ in Float(rng.nextUnit()) }
        let movies = (0..<summary.movieCount * rank).map { _ in Float(rng.nextUnit()) * 2 }
        let model = FittedSparkALS(summary: summary, rank: rank, userFactors: users, movieFactors: movies,
                                   hasUserFactor: summary.knownUsers, hasMovieFactor: summary.knownMovies)
        return (ds, train, model)
    }

    @Test("the estimate is Spark's Float sum in factor order (1e8 + 1 − 1e8 + 1 is 1, not 2 or 0)")
    func floatSumInOrder() throws {
        let (_, train, _) = Self.fitted()
        let s = TrainingSummary(train)
        let u = try #require(s.knownUsers.firstIndex(of: true)), m = try #require(s.knownMovies.firstIndex(of: true))
        var users = [Float](repeating: 0, count: s.userCount * 4), movies = [Float](repeating: 0, count: s.movieCount * 4)
        users.replaceSubrange(u * 4..<u * 4 + 4, with: [1e8, 1, -1e8, 1])
        movies.replaceSubrange(m * 4..<m * 4 + 4, with: [1, 1, 1, 1])
        let model = FittedSparkALS(summary: s, rank: 4, userFactors: users, movieFactors: movies,
                                   hasUserFactor: s.knownUsers, hasMovieFactor: s.knownMovies)
        // In Float, 1e8 + 1 rounds to 1e8; a Double sum would give 2, pairwise Float sums 0.
        #expect(model.estimate(user: Int32(u), movie: Int32(m)) == .value(1))
    }

    @Test("ids without a Spark factor are impossible and fall back to the training mean")
    func unknownIdsFallBack() throws {
        let (_, train, model) = Self.fitted()
        let s = model.summary
        let unknownUser = try #require(s.knownUsers.firstIndex(of: false)), known = try #require(s.knownMovies.firstIndex(of: true))
        guard case .impossible = model.estimate(user: Int32(unknownUser), movie: Int32(known)) else {
            Issue.record("expected impossible"); return
        }
        let p = model.predict(user: Int32(unknownUser), movie: Int32(known))
        #expect(p.wasImpossible && p.value == Float(train.globalMean))
        guard case .impossible = model.estimate(user: 0, movie: -1) else { Issue.record("expected impossible"); return }
    }

    @Test("saved and loaded, every prediction is identical and the factors are the same bits")
    func roundTrip() throws {
        let (ds, train, model) = Self.fitted()
        let saved = try PersistenceRoundTripTests.roundTrip(model, kind: SparkALS.kindName, catalog: ServingCatalog(dataset: ds, train: train))
        guard case .rating(let loaded, _) = saved.content else { Issue.record("not a rating model"); return }
        let back = try #require(loaded as? FittedSparkALS)
        #expect(back.userFactors.map(\.bitPattern) == model.userFactors.map(\.bitPattern))
        #expect(back.hasMovieFactor == model.hasMovieFactor && back.rank == 3)
        PersistenceRoundTripTests.assertSamePredictions(back, model, users: ds.userCount, movies: ds.movieCount)
    }

    @Test("Spark's rows are placed by inner id; an id outside the vocabulary or a repeated id is refused")
    func placement() throws {
        let (_, train, _) = Self.fitted()
        let s = TrainingSummary(train)
        let ok = try FittedSparkALS(summary: s, rank: 2, users: .init(ids: [3, 1], factors: [1, 2, 3, 4]),
                                    movies: .init(ids: [0], factors: [5, 6]))
        #expect(Array(ok.userFactors[2..<4]) == [3, 4] && Array(ok.userFactors[6..<8]) == [1, 2])
        #expect(ok.hasUserFactor.enumerated().filter(\.element).map(\.offset) == [1, 3])
        #expect(ok.estimate(user: 3, movie: 0) == .value(Double(Float(1 * 5) + Float(2 * 6))))
        #expect(throws: RatingModelError.self) {
            try FittedSparkALS(summary: s, rank: 2, users: .init(ids: [Int32(s.userCount)], factors: [1, 2]), movies: .init(ids: [], factors: []))
        }
        #expect(throws: RatingModelError.self) {
            try FittedSparkALS(summary: s, rank: 2, users: .init(ids: [1, 1], factors: [1, 2, 3, 4]), movies: .init(ids: [], factors: []))
        }
    }

    @Test("the staged CSV holds every training rating, in training order, with its exact Float value")
    func stagedCSV() throws {
        let ratings = Ratings(users: [2, 0, 2, 1], movies: [5, 3, 1, 0], values: [3.5, 0.1, 4, 1e-3], timestamps: [0, 0, 0, 0])
        let train = TrainingSet(ratings: ratings, userCount: 3, movieCount: 6)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("reclab-spark-csv-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        try SparkJob.writeCSV(train, to: url)
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text == "2,5,3.5\n2,1,4.0\n0,3,0.1\n1,0,0.001\n")
        let back = text.split(separator: "\n").map { Float($0.split(separator: ",")[2])! }
        #expect(back.map(\.bitPattern) == train.triples().values.map(\.bitPattern))
    }

    @Test("output files that disagree with result.json, or no result.json, are refused")
    func outputChecks() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reclab-spark-out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: RatingModelError.self) { try SparkJob.readOutput(dir, rank: 2) }
        try Data(#"{"rank": 2, "users": 1, "items": 1, "fit_seconds": 0.5, "spark_version": "4.3.0"}"#.utf8)
            .write(to: dir.appendingPathComponent("result.json"))
        func le<T: FixedWidthInteger>(_ v: [T]) -> Data { Data(v.flatMap { withUnsafeBytes(of: $0.littleEndian, Array.init) }) }
        try le([Int32(4)]).write(to: dir.appendingPathComponent("user_ids.i32"))
        try le([Float(1.5).bitPattern, Float(-2).bitPattern]).write(to: dir.appendingPathComponent("user_factors.f32"))
        try le([Int32(7)]).write(to: dir.appendingPathComponent("item_ids.i32"))
        try le([Float(3).bitPattern]).write(to: dir.appendingPathComponent("item_factors.f32"))
        do {
            _ = try SparkJob.readOutput(dir, rank: 2)
            Issue.record("a short item factor file was accepted")
        } catch let e as RatingModelError {
            #expect(e.message.contains("item files hold 4 and 4 bytes, expected 4 and 8"))
        }
        try le([Float(3).bitPattern, Float(0.25).bitPattern]).write(to: dir.appendingPathComponent("item_factors.f32"))
        let out = try SparkJob.readOutput(dir, rank: 2)
        #expect(out.users.ids == [4] && out.users.factors == [1.5, -2] && out.items.factors == [3, 0.25] && out.fitSeconds == 0.5)
    }

    @Test("the environment overrides the file's settings; an empty variable does not")
    func settingsResolution() {
        let file = SparkSettings(submit: "/opt/a/spark-submit", master: "local[2]", conf: ["k": "v"], timeoutSeconds: 60)
        let r = file.resolved(environment: ["RECLAB_SPARK_MASTER": "yarn", "RECLAB_SPARK_SUBMIT": "",
                                            "RECLAB_SPARK_TIMEOUT": "5", "RECLAB_SPARK_STAGING_URI": "hdfs:///tmp/x"])
        #expect(r.master == "yarn" && r.submit == "/opt/a/spark-submit" && r.timeoutSeconds == 5)
        #expect(r.stagingURI == "hdfs:///tmp/x" && r.conf == ["k": "v"] && r.staging == nil)
        #expect(SparkSettings().resolved(environment: [:]) == SparkSettings())
    }

    @Test("no spark-submit or no Java: the error says what to install")
    func missingTools() {
        let noSubmit = SparkSettings(submit: "/nonexistent/spark-submit")
        do {
            _ = try noSubmit.locateSubmit(environment: [:])
            Issue.record("a missing spark-submit was accepted")
        } catch let e as RatingModelError {
            #expect(e.message.contains("/nonexistent/spark-submit") && e.message.contains("pip install pyspark==4.3.0")
                    && e.message.contains("JDK 17"))
        } catch { Issue.record("\(error)") }
        // Nothing on PATH and no default virtualenv under an empty cache folder.
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("reclab-empty-\(UUID().uuidString)").path
        #expect(throws: RatingModelError.self) {
            try SparkSettings().locateSubmit(environment: ["PATH": empty, "XDG_CACHE_HOME": empty])
        }
        do {
            _ = try SparkSettings.locateJava(environment: ["PATH": empty])
            Issue.record("a missing java was accepted")
        } catch let e as RatingModelError {
            #expect(e.message.contains("no Java runtime") && e.message.contains("openjdk-17-jdk-headless"))
        } catch { Issue.record("\(error)") }
    }

    @Test("Spark's seed: as given, or derived from the trial seed into 0...Int64.max")
    func seeds() throws {
        let derived = SparkALS()
        let a = derived.sparkSeed(trialSeed: 1), b = derived.sparkSeed(trialSeed: 2)
        #expect(a != b && a >= 0 && b >= 0)
        #expect(a == Int64(bitPattern: SplitMix64.derive(1, "spark-als") & UInt64(Int64.max)))
        let fixed = try SparkALS(parameters: ["seed": .int(42)])
        #expect(fixed.sparkSeed(trialSeed: 1) == 42 && fixed.sparkSeed(trialSeed: 2) == 42)
        #expect(fixed.jobArguments(trialSeed: 9).contains("42"))
    }

    @Test("a job past its time limit is stopped with its whole process group")
    func timeoutStopsTheGroup() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reclab-spark-proc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let pidFile = dir.appendingPathComponent("child.pid")
        // The shell starts a grandchild (as spark-submit starts a JVM) and waits for it.
        let p = ExternalProcess(executable: "/bin/sh", arguments: ["-c", "sleep 60 & echo $! > \(pidFile.path); wait"],
                                environment: ["PATH": "/usr/bin:/bin"], log: dir.appendingPathComponent("log"),
                                timeout: 1, shouldStop: nil, grace: 2)
        let t0 = Date()
        #expect(try p.run() == .timedOut(1))
        #expect(Date().timeIntervalSince(t0) < 10)
        let child = try #require(Int32(String(contentsOf: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        usleep(200_000)
        // The grandchild is gone, or a zombie waiting for its new parent to reap it: no longer running.
        let state = (try? String(contentsOfFile: "/proc/\(child)/stat", encoding: .utf8))
            .flatMap { $0.split(separator: ")").last?.split(separator: " ").first }.map(String.init)
        #expect(state == nil || state == "Z" || state == "X", "sleep \(child) is still in state \(state ?? "?")")
    }

    @Test("exit status, and the log's tail without Spark's INFO lines")
    func exitStatusAndTail() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reclab-spark-proc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let log = dir.appendingPathComponent("log")
        let script = "for i in 1 2 3; do echo \"26/01/01 INFO Spark: line $i\"; done; echo 'Traceback: boom' >&2; exit 3"
        let p = ExternalProcess(executable: "/bin/sh", arguments: ["-c", script], environment: [:], log: log, timeout: 30)
        #expect(try p.run() == .exited(3))
        #expect(ExternalProcess.tail(of: log, lines: 20) == "Traceback: boom")
    }
}

/// `spark_als` fitted by a real Spark (the contract suite's checks, one fit):
/// predictions finite and clipped, the fallback for ids without a training
/// rating, top-N of the unrated movies, and nothing left in the staging folder
/// or at the staging URI (a `file://` one here) the job copies the rows to.
@Suite("spark_als: contract with a real Spark", .requiresSpark)
struct SparkALSContractTests {
    @Test func oneFitKeepsTheContract() throws {
        let data = RatingTestData.planted(users: 60, movies: 80, ratingsPerUser: 25, rank: 3, noise: 0.3, seed: 7)
        let train = TrainingSet(ratings: data.ratings, userCount: 62, movieCount: 82)
        let staging = FileManager.default.temporaryDirectory.appendingPathComponent("reclab-spark-staging-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: staging) }
        // Through a staging URI, as on a cluster: the driver copies the rows there and removes them after the fit.
        let shared = staging.appendingPathComponent("shared")
        try FileManager.default.createDirectory(at: shared, withIntermediateDirectories: true)
        let settings = SparkSettings(submit: SparkSubmit.path, master: "local[1]", conf: ["spark.ui.enabled": "false"],
                                     staging: staging.path, stagingURI: shared.absoluteString)
        let model = try SparkALS(parameters: ["rank": .int(4), "max_iter": .int(5)])
        let fitted = try model.fit(train, seed: 1, options: FitOptions(spark: settings))
        #expect(try FileManager.default.contentsOfDirectory(atPath: staging.path) == ["shared"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: shared.path).isEmpty)
        #expect(fitted.hasUserFactor == train.knownMask().users && fitted.hasMovieFactor == train.knownMask().movies)
        for (u, i) in [(0, 0), (5, 17), (59, 79)] {
            let p = fitted.predict(user: Int32(u), movie: Int32(i))
            #expect(p.value.isFinite && p.value >= 0.5 && p.value <= 5 && !p.wasImpossible)
        }
        #expect(fitted.predict(user: 60, movie: 81).wasImpossible)
        // ALS fits the planted ratings far better than their mean does.
        #expect(fitted.rmse(on: data.ratings) < 0.8 * FittedGlobalMean(summary: fitted.summary).rmse(on: data.ratings))
        let rated = Set(train.movies(ratedBy: 4))
        let top = fitted.recommend(user: 4, count: 10, train: train)
        #expect(top.count == 10 && top.allSatisfy { !rated.contains($0.movie) })
        let all = (0..<82).filter { !rated.contains(Int32($0)) }.map { fitted.predict(user: 4, movie: Int32($0)).value }.sorted(by: >)
        #expect(top.map(\.rating) == Array(all.prefix(10)))
        let timings = try #require(fitted.timings)
        #expect(timings.sparkFit > 0 && timings.job > timings.sparkFit && timings.handOff > 0)
    }
}
