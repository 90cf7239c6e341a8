// Load time of a saved model the size of an ML-20M SVD, against reading the
// same file's bytes alone (the I/O floor every loader pays).
//
//   swift run -c release ServerBench [users] [movies] [factors] [trainRatings] [repeats] [dir]
//
// Defaults are ML-20M's: 138,493 users, 26,744 movies, 100 factors, 75 % of
// 20,000,263 ratings in the training split (the catalog of rated movies the
// server needs for recommendations is saved in the same file). The model is
// an SVD fitted for 0 epochs (its factors are the N(0, 0.1) initialisation):
// the file has the same size and sections as a trained one.
import Foundation
import RecLabCore
import RecLabData
import RecLabModels

let args = CommandLine.arguments.dropFirst().map { $0 }
func arg(_ i: Int, _ d: Int) -> Int { i < args.count ? Int(args[i]) ?? d : d }
let users = arg(0, 138_493), movies = arg(1, 26_744), factors = arg(2, 100), ratings = arg(3, 15_000_197), repeats = arg(4, 5)
// Scratch folder for the model file: the sixth argument, else `.bench-out` in the working directory (git-ignored).
let dir = URL(fileURLWithPath: args.count > 5 ? args[5] : ".bench-out", isDirectory: true)

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let t0 = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
}

print("building a training set: \(users) users × \(movies) movies, \(ratings) ratings")
var rng = Xoshiro256StarStar(seed: 1)
var r = Ratings()
r.reserveCapacity(ratings)
let perUser = max(1, ratings / users)
var made = 0
for u in 0..<users where made < ratings {
    var m = Int(rng.next() % UInt64(movies))
    for _ in 0..<min(perUser + (u < ratings % users ? 1 : 0), ratings - made) {
        m = (m + 1 + Int(rng.next() % 7)) % movies
        r.append(user: Int32(u), movie: Int32(m), value: Float(1 + rng.next() % 9) / 2, timestamp: 0)
        made += 1
    }
}
let dataset = Dataset(name: "synthetic-ml20m", users: Vocabulary(0..<users), movies: Vocabulary(0..<movies),
                      titles: (0..<movies).map { "Synthetic movie \($0) (2000)" }, genres: Array(repeating: [], count: movies),
                      ratings: r)
let train = TrainingSet(dataset: dataset)
let fitted = try SVD(nFactors: factors, nEpochs: 0).fit(train, seed: 7)
let header = ModelFileHeader(name: "svd", kind: "svd", reclabVersion: "bench", experimentName: "bench", experimentHash: "",
                             dataChecksum: "", trainedOn: "synthetic", createdAt: "")
try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
let url = dir.appendingPathComponent("bench-ml20m-svd.rlmodel")
let write = try seconds { try SavedModel.save(fitted, catalog: ServingCatalog(dataset: dataset, train: train), header: header, to: url) }
let bytes = (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue ?? 0
print(String(format: "file: %.1f MB, written in %.2f s", Double(bytes) / 1e6, write))

var loads: [Double] = [], reads: [Double] = []
for _ in 0..<repeats {
    // Interleaved, so both see the same page-cache and host load.
    reads.append(try seconds { _ = try Data(contentsOf: url) })
    var loaded: SavedModel?
    loads.append(try seconds { loaded = try SavedModel.load(url) })
    guard case .rating(let m as FittedSVD, _)? = loaded?.content, m.p == fitted.p, m.q == fitted.q else {
        print("error: the loaded model differs from the saved one"); exit(1)
    }
}
let bestLoad = loads.min() ?? 0, bestRead = reads.min() ?? 0
let median = loads.sorted()[loads.count / 2]
print(String(format: "load (read + checksum + decode + checks): best %.3f s, median %.3f s over %d; raw read of the bytes: best %.3f s; load / read = %.1f×",
             bestLoad, median, repeats, bestRead, bestLoad / max(bestRead, 1e-9)))
try? FileManager.default.removeItem(at: url)
