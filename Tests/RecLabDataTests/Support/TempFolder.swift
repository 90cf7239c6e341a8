import Foundation
import RecLabData

/// A fresh temporary folder for fixture files the tests write themselves;
/// removed when the value is released.
final class TempFolder: @unchecked Sendable {
    let url: URL

    init(_ label: String = "reclab-data") {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(label)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    private var owned = true

    /// A folder at a given place (not removed on release; its parent owns it).
    init(at url: URL) {
        self.url = url
        owned = false
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { if owned { try? FileManager.default.removeItem(at: url) } }

    func write(_ name: String, _ text: String) throws {
        try write(name, Array(text.utf8))
    }

    func write(_ name: String, _ bytes: [UInt8]) throws {
        let u = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: u.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: u)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Loads without touching any cache unless asked.
    func load(_ options: LoadOptions = LoadOptions(cache: .disabled)) throws -> Dataset {
        try MovieLensLoader.load(url, options: options)
    }
}

/// A small valid CSV release used as the base of many tests.
enum Fixture {
    static let movies = """
        movieId,title,genres
        1,Toy Story (1995),Adventure|Animation|Children|Comedy|Fantasy
        2,"American President, The (1995)",Comedy|Drama|Romance
        5,"Movie with ""quotes"" (2001)",Drama
        7,Untitled (2010),(no genres listed)

        """
    static let ratings = """
        userId,movieId,rating,timestamp
        3,1,4.0,964982703
        3,2,0.5,964981247
        1,5,5,964982224
        1,1,3.5,964983815

        """
    static let tags = """
        userId,movieId,tag,timestamp
        9,2,"funny, sad",1445714994
        3,1,pixar,1445714996

        """
    static let links = """
        movieId,imdbId,tmdbId
        1,0114709,862
        2,0112346,
        5,0113041,11862
        7,0114576,9091

        """

    static func csvRelease(in folder: TempFolder, ratings: String = Fixture.ratings, movies: String = Fixture.movies,
                           tags: String? = Fixture.tags, links: String? = Fixture.links) throws {
        try folder.write("movies.csv", movies)
        try folder.write("ratings.csv", ratings)
        if let tags { try folder.write("tags.csv", tags) }
        if let links { try folder.write("links.csv", links) }
    }
}
