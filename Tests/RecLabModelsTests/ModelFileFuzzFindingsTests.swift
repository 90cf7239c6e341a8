import RecLabData
import Testing
@testable import RecLabModels

/// Inputs the model-file fuzz target (Fuzz/FuzzModelFile) turned up, and their
/// siblings: a valid file whose declared shape is changed (and the checksum
/// resealed) must be refused with a `ModelFileError`, not trap on an overflow
/// or allocate from the declared size.
@Suite("Persistence: fuzz findings")
struct ModelFileFuzzFindingsTests {
    /// A valid file of a model of `kind` fitted on the round-trip fixture.
    static func file(kind: String, _ parameters: Parameters) throws -> [UInt8] {
        let (ds, train) = PersistenceRoundTripTests.fixture()
        let fitted = try ModelRegistry.make(kind: kind, parameters: parameters).fit(train, seed: 3)
        let model = try #require(fitted as? any PersistableRatingModel)
        var w = ModelPayloadWriter()
        model.encode(into: &w)
        ServingCatalog(dataset: ds, train: train).encode(into: &w)
        var h = PersistenceRoundTripTests.header(kind: kind)
        h.payloadType = type(of: model).payloadType
        return try ModelFile.encode(header: h, payload: w)
    }

    static func similarityFile() throws -> [UInt8] {
        var w = ModelPayloadWriter()
        try SimilarityModelTests.fitted().encode(into: &w)
        var h = PersistenceRoundTripTests.header(kind: "similarity")
        h.payloadType = SimilarityModel.payloadType
        return try ModelFile.encode(header: h, payload: w)
    }

    /// `bytes` with value `index` of the Int64 section `tag` set to `value`, resealed.
    static func patched(_ bytes: [UInt8], _ tag: String, _ index: Int, to value: Int) throws -> [UInt8] {
        let key = [UInt8(tag.utf8.count)] + Array(tag.utf8) + [ModelSectionType.int64.rawValue]
        let at = try #require((0...(bytes.count - key.count)).first { Array(bytes[$0..<($0 + key.count)]) == key },
                              "no Int64 section \(tag)")
        var out = bytes
        let offset = at + key.count + 16 + 8 * index
        withUnsafeBytes(of: Int64(value).littleEndian) { out.replaceSubrange(offset..<(offset + 8), with: $0) }
        return PersistenceDamageTests.resealed(out)
    }

    static func refusal(_ bytes: [UInt8]) throws -> ModelFileError {
        try #require(PersistenceDamageTests.failure(bytes))
    }

    @Test("the unpatched files decode")
    func valid() throws {
        #expect(PersistenceDamageTests.failure(try Self.similarityFile()) == nil)
        for kind in ["latent_knn", "knn_basic", "svd"] {
            #expect(PersistenceDamageTests.failure(try Self.file(kind: kind, Self.parameters[kind]!)) == nil, "\(kind)")
        }
    }

    static let parameters: [String: Parameters] = [
        "latent_knn": ["k": .int(3), "n_components": .int(3)],
        "knn_basic": ["k": .int(3)],
        "svd": ["n_factors": .int(4), "n_epochs": .int(2)],
    ]

    /// Found by the fuzzer: rows × components overflowed (a trap) in `LatentSpace`'s decoder.
    @Test("a similarity space with an impossible component count is refused")
    func similarityComponentsOverflow() throws {
        let e = try Self.refusal(try Self.patched(try Self.similarityFile(), "content.shape", 1, to: Int.max / 2 + 1))
        #expect(e.part == "content.shape", "\(e)")
    }

    /// Found by the fuzzer: a k of 2³² made the first prediction allocate 32 GB of neighbour keys.
    @Test("latent k-NN and k-NN neighbour counts outside the registry's domain are refused",
          arguments: [("latent_knn", "latent_knn.shape", 0), ("latent_knn", "latent_knn.shape", 1),
                      ("knn_basic", "knn.shape", 0), ("knn_basic", "knn.shape", 1)])
    func neighbourCounts(kind: String, tag: String, index: Int) throws {
        let bytes = try Self.file(kind: kind, Self.parameters[kind]!)
        let e = try Self.refusal(try Self.patched(bytes, tag, index, to: 1 << 32))
        #expect(e.part == tag && e.message.contains("outside its domain"), "\(e)")
    }

    /// Movies × dimensions overflowed (a trap) in the latent k-NN decoder.
    @Test("a latent k-NN dimension whose unit-row count overflows is refused")
    func latentDimensionOverflow() throws {
        let bytes = try Self.file(kind: "latent_knn", Self.parameters["latent_knn"]!)
        let e = try Self.refusal(try Self.patched(bytes, "latent_knn.shape", 2, to: Int.max / 2 + 1))
        #expect(e.part == "latent_knn.shape", "\(e)")
    }

    /// The factor matrix was allocated from its declared shape (up to rows × 65,536
    /// floats) before the stored values were counted.
    @Test("a factor matrix whose declared width disagrees with its values is refused")
    func factorWidth() throws {
        let bytes = try Self.file(kind: "svd", Self.parameters["svd"]!)
        let e = try Self.refusal(try Self.patched(bytes, "svd.p.shape", 1, to: 65_536))
        #expect(e.part == "svd.p" && e.message.contains("expected"), "\(e)")
    }
}
