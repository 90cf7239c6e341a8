import RecLabData

/// libFuzzer target for the MovieLens source parsers (ratings, movies, tags,
/// links, and the ml-100k / `.dat` layouts), through the in-memory entry
/// point `MovieLensLoader.parse(files:layout:lenientLimit:)`.
///
/// Input: one selector byte, then the layout's files separated by NUL bytes,
/// in the order `MovieLensLayout.files` lists them (required, then optional;
/// missing trailing files are absent). The selector's low two bits pick the
/// layout (0 csv, 1 ml100k, 2 ml1m, 3 ml10m; the ASCII digits '0'–'7' work)
/// and bit 2 lenient mode. A corpus file for the CSV layout is thus
/// `0` + movies.csv + NUL + ratings.csv [+ NUL + tags.csv [+ NUL + links.csv]].
///
/// A thrown `DataError` is a correct answer; a trap, a sanitizer report or
/// a parsed dataset whose ids do not fit its vocabularies is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let selector = data[0]
    let layout = [MovieLensLayout.csv, .ml100k, .ml1m, .ml10m][Int(selector & 3)]
    let lenient = selector & 4 != 0
    let parts = UnsafeBufferPointer(start: data + 1, count: size - 1).split(separator: 0, omittingEmptySubsequences: false)
    let (required, optional) = layout.files
    var files: [String: [UInt8]] = [:]
    for (name, part) in zip(required + optional, parts) { files[name] = Array(part) }
    guard let dataset = try? MovieLensLoader.parse(files: files, layout: layout, lenientLimit: lenient ? 3 : nil) else {
        return 0
    }
    check(dataset)
    return 0
}

/// The invariants every consumer of a `Dataset` relies on.
private func check(_ d: Dataset) {
    let r = d.ratings
    precondition(r.users.count == r.count && r.movies.count == r.count && r.timestamps.count == r.count, "ragged rating columns")
    precondition(d.titles.count == d.movieCount && d.genres.count == d.movieCount, "titles or genres not one per movie")
    for i in 0..<r.count {
        precondition(r.users[i] >= 0 && Int(r.users[i]) < d.userCount, "rating \(i): user \(r.users[i]) outside the vocabulary")
        precondition(r.movies[i] >= 0 && Int(r.movies[i]) < d.movieCount, "rating \(i): movie \(r.movies[i]) outside the vocabulary")
        precondition(d.ratingScale.contains(r.values[i]), "rating \(i): \(r.values[i]) outside \(d.ratingScale)")
    }
    let t = d.tags
    for i in 0..<t.count {
        precondition(t.users[i] >= 0 && Int(t.users[i]) < d.userCount, "tag \(i): user outside the vocabulary")
        precondition(t.movies[i] >= 0 && Int(t.movies[i]) < d.movieCount, "tag \(i): movie outside the vocabulary")
    }
    precondition(d.links.isEmpty || (d.links.imdb.count == d.movieCount && d.links.tmdb.count == d.movieCount), "links not one per movie")
}
