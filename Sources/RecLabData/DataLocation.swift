import Foundation

/// Finds a MovieLens folder from a name or a path.
///
/// A value containing a `/` or naming an existing directory is a path;
/// otherwise it is a release name looked up under `RECLAB_DATA_DIR`
/// (default `./data`).
public enum DataLocation {
    public static let environmentKey = "RECLAB_DATA_DIR"

    /// The data root: `RECLAB_DATA_DIR`, or `./data`.
    public static func root(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        let dir = environment[environmentKey].flatMap { $0.isEmpty ? nil : $0 } ?? "data"
        return URL(fileURLWithPath: dir, isDirectory: true).standardizedFileURL
    }

    /// How a data file's location is written into results and reports:
    /// `$RECLAB_DATA_DIR/<path below the data root>` when `url` lies inside the
    /// folder that `RECLAB_DATA_DIR` names (compared with `.` / `..` and
    /// symbolic links resolved), so that a committed run names no
    /// machine-specific folder; otherwise the file's absolute path.
    public static func recordedPath(of url: URL,
                                    environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let absolute = url.standardizedFileURL.path
        guard let dir = environment[environmentKey], !dir.isEmpty else { return absolute }
        let root = URL(fileURLWithPath: dir, isDirectory: true).standardizedFileURL.resolvingSymlinksInPath().path
        let prefix = root.hasSuffix("/") ? root : root + "/"
        let path = url.standardizedFileURL.resolvingSymlinksInPath().path
        guard path.hasPrefix(prefix) else { return absolute }
        return "$\(environmentKey)/" + path.dropFirst(prefix.count)
    }

    public static func resolve(_ nameOrPath: String,
                               environment: [String: String] = ProcessInfo.processInfo.environment) throws -> URL {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if nameOrPath.contains("/") || (fm.fileExists(atPath: nameOrPath, isDirectory: &isDir) && isDir.boolValue) {
            let url = URL(fileURLWithPath: nameOrPath, isDirectory: true).standardizedFileURL
            guard fm.fileExists(atPath: url.path, isDirectory: &isDir), isDir.boolValue else {
                throw DataError("no MovieLens folder at '\(url.path)'")
            }
            return url
        }
        let url = root(environment: environment).appendingPathComponent(nameOrPath, isDirectory: true)
        guard fm.fileExists(atPath: url.path, isDirectory: &isDir), isDir.boolValue else {
            throw DataError("""
                dataset '\(nameOrPath)' not found at \(url.path). Set \(environmentKey) to the folder that \
                holds it, or run `reclab data fetch \(nameOrPath)` (downloads \
                https://files.grouplens.org/datasets/movielens/\(nameOrPath).zip)
                """)
        }
        return url
    }
}
