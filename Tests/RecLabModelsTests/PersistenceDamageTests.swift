import Foundation
import RecLabData
import Testing
@testable import RecLabModels

/// Damaged, truncated, foreign and inconsistent files: each is refused with a
/// `ModelFileError` naming the failed check, never decoded into a model.
@Suite("Persistence: damaged files")
struct PersistenceDamageTests {
    /// A small valid SVD file (bytes) and the size of its frame parts.
    static func validFile() throws -> [UInt8] {
        let (ds, train) = PersistenceRoundTripTests.fixture()
        let fitted = try SVD(nFactors: 4, nEpochs: 2).fit(train, seed: 3)
        var w = ModelPayloadWriter()
        fitted.encode(into: &w)
        ServingCatalog(dataset: ds, train: train).encode(into: &w)
        var h = PersistenceRoundTripTests.header()
        h.payloadType = FittedSVD.payloadType
        return try ModelFile.encode(header: h, payload: w)
    }

    /// Decoding must throw a `ModelFileError`; returns it (nil when it did not throw one).
    static func failure(_ bytes: [UInt8]) -> ModelFileError? {
        do {
            _ = try SavedModel.decode(bytes, path: "test.rlmodel")
            return nil
        } catch let e as ModelFileError {
            return e
        } catch {
            Issue.record("expected a ModelFileError, got \(error)")
            return nil
        }
    }

    /// Replaces the trailing checksum so that only the structural checks can catch a change.
    static func resealed(_ bytes: [UInt8]) -> [UInt8] {
        var body = Array(bytes.dropLast(8))
        let sum = body.withUnsafeBytes { FastHash.of($0) }
        withUnsafeBytes(of: sum.littleEndian) { body.append(contentsOf: $0) }
        return body
    }

    @Test("the valid file decodes (so the failures below are caused by the damage)")
    func valid() throws {
        #expect(Self.failure(try Self.validFile()) == nil)
    }

    @Test("a file cut at any point is refused", arguments: [0, 1, 7, 8, 12, 23, 24, 31, 100, 1000, -9, -8, -1])
    func truncated(cut: Int) throws {
        let bytes = try Self.validFile()
        let keep = cut >= 0 ? cut : bytes.count + cut
        let e = try #require(Self.failure(Array(bytes.prefix(keep))))
        if keep >= 8 {
            #expect(e.part == "length" && e.message.contains("truncated"), "\(e)")
        } else {
            #expect(e.part == "magic", "\(e)")
        }
    }

    @Test("bytes appended after the end are refused")
    func appended() throws {
        let e = try #require(Self.failure(try Self.validFile() + [0, 0, 0, 0]))
        #expect(e.part == "length" && e.message.contains("4 unexpected bytes"), "\(e)")
    }

    @Test("one flipped bit anywhere is refused")
    func flippedBit() throws {
        let bytes = try Self.validFile()
        // Every byte of the prefix, then a spread of offsets through header, payload and trailer.
        let offsets = Array(0..<24) + stride(from: 24, to: bytes.count, by: max(1, bytes.count / 97)) + [bytes.count - 1]
        for at in offsets {
            var damaged = bytes
            damaged[at] ^= 0x10
            let e = Self.failure(damaged)
            #expect(e != nil, "flipping a bit of byte \(at) went unnoticed")
            if let e, at >= 24 { #expect(e.part == "checksum", "byte \(at): \(e)") }
        }
    }

    @Test("foreign files are refused as not RecLab model files",
          arguments: [[], Array("{\"payloadType\": \"rating/svd\"}".utf8), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13],
                      Array("RLMODEL1 but not really".utf8), [UInt8](repeating: 0, count: 64)])
    func foreign(bytes: [UInt8]) {
        let e = Self.failure(bytes)
        #expect(e?.part == "magic" && e?.message.contains("not a RecLab model file") == true, "\(String(describing: e))")
    }

    @Test("a newer format version is refused with advice, even when its checksum is right")
    func newerVersion() throws {
        var bytes = try Self.validFile()
        bytes[8] = 2
        let e = try #require(Self.failure(Self.resealed(bytes)))
        #expect(e.part == "version" && e.message.contains("newer"), "\(e)")
    }

    @Test("an unknown payload type is refused")
    func unknownPayload() throws {
        var w = ModelPayloadWriter()
        w.append("x", ints: [1])
        var h = PersistenceRoundTripTests.header()
        h.payloadType = "rating/quantum"
        let e = try #require(Self.failure(try ModelFile.encode(header: h, payload: w)))
        #expect(e.part == "header" && e.message.contains("rating/quantum"), "\(e)")
    }

    @Test("a file whose kind is unknown, or whose payload is not its kind's, is refused; such a file cannot be saved")
    func kindAndPayloadDisagree() throws {
        let bytes = try Self.validFile()
        let (header, _) = try ModelFile.decode(bytes, path: "test.rlmodel")
        let headerLength = Int(ByteIO.read(bytes, at: 12) as UInt32)
        let payload = RawPayload.writer(Array(bytes[(ModelFile.prefixSize + headerLength)..<(bytes.count - ModelFile.digestSize)]))
        var h = header
        h.kind = "svdd"
        var e = try #require(Self.failure(try ModelFile.encode(header: h, payload: payload)))
        #expect(e.part == "header" && e.message.contains("unknown model kind 'svdd'"), "\(e)")
        h.kind = "baseline_als"
        e = try #require(Self.failure(try ModelFile.encode(header: h, payload: payload)))
        #expect(e.part == "header" && e.message.contains("rating/baseline"), "\(e)")

        let (ds, train) = PersistenceRoundTripTests.fixture()
        let fitted = try SVD(nFactors: 4, nEpochs: 1).fit(train, seed: 3)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("reclab-\(UUID().uuidString).rlmodel")
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: ModelFileError.self) {
            try SavedModel.save(fitted, catalog: ServingCatalog(dataset: ds, train: train),
                                header: PersistenceRoundTripTests.header(kind: "knn_basic"), to: url)
        }
        #expect(!FileManager.default.fileExists(atPath: url.path))
    }

    /// Correctly checksummed files whose sections do not fit together (what a
    /// buggy writer could produce): the decoders check shapes, not just bytes.
    @Test("inconsistent sections are refused, naming the section")
    func inconsistent() throws {
        let (ds, train) = PersistenceRoundTripTests.fixture()
        let fitted = try SVD(nFactors: 4, nEpochs: 1).fit(train, seed: 3)
        var h = PersistenceRoundTripTests.header()
        h.payloadType = FittedSVD.payloadType
        let catalog = ServingCatalog(dataset: ds, train: train)

        // Movie factors for one movie too few.
        var w = ModelPayloadWriter()
        fitted.summary.encode(into: &w)
        fitted.learningCurve.encode(into: &w)
        w.append("svd.biased", bools: [true])
        w.append("svd.bu", floats: fitted.bu)
        w.append("svd.bi", floats: fitted.bi)
        fitted.p.encode("svd.p", into: &w)
        let short = FactorMatrix(rows: fitted.q.rows - 1, factors: fitted.q.factors)
        short.encode("svd.q", into: &w)
        catalog.encode(into: &w)
        var e = try #require(Self.failure(try ModelFile.encode(header: h, payload: w)))
        #expect(e.part == "svd.q.shape", "\(e)")

        // A missing section.
        w = ModelPayloadWriter()
        fitted.summary.encode(into: &w)
        catalog.encode(into: &w)
        e = try #require(Self.failure(try ModelFile.encode(header: h, payload: w)))
        #expect(e.message.contains("missing section"), "\(e)")

        // A section of the wrong element type.
        w = ModelPayloadWriter()
        fitted.summary.encode(into: &w)
        fitted.learningCurve.encode(into: &w)
        w.append("svd.biased", bools: [true])
        w.append("svd.bu", doubles: fitted.bu.map(Double.init))
        e = try #require(Self.failure(try ModelFile.encode(header: h, payload: w)))
        #expect(e.part == "svd.p.shape" || e.part == "svd.bu", "\(e)")

        // A catalog whose rated movies point outside the movie ids.
        w = ModelPayloadWriter()
        fitted.encode(into: &w)
        w.append("catalog.users", ints: ds.users.rawIDs)
        w.append("catalog.movies", ints: ds.movies.rawIDs)
        w.append("catalog.titles", strings: ds.titles)
        w.append("catalog.rated_offsets", ints: [0] + Array(repeating: 1, count: ds.userCount))
        w.append("catalog.rated_movies", int32s: [Int32(ds.movieCount)])
        e = try #require(Self.failure(try ModelFile.encode(header: h, payload: w)))
        #expect(e.part == "catalog.rated_movies", "\(e)")

        // A repeated userId.
        w = ModelPayloadWriter()
        fitted.encode(into: &w)
        w.append("catalog.users", ints: [ds.users.rawIDs[1]] + ds.users.rawIDs.dropFirst())
        e = try #require(Self.failure(try ModelFile.encode(header: h, payload: w)))
        #expect(e.part == "catalog.users" && e.message.contains("twice"), "\(e)")
    }

    @Test("a section table that runs past the payload is refused")
    func brokenTable() throws {
        var w = ModelPayloadWriter()
        w.append("summary.counts", ints: [1, 2, 3])
        var bytes = w.bytes
        bytes[1 + "summary.counts".utf8.count + 1 + 8] = 0xFF  // byte length, low byte: now larger than what follows
        var h = PersistenceRoundTripTests.header(kind: GlobalMean.kindName)
        h.payloadType = FittedGlobalMean.payloadType
        let framed = try ModelFile.encode(header: h, payload: RawPayload.writer(bytes))
        let e = try #require(Self.failure(framed))
        #expect(e.part == "payload", "\(e)")
    }
}

/// A writer holding arbitrary payload bytes (for hand-damaged section tables).
enum RawPayload {
    static func writer(_ bytes: [UInt8]) -> ModelPayloadWriter {
        var w = ModelPayloadWriter()
        w.bytes = bytes
        return w
    }
}
