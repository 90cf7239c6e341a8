import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import RecLabModels
import RecLabResults
import Testing
import _TestSupport
@testable import RecLabServer

/// Start and stop, the real `reclab serve` process, and refusing to serve
/// what is missing or damaged.
@Suite("Server lifecycle and refusals")
struct LifecycleTests {
    /// A copy of the fixture's output folder to damage.
    static func copy(_ f: ServerFixture) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reclab-served-copy-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: f.outputDirectory, to: dir)
        return dir
    }

    static func loadError(_ dir: URL) -> ServeError? {
        do { _ = try ServedExperiment.load(dir); return nil } catch let e as ServeError { return e } catch {
            Issue.record("expected a ServeError, got \(error)"); return nil
        }
    }

    @Test("a stopped server no longer accepts connections")
    func stopCloses() async throws {
        let f = try await ServerFixture.get()
        let server = try await ReclabServer.start(f.experiment, port: 0)
        #expect(server.port > 0)
        let client = HTTPTestClient(base: server.baseURL)
        #expect(try await client.get("/health").status == 200)
        await server.stop()
        await #expect(throws: (any Error).self) { _ = try await client.get("/health") }
    }

    @Test("two servers on port 0 get different free ports and answer alike")
    func twoServers() async throws {
        let f = try await ServerFixture.get()
        let a = try await ReclabServer.start(f.experiment, port: 0)
        let b = try await ReclabServer.start(f.experiment, port: 0)
        #expect(a.port != b.port)
        let path = "/movies/\(ServerFixture.movieID(3))/similar?method=collab"
        let ra = try await HTTPTestClient(base: a.baseURL).get(path), rb = try await HTTPTestClient(base: b.baseURL).get(path)
        await a.stop()
        await b.stop()
        #expect(ra.status == 200 && ra.body == rb.body, "\(ra.text)\n\(rb.text)")
    }

    @Test("the warm-up pass fills every movie's similar lists, and the answers stay the library's")
    func warmUp() async throws {
        let f = try await ServerFixture.get()
        let server = try await ReclabServer.start(f.experiment, port: 0, warm: true)
        let client = HTTPTestClient(base: server.baseURL)
        var health = try (try await client.get("/health")).decode(HealthResponse.self)
        let deadline = Date().addingTimeInterval(60)
        while health.similarListsCached != health.similarListsTotal, Date() < deadline {
            try await Task.sleep(nanoseconds: 20_000_000)
            health = try (try await client.get("/health")).decode(HealthResponse.self)
        }
        #expect(health.similarListsTotal == ServerFixture.movieCount - 1 && health.similarListsCached == health.similarListsTotal)
        let model = try #require(f.experiment.similarity?.model)
        let got = try (try await client.get("/movies/\(model.movieIDs[2])/similar?method=content&n=100")).decode(SimilarResponse.self)
        await server.stop()
        #expect(got.similar.map(\.movieId) == (try model.similar(to: model.movies[2], method: .content, top: 100)).map(\.movieID))
    }

    @Test("a port in use is reported, not ignored")
    func portInUse() async throws {
        let f = try await ServerFixture.get()
        let a = try await ReclabServer.start(f.experiment, port: 0)
        await #expect(throws: (any Error).self) {
            let b = try await ReclabServer.start(f.experiment, port: a.port)
            await b.stop()
        }
        await a.stop()
    }

    @Test("an experiment folder without saved models is refused, telling the user to run it")
    func missingModels() async throws {
        let f = try await ServerFixture.get()
        let dir = try Self.copy(f)
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.removeItem(at: ServedExperiment.modelsDirectory(dir))
        let e = try #require(Self.loadError(dir))
        #expect(e.message.contains("no saved models") && e.message.contains("run `reclab run served.yaml` first"), "\(e)")
        let none = try #require(Self.loadError(dir.appendingPathComponent("nope")))
        #expect(none.message.contains("no such folder"))
    }

    @Test("a run whose experiment had neither `similarity:` nor `recommend:` is refused naming both sections")
    func nothingToServe() async throws {
        let f = try await ServerFixture.get()
        let dir = try Self.copy(f)
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.removeItem(at: ServedExperiment.modelsDirectory(dir))
        let layout = ResultsLayout(directory: dir)
        var run = try layout.loadRun(from: layout.runURL)
        run.similarity = nil
        run.recommendations = []
        try layout.write(run)
        let e = try #require(Self.loadError(dir))
        #expect(e.message.contains("no `similarity:` section") && e.message.contains("no `recommend:` section"), "\(e)")
    }

    @Test("a corrupted or truncated model file is refused with the file's name and the failed check",
          arguments: ["corrupt", "truncate"])
    func damagedModel(_ damage: String) async throws {
        let f = try await ServerFixture.get()
        let dir = try Self.copy(f)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = ServedExperiment.modelsDirectory(dir).appendingPathComponent("svd.rlmodel")
        var bytes = [UInt8](try Data(contentsOf: url))
        if damage == "corrupt" { bytes[bytes.count / 2] ^= 0x01 } else { bytes.removeLast(1000) }
        try Data(bytes).write(to: url)
        let e = try #require(Self.loadError(dir))
        #expect(e.path.hasSuffix("svd.rlmodel"))
        #expect(e.message.contains(damage == "corrupt" ? "checksum" : "truncated"), "\(e)")
        #expect(e.message.contains("reclab run served.yaml"), "\(e)")
    }

    @Test("models saved by another version of the experiment are refused")
    func staleModels() async throws {
        let f = try await ServerFixture.get()
        let dir = try Self.copy(f)
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = dir.appendingPathComponent("results/run.json")
        let text = try String(contentsOf: run, encoding: .utf8)
        try text.replacingOccurrences(of: f.run.experiment.hash, with: String(repeating: "0", count: 64))
            .write(to: run, atomically: true, encoding: .utf8)
        let e = try #require(Self.loadError(dir))
        #expect(e.message.contains("every model file was saved by another version of the experiment"), "\(e)")
    }

    @Test("a model file left by an earlier version of the experiment is skipped with a note")
    func leftoverModel() async throws {
        let f = try await ServerFixture.get()
        let dir = try Self.copy(f)
        defer { try? FileManager.default.removeItem(at: dir) }
        let models = ServedExperiment.modelsDirectory(dir)
        guard case .rating(let model as FittedSVD, let catalog) = try SavedModel.load(models.appendingPathComponent("svd.rlmodel")).content else {
            Issue.record("svd.rlmodel holds no rating model"); return
        }
        let header = ModelFileHeader(name: "old", kind: "svd", reclabVersion: "0.1.0", experimentName: "served",
                                     experimentHash: String(repeating: "1", count: 64), dataChecksum: "", trainedOn: "",
                                     createdAt: "")
        try SavedModel.save(model, catalog: catalog, header: header, to: models.appendingPathComponent("old.rlmodel"))
        let served = try ServedExperiment.load(dir)
        #expect(served.ratingModelNames == ["svd"] && served.similarity != nil)
        #expect(served.notes.count == 1 && served.notes[0].hasPrefix("old.rlmodel was saved by another version"), "\(served.notes)")
    }

    @Test("`reclab serve` serves on the port it prints, stops on SIGTERM, and refuses a folder without models",
          .requiresReclab)
    func cli() async throws {
        let f = try await ServerFixture.get()
        let binary = try #require(ReclabBinary.url)
        let p = Process()
        p.executableURL = binary
        p.arguments = ["serve", f.outputDirectory.path, "--port", "0"]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        defer { if p.isRunning { p.terminate() } }
        // Read stderr until the "serving http://127.0.0.1:PORT" line (at most 60 s).
        var text = ""
        let deadline = Date().addingTimeInterval(60)
        while !text.contains("serving http://"), Date() < deadline {
            let chunk = err.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        let match = try #require(text.firstMatch(of: /serving (http:\/\/127\.0\.0\.1:\d+)/), "stderr: \(text)")
        #expect(text.contains("loaded svd, similarity"))
        let client = HTTPTestClient(base: String(match.1))
        #expect(try await client.get("/health").status == 200)
        let r = try await client.get("/users/1/recommendations?n=3")
        #expect(try r.decode(RecommendationsResponse.self).recommendations.map(\.movieId)
                == f.run.recommendations.first?.movies.prefix(3).map(\.movieId))
        p.terminate()
        p.waitUntilExit()
        #expect(p.terminationReason == .exit && p.terminationStatus == 0, "status \(p.terminationStatus)")

        // No models: exit status 1 and the advice on stderr.
        let dir = try Self.copy(f)
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.removeItem(at: ServedExperiment.modelsDirectory(dir))
        let q = Process()
        q.executableURL = binary
        q.arguments = ["serve", dir.path, "--port", "0"]
        let qerr = Pipe()
        q.standardError = qerr
        try q.run()
        let message = String(decoding: qerr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        q.waitUntilExit()
        #expect(q.terminationStatus == 1 && message.contains("reclab run served.yaml"), "\(message)")
    }
}
