import Foundation

extension MovieLensLoader {
    /// Parses source files held in memory, `files` mapping each file name of
    /// `layout.files` to its bytes (an absent optional file is left out): the
    /// same parser as `load`, with no folder, no layout detection and no
    /// cache. Lenient when `lenientLimit` is set, strict otherwise. Errors
    /// name the files as `<memory>/<name>`. The fuzz targets call this.
    package static func parse(files: [String: [UInt8]], layout: MovieLensLayout,
                              lenientLimit: Int? = nil) throws -> Dataset {
        var parser = SourceParser(directory: URL(fileURLWithPath: "/<memory>"), layout: layout,
                                  lenientLimit: lenientLimit.map { max(0, $0) }, memory: files)
        return try parser.parse()
    }
}
