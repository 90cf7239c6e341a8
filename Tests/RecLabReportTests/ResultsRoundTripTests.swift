import Foundation
import RecLabResults
import Testing
import _TestSupport

@Suite("RecLabResults")
struct ResultsRoundTripTests {
    @Test("RunResult survives write + load through the results layout, trial files merged")
    func roundTrip() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reclab-rt-\(UInt64.random(in: 0...UInt64.max))")
        defer { try? FileManager.default.removeItem(at: dir) }
        let layout = ResultsLayout(directory: dir)
        var run = FixtureRun.make()
        let extra = run.trials.removeLast()
        try layout.write(run)
        try layout.write(extra)
        let loaded = try layout.load()
        #expect(loaded.trials.count == run.trials.count + 1)
        #expect(loaded.trials.last == extra)
        // The largest seed survives JSON exactly.
        #expect(loaded.experiment.seed == run.experiment.seed)
        #expect(loaded.trials.first?.replicate.splitSeed == UInt64.max - 5)
        run.trials.append(extra)
        #expect(loaded == run)
    }

    @Test("JSON has sorted keys and a schema version")
    func sortedKeys() throws {
        let data = try ResultsLayout.encoder().encode(FixtureRun.make())
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"schemaVersion\" : 1"))
        let top = text.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map { $0.split(separator: "\"")[1] }
        #expect(top == top.sorted())
    }

    @Test("A newer schema version is refused with the file's path")
    func newerSchema() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reclab-sv-\(UInt64.random(in: 0...UInt64.max))")
        defer { try? FileManager.default.removeItem(at: dir) }
        let layout = ResultsLayout(directory: dir)
        var run = FixtureRun.make()
        run.schemaVersion = 99
        try layout.write(run)
        #expect(throws: ResultsError.self) { try layout.load() }
    }

    @Test("Count distribution: NumPy-linear quantiles and power-of-two bins")
    func countDistribution() {
        // numpy.percentile([1,2,3,4,10], [25,50,75,90]) = [2, 3, 4, 7.6]
        let d = CountDistribution(counts: [10, 1, 3, 2, 4])
        #expect(d.p25 == 2 && d.median == 3 && d.p75 == 4)
        #expect(isApprox(d.p90, 7.6, abs: 1e-12))
        #expect(d.bins.map(\.lower) == [1, 2, 4, 8])
        #expect(d.bins.map(\.count) == [1, 2, 1, 1])
        #expect(d.mean == 4)
    }

    @Test("Integral doubles decode as ints; values keep their text")
    func resultValue() throws {
        let data = try JSONEncoder().encode(["a": ResultValue.double(0.005), "b": .int(100), "c": .bool(true), "d": .string("x")])
        let back = try JSONDecoder().decode([String: ResultValue].self, from: data)
        #expect(back["a"] == .double(0.005))
        #expect(back["b"] == .int(100))
        #expect(back["c"] == .bool(true))
        #expect(back["d"] == .string("x"))
    }
}
