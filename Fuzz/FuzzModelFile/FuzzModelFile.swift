import RecLabData
import RecLabModels

/// libFuzzer target for the model-file reader (`SavedModel.decode`, which
/// runs `ModelFile.decode`, the section table and the payload decoders).
///
/// Each input is decoded twice: as given (the frame checks: magic, version,
/// lengths, checksum), and, when it starts with the magic and its header
/// length fits, reframed — the payload length and the checksum trailer
/// rewritten to match the bytes — so that mutations reach the header JSON and
/// the payload decoders instead of stopping at the checksum. A model that
/// decodes is then asked a few predictions (a similarity model, a few
/// neighbour lists), as the server would.
///
/// A thrown `ModelFileError` is a correct answer; a trap, a sanitizer report
/// or an out-of-memory (from trusting a declared size) is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let model = try? SavedModel.decode(bytes, path: "fuzz.rlmodel") { exercise(model) }
    guard reframe(&bytes) else { return 0 }
    if let model = try? SavedModel.decode(bytes, path: "fuzz.rlmodel") { exercise(model) }
    return 0
}

/// Makes the payload length (offset 16) and the checksum (last 8 bytes) of a
/// file that starts with the magic consistent with its size; false when the
/// header length (offset 12) does not fit.
private func reframe(_ bytes: inout [UInt8]) -> Bool {
    let frame = 24 + 8
    guard bytes.count >= frame, Array(bytes[0..<8]) == ModelFile.magic else { return false }
    let headerLength = bytes[12..<16].reversed().reduce(0) { $0 << 8 | Int($1) }
    guard headerLength <= bytes.count - frame else { return false }
    store(UInt64(bytes.count - frame - headerLength), in: &bytes, at: 16)
    let body = bytes.count - 8
    let checksum = bytes.withUnsafeBytes { FastHash.of(UnsafeRawBufferPointer(rebasing: $0[..<body])) }
    store(checksum, in: &bytes, at: body)
    return true
}

private func store(_ v: UInt64, in bytes: inout [UInt8], at offset: Int) {
    for k in 0..<8 { bytes[offset + k] = UInt8(truncatingIfNeeded: v >> (8 * UInt64(k))) }
}

/// What the server does with a loaded model, on the first few ids.
private func exercise(_ saved: SavedModel) {
    switch saved.content {
    case .rating(let model, let catalog):
        let users = (0..<min(model.summary.userCount, 3)).map { Int32($0) }
        let movies = (0..<min(model.summary.movieCount, 3)).map { Int32($0) }
        for u in users {
            _ = model.predict(users: Array(repeating: u, count: movies.count), movies: movies)
            _ = model.recommend(user: u, count: 3, excluding: catalog.rated(by: u))
        }
    case .similarity(let model):
        for m in model.movies.prefix(3) {
            _ = try? model.similar(to: m, top: 3)
        }
    }
}
