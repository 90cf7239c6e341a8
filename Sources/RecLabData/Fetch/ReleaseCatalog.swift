import Foundation

/// The MovieLens releases `reclab data fetch` knows, with the MD5 checksums
/// GroupLens publishes beside each zip (`NAME.zip.md5`).
///
/// `ml-latest-small` and `ml-latest` are development releases that change
/// over time: GroupLens publishes no fixed checksum, so they are checked
/// against the counts their own `README.txt` states instead, and the MD5 seen
/// is reported for the record. `ml-32m` has no checksum recorded here yet,
/// so it is handled the same way.
public enum ReleaseCatalog {
    public static let baseURL = URL(string: "https://files.grouplens.org/datasets/movielens/")!

    public static let checksums: [String: String?] = [
        "ml-100k": "0e33842e24a9c977be4e0107933c0723",
        "ml-1m": "c4d9eecfca2ab87c1945afe126590906",
        "ml-10m": "ce571fd55effeba0271552578f2648bd",
        "ml-20m": "cd245b17a1ae2cc31bb14903e1204af3",
        "ml-25m": "6b51fb2759a8657d3bfcbfc42b592ada",
        "ml-32m": nil,
        "ml-latest-small": nil,
        "ml-latest": nil,
    ]

    public static var names: [String] { checksums.keys.sorted() }

    /// The published MD5 of `name`'s zip; nil when none is fixed. Unknown names are an error.
    public static func expectedMD5(_ name: String) throws -> String? {
        guard let entry = checksums[name] else {
            throw DataError("unknown MovieLens release '\(name)' (known: \(names.joined(separator: ", ")))",
                            kind: .configuration)
        }
        return entry
    }

    public static func url(_ name: String, base: URL = baseURL) -> URL {
        base.appendingPathComponent("\(name).zip")
    }
}
