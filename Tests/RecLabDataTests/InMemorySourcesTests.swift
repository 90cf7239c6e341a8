import Foundation
import Testing
import RecLabData

/// `MovieLensLoader.parse(files:layout:lenientLimit:)`, the in-memory entry
/// point of the fuzz target Fuzz/FuzzRatings: the same parser as loading a
/// folder, so the same dataset and the same errors.
@Suite struct InMemorySourcesTests {
    static let files: [String: [UInt8]] = [
        "movies.csv": Array(Fixture.movies.utf8), "ratings.csv": Array(Fixture.ratings.utf8),
        "tags.csv": Array(Fixture.tags.utf8), "links.csv": Array(Fixture.links.utf8),
    ]

    @Test func sameDatasetAsTheFolder() throws {
        let f = TempFolder()
        try Fixture.csvRelease(in: f)
        var fromDisk = try f.load()
        let inMemory = try MovieLensLoader.parse(files: Self.files, layout: .csv)
        fromDisk.name = inMemory.name
        #expect(inMemory == fromDisk)
        #expect(inMemory.tags.count == 2 && !inMemory.links.isEmpty)
    }

    @Test func missingRequiredFileAndBadRowsAreErrors() throws {
        var files = Self.files
        files["ratings.csv"] = nil
        let missing = #expect(throws: DataError.self) { try MovieLensLoader.parse(files: files, layout: .csv) }
        #expect(missing?.kind == .missingFile)

        files["ratings.csv"] = Array((Fixture.ratings + "1,2,9.5,1\n").utf8)
        let strict = #expect(throws: DataError.self) { try MovieLensLoader.parse(files: files, layout: .csv) }
        #expect(strict?.kind == .invalidValue && strict?.file == "/<memory>/ratings.csv")
        let lenient = try MovieLensLoader.parse(files: files, layout: .csv, lenientLimit: 3)
        #expect(lenient.ratings.count == 4)
    }

    @Test func emptyFilesAreErrorsNotCrashes() {
        let empty: [String: [UInt8]] = ["movies.csv": [], "ratings.csv": []]
        #expect(throws: DataError.self) { try MovieLensLoader.parse(files: empty, layout: .csv) }
    }
}
