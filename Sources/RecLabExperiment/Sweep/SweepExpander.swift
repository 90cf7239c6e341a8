import Foundation
import RecLabCore
import RecLabModels

/// Expands `models` × `sweep` × repetitions into the trials of a plan.
///
/// Order: models in file order; within a model, grid points in row-major
/// order of the axes as written (the last axis varies fastest), each combined
/// with every random sample; then repetitions (split seeds, folds).
///
/// Random search: sample j of model `m` draws from a xoshiro256** generator
/// seeded with `sweep.models.m.random.seed`, default
/// `SplitMix64.derive(experimentSeed, "sweep:<m>")`; for each sample the axes
/// are drawn in the order written: uniform a + (b−a)·u; loguniform
/// exp(ln a + (ln b − ln a)·u); int a + ⌊(b−a+1)·u⌋; choice by ⌊n·u⌋. The
/// samples depend only on that seed and the axes, never on other models.
public struct SweepExpander: Sendable {
    public var catalog: any ModelCatalog

    public init(catalog: any ModelCatalog) { self.catalog = catalog }

    /// Parameter configurations of one model, in plan order (each fully
    /// resolved: defaults filled, values coerced), with the swept names.
    public func configurations(of model: ModelSpec, sweep: ModelSweep?, experimentSeed: UInt64) -> [(Parameters, [String])] {
        guard let sweep else { return [(catalog.resolved(model.params, kind: model.kind), [])] }
        var gridPoints: [Parameters] = [[:]]
        for axis in sweep.grid {
            var next: [Parameters] = []
            for point in gridPoints {
                for v in axis.values {
                    var p = point
                    p[axis.parameter] = v
                    next.append(p)
                }
            }
            gridPoints = next
        }
        var samples: [Parameters] = [[:]]
        if !sweep.random.isEmpty {
            var rng = Xoshiro256StarStar(seed: sweep.randomSeed ?? SplitMix64.derive(experimentSeed, "sweep:\(sweep.model)"))
            let domains = Dictionary(uniqueKeysWithValues: (catalog.parameters(of: model.kind) ?? []).map { ($0.name, $0.domain) })
            samples = (0..<sweep.randomSamples).map { _ in
                var p: Parameters = [:]
                for axis in sweep.random {
                    p[axis.parameter] = Self.draw(axis.distribution, domain: domains[axis.parameter], rng: &rng)
                }
                return p
            }
        }
        let swept = sweep.grid.map(\.parameter) + sweep.random.map(\.parameter)
        var out: [(Parameters, [String])] = []
        for g in gridPoints {
            for s in samples {
                var p = model.params
                for (k, v) in g { p[k] = v }
                for (k, v) in s { p[k] = v }
                out.append((catalog.resolved(p, kind: model.kind), swept))
            }
        }
        return out
    }

    static func draw(_ d: ModelSweep.Distribution, domain: ParameterSpec.Domain?, rng: inout Xoshiro256StarStar) -> ParameterValue {
        let u = rng.nextUnit()
        switch d {
        case .uniform(let a, let b): return .double(a + (b - a) * u)
        case .logUniform(let a, let b): return .double(Foundation.exp(Foundation.log(a) + (Foundation.log(b) - Foundation.log(a)) * u))
        case .int(let a, let b):
            let v = a + min(b - a, Int((Double(b - a + 1) * u).rounded(.down)))
            if case .double = domain { return .double(Double(v)) }
            return .int(v)
        case .choice(let vs): return vs[min(vs.count - 1, Int((Double(vs.count) * u).rounded(.down)))]
        }
    }

    /// How many trials `spec` expands to at most (configurations drawn twice run once, so the
    /// plan may hold fewer), computed from the sweep's shape without building any trial; saturates
    /// at `Int.max`.
    public static func trialCount(of spec: ExperimentSpec) -> Int {
        func times(_ a: Int, _ b: Int) -> Int {
            let (r, overflow) = a.multipliedReportingOverflow(by: b)
            return overflow ? Int.max : r
        }
        var total = 0
        for model in spec.models {
            var configs = 1
            if let sweep = spec.sweep.models.first(where: { $0.model == model.name }) {
                for axis in sweep.grid { configs = times(configs, axis.values.count) }
                if !sweep.random.isEmpty { configs = times(configs, sweep.randomSamples) }
            }
            let (sum, overflow) = total.addingReportingOverflow(times(configs, spec.repetitions.count))
            total = overflow ? Int.max : sum
        }
        return total
    }

    /// The whole plan. `dataFingerprint` identifies the (unfiltered) data; the
    /// filters are hashed separately.
    public func trials(for spec: ExperimentSpec, dataFingerprint: String) -> [PlannedTrial] {
        var out: [PlannedTrial] = []
        for model in spec.models {
            var seen = Set<String>()
            let sweep = spec.sweep.models.first { $0.model == model.name }
            for (c, (params, swept)) in configurations(of: model, sweep: sweep, experimentSeed: spec.seed).enumerated() {
                for rep in spec.repetitions {
                    let fitSeed = SplitMix64.derive(rep.seed, "fit/fold:\(rep.fold ?? -1)")
                    let key = TrialKey.hash(TrialKey.canonical(
                        kind: model.kind, parameters: params, split: spec.split, splitSeed: rep.seed, fold: rep.fold,
                        fitSeed: fitSeed, dataFingerprint: dataFingerprint, filters: spec.dataset.filters, metrics: spec.computedMetrics,
                        ranking: spec.rankingProtocol, implicit: spec.dataset.implicit))
                    // A configuration drawn twice (grid ∩ random) runs once.
                    guard seen.insert(key).inserted else { continue }
                    out.append(PlannedTrial(
                        id: "\(model.name)-\(key.prefix(12))", model: model.name, kind: model.kind, parameters: params,
                        swept: swept, configuration: c, splitSeed: rep.seed, fold: rep.fold, fitSeed: fitSeed, key: key))
                }
            }
        }
        return out
    }
}
