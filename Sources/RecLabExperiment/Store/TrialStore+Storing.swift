import Foundation
import RecLabResults

/// The results folder as a `TrialStoring`: claims are `TrialClaims` files,
/// results the atomically written `trials/<id>.json`, the run `run.json`.
extension TrialStore: TrialStoring {
    /// The trials folder (the path the run's progress line names).
    public var location: String { layout.trialsDirectory.path }

    /// Creates the folders and clears abandoned temporary files; the plan needs no recording here.
    public func prepare(_ run: StoreRun) throws { try prepare() }

    /// Stored results of `planned` by key; one found under another id or model name, or in
    /// `unused/`, is moved to this plan's file (renaming a model or restoring a sweep reuses it).
    public func finished(_ planned: [PlannedTrial]) -> StoredTrials {
        let scan = finished()
        var out = StoredTrials()
        if !scan.unreadable.isEmpty {
            out.notes.append("ignored \(scan.unreadable.count) unreadable trial file(s); they are recomputed")
        }
        for t in planned {
            guard var stored = scan.byKey[t.key] else { continue }
            if stored.id != t.id || stored.model != t.model {
                stored.id = t.id
                stored.model = t.model
                if let url = scan.files[t.key] { try? adopt(stored, from: url) }
            } else if let url = scan.files[t.key], url.deletingLastPathComponent().lastPathComponent == "unused" {
                try? adopt(stored, from: url)
            }
            out.byKey[t.key] = stored
        }
        return out
    }

    public func claim(_ trial: PlannedTrial) throws -> Bool { claims.claim(trial.key) }

    public func isClaimed(_ trial: PlannedTrial) -> Bool { claims.isClaimed(trial.key) }

    /// Writes the trial file, then removes the claim file (a crash in between leaves a stale claim
    /// that the next run takes over, and the stored result it then finds).
    public func save(_ result: TrialResult, for trial: PlannedTrial, computed: Bool) throws {
        defer { claims.release(trial.key) }
        try write(result)
    }

    public func release(_ trial: PlannedTrial) { claims.release(trial.key) }

    /// With every planned trial finished, files of trials no longer in the plan go to `unused/`.
    public func finish(planned: [PlannedTrial], complete: Bool) {
        if complete { retire(keeping: Set(planned.map(\.key))) }
    }

    /// `results/run.json`.
    public func saveRun(_ run: RunResult) throws { try layout.write(run) }
}
