import Foundation

/// The one folder for RecLab's caches (parsed-data caches, the trial cache):
/// `$RECLAB_CACHE_DIR` when set, else `$XDG_CACHE_HOME/reclab`, else
/// `~/.cache/reclab` (the XDG base-directory default).
///
/// Caches live in the user's cache folder rather than beside the data or the
/// results, because data folders may be read-only or shared and results
/// folders are per experiment, while a cached value (keyed by content) is
/// valid for every run of the same user. Deleting the folder is always safe:
/// everything in it is recomputed on demand.
public enum CacheDirectory {
    /// The root folder, or nil when neither variable nor `HOME` is set.
    public static func root(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        if let dir = environment["RECLAB_CACHE_DIR"], !dir.isEmpty {
            return URL(fileURLWithPath: dir, isDirectory: true)
        }
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty {
            return URL(fileURLWithPath: xdg, isDirectory: true).appendingPathComponent("reclab", isDirectory: true)
        }
        if let home = environment["HOME"], !home.isEmpty {
            return URL(fileURLWithPath: home, isDirectory: true).appendingPathComponent(".cache/reclab", isDirectory: true)
        }
        return nil
    }

    /// A named subfolder of the root (`trials`, `datasets`), or nil when there is no root.
    public static func subfolder(_ name: String,
                                 environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        root(environment: environment)?.appendingPathComponent(name, isDirectory: true)
    }
}
