import Foundation

/// The file layouts MovieLens has shipped, detected from a folder's contents.
public enum MovieLensLayout: String, Sendable, Codable, CaseIterable {
    /// `ratings.csv`, `movies.csv` (+ optional `tags.csv`, `links.csv`): ml-latest(-small), ml-20m, ml-25m, ml-32m.
    case csv
    /// `u.data` (tab-separated) and `u.item` (`|`-separated, ISO-8859-1, 19 genre flags): ml-100k.
    case ml100k
    /// `ratings.dat` and `movies.dat` (`::`-separated), no tags, whole stars: ml-1m.
    case ml1m
    /// `ratings.dat`, `movies.dat`, `tags.dat` (`::`-separated), half stars: ml-10m.
    case ml10m

    /// The layout of `directory`, or a `.missingFile` error listing what was looked for.
    public static func detect(_ directory: URL) throws -> MovieLensLayout {
        let fm = FileManager.default
        func has(_ f: String) -> Bool { fm.fileExists(atPath: directory.appendingPathComponent(f).path) }
        if has("ratings.csv") || has("movies.csv") { return .csv }
        if has("u.data") || has("u.item") { return .ml100k }
        if has("ratings.dat") || has("movies.dat") {
            // ml-10m ships tags.dat and no users.dat; ml-1m ships users.dat.
            if has("tags.dat") || !has("users.dat") { return .ml10m }
            return .ml1m
        }
        var isDir: ObjCBool = false
        let exists = fm.fileExists(atPath: directory.path, isDirectory: &isDir) && isDir.boolValue
        throw DataError(exists
            ? "not a MovieLens folder: expected ratings.csv + movies.csv (CSV releases), u.data + u.item (ml-100k) or ratings.dat + movies.dat (ml-1m, ml-10m)"
            : "no such folder", file: directory.path, kind: .missingFile)
    }

    /// The rating scale of the layout.
    public var scale: RatingScale {
        switch self {
        case .csv, .ml10m: return .halfStars
        case .ml100k, .ml1m: return .wholeStars
        }
    }

    /// The files the loader reads (required first), relative to the folder.
    public var files: (required: [String], optional: [String]) {
        switch self {
        case .csv: return (["movies.csv", "ratings.csv"], ["tags.csv", "links.csv"])
        case .ml100k: return (["u.item", "u.data"], ["u.genre"])
        case .ml1m, .ml10m: return (["movies.dat", "ratings.dat"], ["tags.dat"])
        }
    }

    /// Existing source files of `directory` for this layout, in a fixed order.
    public func sourceFiles(in directory: URL) -> [URL] {
        let (req, opt) = files
        return (req + opt).map { directory.appendingPathComponent($0) }
            .filter { FileManager.default.fileExists(atPath: $0.path) }
    }
}
