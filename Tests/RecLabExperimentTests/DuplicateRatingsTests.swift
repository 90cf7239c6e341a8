import Foundation
import RecLabData
import Testing
@testable import RecLabExperiment

@Suite("Duplicate ratings")
struct DuplicateRatingsTests {
    @Test("Repeated (user, movie) pairs are counted once per repeat, wherever they occur")
    func counted() {
        // Pairs by hand: (1,10) three times, (2,10) twice, (1,11) once, (2,11) once → 2 + 1 = 3 repeats.
        let users: [Int32] = [1, 2, 1, 1, 2, 2, 1]
        let movies: [Int32] = [10, 10, 11, 10, 11, 10, 10]
        let r = Ratings(users: users, movies: movies, values: Array(repeating: 4, count: 7), timestamps: Array(repeating: 0, count: 7))
        #expect(PreparedData.duplicates(r) == 3)
        let none = Ratings(users: [0, 0, 1], movies: [0, 1, 0], values: [1, 2, 3], timestamps: [0, 0, 0])
        #expect(PreparedData.duplicates(none) == 0)
    }
}
