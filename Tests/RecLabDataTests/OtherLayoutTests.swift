import Foundation
import Testing
@testable import RecLabData

/// ml-100k, ml-1m and ml-10m layouts from fixtures in their own formats.
@Suite struct OtherLayoutTests {
    /// `u.item` flags for: Action (1), Comedy (5), Drama (8).
    static func flags(_ on: Set<Int>) -> String { (0..<19).map { on.contains($0) ? "1" : "0" }.joined(separator: "|") }

    @Test func ml100kFromFixture() throws {
        let f = TempFolder()
        var item: [UInt8] = Array("1|Toy Story (1995)|01-Jan-1995||http://us.imdb.com/M/title-exact?Toy%20Story%20(1995)|\(Self.flags([3, 4, 5]))\n".utf8)
        item += Array("2|Caf".utf8) + [0xE9] + Array(" Society (1995)|01-Jan-1995||http://x|\(Self.flags([8]))\n".utf8)  // Latin-1 é
        try f.write("u.item", item)
        try f.write("u.data", "196\t2\t3\t881250949\n186\t1\t5\t891717742\n196\t1\t1\t881251000\n")
        try f.write("u.user", "1|24|M|technician|85711\n")  // ignored
        #expect(try MovieLensLayout.detect(f.url) == .ml100k)
        let ds = try f.load()
        #expect(ds.titles == ["Toy Story (1995)", "Café Society (1995)"])
        #expect(ds.genres == [["Animation", "Children's", "Comedy"], ["Drama"]])
        #expect(ds.users.rawIDs == [196, 186])
        #expect(ds.ratings.movies == [1, 0, 0])
        #expect(ds.ratings.values == [3, 5, 1])
        #expect(ds.ratingScale == 1...5)
    }

    @Test func ml100kRejectsHalfStars() throws {
        let f = TempFolder()
        try f.write("u.item", "1|A (1995)|||x|\(Self.flags([1]))\n")
        try f.write("u.data", "1\t1\t3.5\t881250949\n")
        let e = #expect(throws: DataError.self) { try f.load() }
        #expect(e?.column == "rating")
        #expect(e?.line == 1)
        #expect(e?.message.contains("whole stars") == true)
    }

    @Test func ml100kWrongFlagCountIsRagged() throws {
        let f = TempFolder()
        try f.write("u.item", "1|A (1995)|||x|0|1\n")
        try f.write("u.data", "1\t1\t3\t881250949\n")
        let e = #expect(throws: DataError.self) { try f.load() }
        #expect(e?.kind == .raggedRow)
        #expect(e?.file == f.path("u.item"))
    }

    @Test func ml1mFromFixture() throws {
        let f = TempFolder()
        try f.write("movies.dat", "1::Toy Story (1995)::Animation|Children's|Comedy\n2::Jumanji (1995)::Adventure|Children's|Fantasy\n")
        try f.write("ratings.dat", "1::2::5::978300760\n1::1::3::978302109\n6040::1::4::956704887\n")
        try f.write("users.dat", "1::F::1::10::48067\n")
        #expect(try MovieLensLayout.detect(f.url) == .ml1m)
        let ds = try f.load()
        #expect(ds.users.rawIDs == [1, 6040])
        #expect(ds.ratings.movies == [1, 0, 0])
        #expect(ds.genres[1] == ["Adventure", "Children's", "Fantasy"])
        #expect(ds.ratingScale == 1...5)
        try f.write("ratings.dat", "1::2::5::978300760\n1::1::3::978302109::9\n")
        let e = #expect(throws: DataError.self) { try f.load() }
        #expect(e?.kind == .raggedRow)
        #expect(e?.line == 2)
    }

    @Test func ml10mWithTagsAndHalfStars() throws {
        let f = TempFolder()
        try f.write("movies.dat", "1::Toy Story (1995)::Adventure|Animation\n5::Star Wars: Episode IV (1977)::Sci-Fi\n")
        try f.write("ratings.dat", "1::5::4.5::838985046\n2::1::0.5::838983525\n")
        try f.write("tags.dat", "15::5::excellent!::1215184630\n1::1::pixar::1139045764\n")
        #expect(try MovieLensLayout.detect(f.url) == .ml10m)
        let ds = try f.load()
        #expect(ds.titles[1] == "Star Wars: Episode IV (1977)")
        #expect(ds.ratings.values == [4.5, 0.5])
        #expect(ds.tags.texts == ["excellent!", "pixar"])
        #expect(ds.users.rawIDs == [1, 2, 15])
        #expect(ds.ratingScale == 0.5...5)
    }
}
