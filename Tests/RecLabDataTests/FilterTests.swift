import Foundation
import Testing
@testable import RecLabData

/// `DatasetFilter` against hand-worked cases and a brute-force reference
/// written independently in this file (dictionaries, repeated full scans).
@Suite struct FilterTests {
    /// Builds a dataset from (rawUser, rawMovie, rating, time) rows; movies 1…movieCount.
    static func dataset(_ rows: [(Int, Int, Float, Int32)], movieCount: Int, tags: [(Int, Int)] = []) -> Dataset {
        var users = Vocabulary()
        let movies = Vocabulary(1...movieCount)
        var r = Ratings()
        for (u, m, v, t) in rows { r.append(user: users.insert(u), movie: movies.inner(m)!, value: v, timestamp: t) }
        var tg = Tags()
        for (u, m) in tags { tg.append(user: users.insert(u), movie: movies.inner(m)!, text: "t", timestamp: 0) }
        return Dataset(name: "t", users: users, movies: movies, titles: (1...movieCount).map { "m\($0)" },
                       genres: Array(repeating: [], count: movieCount), ratings: r, tags: tg)
    }

    static func rawRows(_ ds: Dataset) -> [(Int, Int, Float, Int32)] {
        (0..<ds.ratings.count).map {
            (ds.users.raw(ds.ratings.users[$0]), ds.movies.raw(ds.ratings.movies[$0]), ds.ratings.values[$0], ds.ratings.timestamps[$0])
        }
    }

    @Test func duplicatesKeepTheLatestAndAreCounted() throws {
        let ds = Self.dataset([(1, 1, 3, 10), (1, 1, 4, 30), (1, 2, 5, 5), (1, 1, 2, 20), (2, 1, 1, 7), (2, 1, 2, 7)], movieCount: 2)
        let (out, report) = try DatasetFilter(dropDuplicates: true).apply(to: ds)
        let rows = Self.rawRows(out)
        #expect(rows.map(\.2) == [4, 5, 2])   // (1,1) keeps t=30; (2,1) tie keeps the later row
        #expect(report.steps.first { $0.name == "duplicates" }?.droppedRatings == 3)
        #expect(report.after.ratings == 3)
    }

    /// Users A (3 ratings), B (1 rating); movies 1 (A,B), 2 (A), 3 (A).
    /// One pass with min 2 per user and per movie: B goes (user < 2), movies 2
    /// and 3 go (1 rating each) — counted on the same input, so A keeps movie 1.
    /// The k-core goes on: A now has 1 rating < 2, then movie 1 has none: empty.
    @Test func onePassVersusIterativeCore() throws {
        let ds = Self.dataset([(10, 1, 4, 1), (10, 2, 4, 2), (10, 3, 4, 3), (20, 1, 4, 4)], movieCount: 3)
        let f = DatasetFilter(minUserRatings: 2, minMovieRatings: 2)
        let (once, r1) = try f.apply(to: ds)
        #expect(Self.rawRows(once).map { [$0.0, $0.1] } == [[10, 1]])
        #expect(r1.coreRounds == 1)
        #expect(r1.steps.first { $0.name == "min ratings per user" }?.droppedRatings == 1)
        #expect(r1.steps.first { $0.name == "min ratings per movie" }?.droppedRatings == 2)
        var core = f
        core.kCore = true
        let (full, r2) = try core.apply(to: ds)
        #expect(full.ratings.count == 0)
        #expect(r2.coreRounds == 3)
        #expect(full.users.count == 0)
        #expect(full.movies.count == 3)   // catalogue kept unless dropUnratedMovies
    }

    @Test func unratedMoviesGoWithTheirTagsAndLinks() throws {
        var ds = Self.dataset([(1, 1, 4, 1), (1, 3, 2, 2)], movieCount: 3, tags: [(5, 2), (1, 3)])
        ds.links = Links(imdb: [11, 22, 33], tmdb: [1, nil, 3])
        let (out, report) = try DatasetFilter(dropUnratedMovies: true).apply(to: ds)
        #expect(out.movies.rawIDs == [1, 3])
        #expect(out.titles == ["m1", "m3"])
        #expect(out.links.imdb == [11, 33])
        #expect(out.tags.count == 1)
        #expect(out.users.rawIDs == [1])   // user 5 only tagged the dropped movie
        #expect(Self.rawRows(out).map(\.1) == [1, 3])
        let step = report.steps.first { $0.name == "movies without ratings" }
        #expect(step?.droppedMovies == 1)
        #expect(step?.droppedTags == 1)
        #expect(report.steps.last?.name == "users without ratings or tags")
    }

    @Test func ratingRangeAndValidation() throws {
        let ds = Self.dataset([(1, 1, 0.5, 1), (1, 2, 3, 2), (2, 1, 5, 3)], movieCount: 2)
        let (out, report) = try DatasetFilter(minRating: 1, maxRating: 4.5).apply(to: ds)
        #expect(out.ratings.values == [3])
        #expect(report.steps[0].droppedRatings == 2)
        #expect(throws: DataError.self) { try DatasetFilter(minUserRatings: -1).apply(to: ds) }
        #expect(throws: DataError.self) { try DatasetFilter(minRating: 4, maxRating: 2).apply(to: ds) }
    }

    @Test func decodesFromJSONWithDefaultsAndRejectsUnknownKeys() throws {
        let f = try JSONDecoder().decode(DatasetFilter.self, from: Data(#"{"minUserRatings": 5, "kCore": true}"#.utf8))
        #expect(f == DatasetFilter(minUserRatings: 5, kCore: true))
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(DatasetFilter.self, from: Data(#"{"minUserRating": 5}"#.utf8))
        }
    }

    /// Random data against a brute-force reference of dedupe + k-core.
    @Test(arguments: [1, 2, 3, 4, 5])
    func matchesBruteForceReference(seed: UInt64) throws {
        var rng = SplitMixForTests(seed: seed)
        var rows: [(Int, Int, Float, Int32)] = []
        for _ in 0..<3000 {
            let u = Int(rng.next() % 120), m = Int(rng.next() % 80) + 1
            rows.append((u, m, Float(rng.next() % 10 + 1) / 2, Int32(rng.next() % 50)))
        }
        let ds = Self.dataset(rows, movieCount: 80)
        let (out, _) = try DatasetFilter(dropDuplicates: true, minUserRatings: 20, minMovieRatings: 25, kCore: true).apply(to: ds)

        // Reference: dictionary dedupe (latest, later row on ties), then repeat full scans.
        var latest: [String: (Int, (Int, Int, Float, Int32))] = [:]
        for (i, r) in rows.enumerated() {
            let key = "\(r.0):\(r.1)"
            if let (_, old) = latest[key], old.3 > r.3 { continue }
            latest[key] = (i, r)
        }
        var ref = latest.values.sorted { $0.0 < $1.0 }.map(\.1)
        while true {
            var uc: [Int: Int] = [:], mc: [Int: Int] = [:]
            for r in ref { uc[r.0, default: 0] += 1; mc[r.1, default: 0] += 1 }
            let next = ref.filter { uc[$0.0]! >= 20 && mc[$0.1]! >= 25 }
            if next.count == ref.count { break }
            ref = next
        }
        let got = Self.rawRows(out)
        #expect(got.count == ref.count)
        #expect(zip(got, ref).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 && $0.2 == $1.2 && $0.3 == $1.3 })
        #expect(out.users.count == Set(ref.map(\.0)).count)
    }
}
