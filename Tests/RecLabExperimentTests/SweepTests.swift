import Foundation
import Testing
@testable import RecLabExperiment
import RecLabCore
import RecLabModels
import _TestSupport

@Suite struct SweepTests {
    let expander = SweepExpander(catalog: TestCatalog())

    @Test func gridIsTheCartesianProductTimesSeeds() throws {
        let spec = try ExperimentSpec.parse("""
            reclab: 1
            models: [svd]
            sweep:
              seeds: [0, 1, 2]
              models:
                svd:
                  grid:
                    n_factors: [50, 100]
                    lr_all: [0.002, 0.005, 0.01]
            """, file: "g.yaml")
        let trials = expander.trials(for: spec, dataFingerprint: "fp")
        #expect(trials.count == 2 * 3 * 3)
        #expect(Set(trials.map(\.key)).count == 18)
        // Row-major: the last axis varies fastest; repetitions innermost.
        #expect(trials[0].parameters["n_factors"] == .int(50) && trials[0].parameters["lr_all"] == .double(0.002))
        #expect(trials[3].parameters["lr_all"] == .double(0.005))
        #expect(trials.prefix(3).map(\.splitSeed) == [0, 1, 2])
        // Defaults are filled in every trial.
        #expect(trials.allSatisfy { $0.parameters["reg_all"] == .double(0.02) })
        // Every configuration on a split shares the fit seed (paired comparisons).
        #expect(Set(trials.filter { $0.splitSeed == 1 }.map(\.fitSeed)).count == 1)
        #expect(trials[1].fitSeed == SplitMix64.derive(1, "fit/fold:-1"))
    }

    @Test func kfoldRepeatsOverEveryFold() throws {
        let spec = try ExperimentSpec.parse("reclab: 1\nmodels: [svd, baseline]\nsplit: {kind: kfold, folds: 5}\n", file: "k.yaml")
        let trials = expander.trials(for: spec, dataFingerprint: "fp")
        #expect(trials.count == 10)
        #expect(trials.prefix(5).map(\.fold) == [0, 1, 2, 3, 4])
    }

    static let randomYAML = """
        reclab: 1
        models: [svd]
        sweep:
          models:
            svd:
              random:
                samples: 400
                params:
                  lr_all: {loguniform: [0.001, 0.1]}
                  n_factors: {int: [10, 20]}
                  reg_all: {uniform: [0.01, 0.05]}
                  biased: {choice: [true, false]}
        """

    @Test func randomSearchIsSeededAndInRange() throws {
        let spec = try ExperimentSpec.parse(Self.randomYAML, file: "r.yaml")
        let a = expander.trials(for: spec, dataFingerprint: "fp")
        let b = expander.trials(for: spec, dataFingerprint: "fp")
        #expect(a == b)
        #expect(a.count == 400)
        let lrs = a.compactMap { $0.parameters["lr_all"]?.doubleValue }
        #expect(lrs.allSatisfy { $0 >= 0.001 && $0 <= 0.1 })
        // Log-uniform: about half the draws fall below the geometric midpoint 0.01 (binomial sd = 10 of 400; 5 sd band).
        let below = lrs.filter { $0 < 0.01 }.count
        #expect(isApprox(Double(below), 200, abs: 50))
        let factors = a.compactMap { if case .int(let v) = $0.parameters["n_factors"] { return v } else { return nil } }
        #expect(factors.count == 400 && Set(factors) == Set(10...20))
        #expect(a.allSatisfy { ($0.parameters["reg_all"]?.doubleValue ?? -1) >= 0.01 && ($0.parameters["reg_all"]?.doubleValue ?? 1) <= 0.05 })
        #expect(Set(a.map { $0.parameters["biased"] }) == [.bool(true), .bool(false)])
    }

    @Test func randomSearchChangesWithItsSeed() throws {
        let spec = try ExperimentSpec.parse(Self.randomYAML, file: "r.yaml")
        var other = spec
        other.sweep.models[0].randomSeed = 1234
        #expect(expander.trials(for: spec, dataFingerprint: "fp").map(\.key) != expander.trials(for: other, dataFingerprint: "fp").map(\.key))
    }

    /// The draws follow the documented recipe: recomputed here from xoshiro256** directly.
    @Test func randomDrawsFollowTheDocumentedRecipe() throws {
        let spec = try ExperimentSpec.parse(Self.randomYAML, file: "r.yaml")
        let trials = expander.trials(for: spec, dataFingerprint: "fp")
        var rng = Xoshiro256StarStar(seed: SplitMix64.derive(42, "sweep:svd"))
        let u1 = rng.nextUnit(), u2 = rng.nextUnit(), u3 = rng.nextUnit(), u4 = rng.nextUnit()
        let lr = exp(log(0.001) + (log(0.1) - log(0.001)) * u1)
        #expect(trials[0].parameters["lr_all"] == .double(lr))
        #expect(trials[0].parameters["n_factors"] == .int(10 + Int((11 * u2).rounded(.down))))
        #expect(trials[0].parameters["reg_all"] == .double(0.01 + 0.04 * u3))
        #expect(trials[0].parameters["biased"] == (u4 < 0.5 ? .bool(true) : .bool(false)))
    }
}
