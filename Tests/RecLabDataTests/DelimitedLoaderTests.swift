import Foundation
import Testing
@testable import RecLabData

/// Any delimited ratings file (`DelimitedLoader`): column mappings by name
/// and by position, text ids, item metadata, errors at file:line:column, the
/// cache keyed by the format, and `RatingsWriter` reading back to the same rows.
@Suite struct DelimitedLoaderTests {
    static let tsv = """
        ts\tuser\titem\trating\tnote
        100\talice\tm-1\t4.5\tx
        101\tbob\tm-2\t3\t
        102\talice\tm-2\t2.5\ty
        103\tcarol\tm-3\t5\tz

        """

    static let tsvFormat = DelimitedFormat(delimiter: "\t", header: true, user: .name("user"), item: .name("item"),
                                           rating: .name("rating"), timestamp: .name("ts"),
                                           scale: RatingScale(lower: 0.5, upper: 5, step: 0.5))

    static let headerless = """
        7,30,4
        8,10,1.5
        7,10,3

        """

    static let headerlessFormat = DelimitedFormat(delimiter: ",", header: false, scale: RatingScale(lower: 1, upper: 5, step: 0))

    func load(_ f: TempFolder, _ name: String, _ format: DelimitedFormat, items: (String, ItemsFileFormat)? = nil,
              options: LoadOptions = LoadOptions(cache: .disabled)) throws -> DelimitedLoadOutcome {
        try DelimitedLoader.load(DelimitedSource(ratings: f.url.appendingPathComponent(name), format: format,
                                                 items: items.map { f.url.appendingPathComponent($0.0) }, itemsFormat: items?.1),
                                 options: options)
    }

    @Test func aTSVWithItsOwnColumnNamesAndTextIDs() throws {
        let f = TempFolder()
        try f.write("ratings.tsv", Self.tsv)
        let ds = try load(f, "ratings.tsv", Self.tsvFormat).dataset
        #expect(ds.name == "ratings")
        #expect(ds.userLabels == ["alice", "bob", "carol"])
        #expect(ds.movieLabels == ["m-1", "m-2", "m-3"])
        #expect(ds.users.rawIDs == [0, 1, 2])
        #expect(ds.ratings.users == [0, 1, 0, 2])
        #expect(ds.ratings.movies == [0, 1, 1, 2])
        #expect(ds.ratings.values == [4.5, 3, 2.5, 5])
        #expect(ds.ratings.timestamps == [100, 101, 102, 103])
        #expect(ds.ratingScale == 0.5...5)
        // Without an items file, an item's title is its id and it has no content text.
        #expect(ds.titles == ["m-1", "m-2", "m-3"])
        #expect(ds.genres == [[], [], []])
        #expect(ds.userID(2) == "carol" && ds.movieID(1) == "m-2")
    }

    @Test func aHeaderlessCSVByPositionKeepsIntegerIDs() throws {
        let f = TempFolder()
        try f.write("r.csv", Self.headerless)
        let ds = try load(f, "r.csv", Self.headerlessFormat).dataset
        #expect(ds.userLabels.isEmpty && ds.movieLabels.isEmpty)
        #expect(ds.users.rawIDs == [7, 8])
        #expect(ds.movies.rawIDs == [30, 10])
        #expect(ds.ratings.values == [4, 1.5, 3])
        #expect(ds.ratings.timestamps == [0, 0, 0])
        #expect(ds.userID(0) == "7")
    }

    @Test func idsThatAreNotPlainIntegersStayText() throws {
        let f = TempFolder()
        // "007" and "7" are different ids; the integers would merge them.
        try f.write("r.csv", "7,1,3\n007,1,4\n")
        let ds = try load(f, "r.csv", Self.headerlessFormat).dataset
        #expect(ds.userLabels == ["7", "007"])
        #expect(ds.movieLabels.isEmpty && ds.movies.rawIDs == [1])
    }

    @Test func itemsFileGivesTitlesAndText() throws {
        let f = TempFolder()
        try f.write("ratings.tsv", Self.tsv)
        try f.write("items.csv", """
            id,name,genres,tags
            m-2,"Second, The",Drama|War,sad
            m-1,First,Comedy,
            m-9,Unrated,Horror,scary

            """)
        let items = ItemsFileFormat(delimiter: ",", header: true, item: .name("id"), title: .name("name"),
                                    text: [.name("genres"), .name("tags")])
        let ds = try load(f, "ratings.tsv", Self.tsvFormat, items: ("items.csv", items)).dataset
        #expect(ds.movieLabels == ["m-1", "m-2", "m-3", "m-9"])
        #expect(ds.titles == ["First", "Second, The", "m-3", "Unrated"])
        #expect(ds.genres == [["Comedy"], ["Drama|War", "sad"], [], ["Horror", "scary"]])
    }

    /// Each bad input and the place its error names.
    @Test(arguments: [
        // A mapped column that the header lacks: line 1, that column.
        ("ratings.tsv", "user\titem\tscore\n1\t2\t3\n", "rating", 1, "rating", DataError.Kind.header),
        // A rating that is not a number, and one off the scale.
        ("ratings.tsv", "user\titem\trating\n1\t2\t3\n1\t3\tgood\n", "rating", 3, "rating", .invalidValue),
        ("ratings.tsv", "user\titem\trating\n1\t2\t3\n1\t3\t9\n", "rating", 3, "rating", .invalidValue),
        // A row with another number of fields than the header.
        ("ratings.tsv", "user\titem\trating\n1\t2\t3\n1\t3\n", "rating", 3, nil, .raggedRow),
    ] as [(String, String, String, Int, String?, DataError.Kind)])
    func badRowsInATSV(name: String, text: String, ratingColumn: String, line: Int, column: String?, kind: DataError.Kind) throws {
        let f = TempFolder()
        try f.write(name, text)
        let format = DelimitedFormat(delimiter: "\t", header: true, user: .name("user"), item: .name("item"),
                                     rating: .name(ratingColumn), scale: RatingScale(lower: 1, upper: 5, step: 0))
        let e = try #require(throws: DataError.self) { try load(f, name, format) }
        #expect(e.file == f.path(name))
        #expect(e.line == line)
        #expect(e.column == column)
        #expect(e.kind == kind)
    }

    @Test(arguments: [
        // Too few fields for position 2, a non-numeric rating, a bad timestamp, an unterminated quote.
        ("1,2,3,4\n5,6\n", 2, nil, DataError.Kind.raggedRow),
        ("1,2,3,4\n5,6,x,7\n", 2, "column 2", .invalidValue),
        ("1,2,3,4\n\n5,6,3,soon\n", 3, "column 3", .invalidValue),
        ("1,2,3,4\n\"5,6,3,4\n", 2, "field 1", .raggedRow),
    ] as [(String, Int, String?, DataError.Kind)])
    func badRowsInAHeaderlessCSV(text: String, line: Int, column: String?, kind: DataError.Kind) throws {
        let f = TempFolder()
        try f.write("r.csv", text)
        var format = Self.headerlessFormat
        format.timestamp = .position(3)
        let e = try #require(throws: DataError.self) { try load(f, "r.csv", format) }
        #expect(e.file == f.path("r.csv"))
        #expect(e.line == line)
        #expect(e.column == column)
        #expect(e.kind == kind)
    }

    @Test func lenientSkipsAndCountsBadRows() throws {
        let f = TempFolder()
        try f.write("r.csv", "1,2,3\n1,3,x\n2,2,4\n")
        let out = try load(f, "r.csv", Self.headerlessFormat, options: LoadOptions(strictness: .lenient, cache: .disabled))
        #expect(out.dataset.ratings.count == 2)
        #expect(out.skippedRows == 1 && out.firstProblems.first?.line == 2)
    }

    @Test func theCacheServesGenericFilesAndADifferentMappingGetsItsOwn() throws {
        let f = TempFolder()
        try f.write("ratings.tsv", Self.tsv)
        let options = LoadOptions(cache: .automatic, cacheDirectory: f.url.appendingPathComponent("cache"))
        let first = try load(f, "ratings.tsv", Self.tsvFormat, options: options)
        guard case .written(let url) = first.cache else { Issue.record("no cache written: \(first.cache)"); return }
        let second = try load(f, "ratings.tsv", Self.tsvFormat, options: options)
        #expect(second.cache == .hit(url))
        #expect(second.dataset == first.dataset)
        // The same file with user and item swapped: its own cache, never the other's.
        var swapped = Self.tsvFormat
        swapped.user = .name("item")
        swapped.item = .name("user")
        let third = try load(f, "ratings.tsv", swapped, options: options)
        guard case .written(let other) = third.cache else { Issue.record("expected a fresh parse: \(third.cache)"); return }
        #expect(other != url)
        #expect(third.dataset.userLabels == ["m-1", "m-2", "m-3"])
        // A changed file is not served from the cache.
        try f.write("ratings.tsv", Self.tsv.replacingOccurrences(of: "4.5", with: "1.5"))
        let fourth = try load(f, "ratings.tsv", Self.tsvFormat, options: options)
        #expect(fourth.cacheRejection != nil)
        #expect(fourth.dataset.ratings.values[0] == 1.5)
    }

    @Test(arguments: [tsvFormat, headerlessFormat])
    func writtenRowsReadBackTheSame(format: DelimitedFormat) throws {
        let f = TempFolder()
        try f.write("in", format.header ? Self.tsv : Self.headerless)
        let ds = try load(f, "in", format).dataset
        let rows = [2, 0]
        try RatingsWriter.write(rows, of: ds, format: format, to: f.url.appendingPathComponent("out"))
        let back = try DelimitedLoader.ratings(of: f.url.appendingPathComponent("out"), format: format, in: ds)
        #expect(back == ds.ratings.subset(rows))
    }

    @Test func splitRowsMustNameTheDatasetsIDs() throws {
        let f = TempFolder()
        try f.write("ratings.tsv", Self.tsv)
        let ds = try load(f, "ratings.tsv", Self.tsvFormat).dataset
        try f.write("test.tsv", "ts\tuser\titem\trating\n5\tbob\tm-1\t4\n6\tdave\tm-1\t4\n")
        let e = try #require(throws: DataError.self) {
            try DelimitedLoader.ratings(of: f.url.appendingPathComponent("test.tsv"), format: Self.tsvFormat, in: ds)
        }
        #expect(e.line == 3 && e.column == "user" && e.kind == .unknownReference)
    }
}
