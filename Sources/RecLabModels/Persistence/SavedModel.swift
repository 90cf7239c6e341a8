import Foundation

/// A model file read back: its provenance header and what it holds.
public struct SavedModel: Sendable {
    public enum Content: Sendable {
        /// A fitted rating model with the ids, titles and training ratings it serves.
        case rating(any PersistableRatingModel, ServingCatalog)
        case similarity(SimilarityModel)
    }

    public let header: ModelFileHeader
    public let content: Content
    /// Size of the file in bytes.
    public let bytes: Int

    /// Saves a fitted rating model and its catalog (the header's `payloadType` is filled in).
    /// The header's `kind` must be a registered kind whose saved form is this
    /// model's, since loading decodes the file by that kind's registry entry.
    public static func save(_ model: some PersistableRatingModel, catalog: ServingCatalog, header: ModelFileHeader,
                            to url: URL) throws {
        let payloadType = type(of: model).payloadType
        let entry: ModelRegistry.Entry
        do { entry = try ModelRegistry.entry(header.kind) } catch {
            throw ModelFileError(path: url.path, part: "header", "\(error)")
        }
        guard entry.payloadType == payloadType else {
            throw ModelFileError(path: url.path, part: "header",
                                 "a \(payloadType) model cannot be saved as kind '\(header.kind)', whose files hold \(entry.payloadType)")
        }
        guard catalog.users.count == model.summary.userCount, catalog.movies.count == model.summary.movieCount else {
            throw ModelFileError(path: url.path, "catalog has \(catalog.users.count) users / \(catalog.movies.count) movies, "
                                 + "the model \(model.summary.userCount) / \(model.summary.movieCount)")
        }
        var w = ModelPayloadWriter()
        model.encode(into: &w)
        catalog.encode(into: &w)
        var h = header
        h.payloadType = payloadType
        try ModelFile.write(header: h, payload: w, to: url)
    }

    /// Saves the similarity model (the header's `payloadType` is filled in).
    public static func save(_ model: SimilarityModel, header: ModelFileHeader, to url: URL) throws {
        var w = ModelPayloadWriter()
        do { try model.encode(into: &w) } catch {
            throw ModelFileError(path: url.path, part: "similarity.config", "cannot encode: \(error)")
        }
        var h = header
        h.payloadType = SimilarityModel.payloadType
        try ModelFile.write(header: h, payload: w, to: url)
    }

    /// Reads, verifies and decodes a model file; throws `ModelFileError` on any damage or unknown payload.
    public static func load(_ url: URL) throws -> SavedModel {
        let (header, payload) = try ModelFile.read(url)
        return try decode(header: header, payload: payload)
    }

    /// Decodes verified file bytes (see `ModelFile.decode`).
    public static func decode(_ bytes: [UInt8], path: String) throws -> SavedModel {
        let (header, payload) = try ModelFile.decode(bytes, path: path)
        return try decode(header: header, payload: payload)
    }

    static func decode(header: ModelFileHeader, payload: ModelPayloadReader) throws -> SavedModel {
        let size = payload.bytes.count
        if header.payloadType == SimilarityModel.payloadType {
            return SavedModel(header: header, content: .similarity(try SimilarityModel(decoding: payload)), bytes: size)
        }
        guard let entry = ModelRegistry.entries.first(where: { $0.kind == header.kind }) else {
            throw ModelFileError(path: payload.path, part: "header",
                                 "unknown model kind '\(header.kind)' (this RecLab reads: "
                                 + (ModelRegistry.kinds + [SimilarityModel.payloadType]).joined(separator: ", ") + ")")
        }
        guard entry.payloadType == header.payloadType else {
            throw ModelFileError(path: payload.path, part: "header",
                                 "payload type '\(header.payloadType)' is not that of kind '\(header.kind)' (expected \(entry.payloadType))")
        }
        let model = try entry.load(payload)
        let catalog = try ServingCatalog(decoding: payload, userCount: model.summary.userCount,
                                         movieCount: model.summary.movieCount)
        return SavedModel(header: header, content: .rating(model, catalog), bytes: size)
    }
}
