import Foundation
import RecLabResults

/// What RecLab logs to MLflow, as plain values (no server involved): one
/// run per trial and a parent run per experiment.
///
/// A trial run holds the trial's resolved parameters as params, its metrics
/// (MLflow allows only letters, digits and `_ - . / space :` in a key, so
/// `precision@10` is logged as `precision_at_10`), the learning curve as the
/// stepped metrics `learning_curve/train_rmse` and `learning_curve/test_rmse`
/// (step = epoch), and tags naming the trial (`reclab.trial_hash`, the key
/// a later run or `reclab track` looks it up by), the RecLab version, the
/// data, the split and the model. The parent run holds the experiment's
/// resolved configuration as params and `reclab.experiment_hash`.
public enum TrackedContent {
    public static let trialHashTag = "reclab.trial_hash"
    public static let experimentHashTag = "reclab.experiment_hash"
    /// `experiment` on the parent run, `trial` on a trial's.
    public static let roleTag = "reclab.role"
    static let parentTag = "mlflow.parentRunId"
    static let maxParamValue = 6000
    static let maxTagValue = 5000

    /// The MLflow key for a RecLab metric or parameter name.
    public static func key(_ name: String) -> String {
        var out = ""
        for ch in name.replacingOccurrences(of: "@", with: "_at_") {
            let ok = ch.isASCII && (ch.isLetter || ch.isNumber || "_-./ :".contains(ch))
            out.append(ok ? ch : "_")
        }
        return String(out.prefix(250))
    }

    /// The data's identity: each input file's name and checksum (`ratings.csv:sha256:…`), in the order read.
    public static func dataFingerprint(_ run: RunResult) -> String {
        guard let files = run.data?.files, !files.isEmpty else { return "unknown" }
        return files.map { "\(URL(fileURLWithPath: $0.path).lastPathComponent):\($0.checksumAlgorithm):\($0.checksum)" }
            .joined(separator: " ")
    }

    // MARK: - The parent run

    public static func experimentTags(_ run: RunResult) -> [MLflowKeyValue] {
        var tags = [
            MLflowKeyValue(roleTag, "experiment"),
            MLflowKeyValue(experimentHashTag, run.experiment.hash),
            MLflowKeyValue("reclab.experiment", run.experiment.name),
            MLflowKeyValue("reclab.version", run.provenance.reclabVersion),
            MLflowKeyValue("reclab.data_fingerprint", dataFingerprint(run)),
            MLflowKeyValue("reclab.seed", String(run.experiment.seed)),
        ]
        if let d = run.data?.dataset.name { tags.append(MLflowKeyValue("reclab.dataset", d)) }
        if let c = run.provenance.gitCommit { tags.append(MLflowKeyValue("reclab.git_commit", c)) }
        if let p = run.partial { tags.append(MLflowKeyValue("reclab.partial", p)) }
        return tags.map(clipTag)
    }

    public static func experimentParams(_ run: RunResult) -> [MLflowKeyValue] {
        var seen = Set<String>()
        return run.experiment.configuration.compactMap { e in
            let k = key(e.key)
            guard seen.insert(k).inserted else { return nil }
            return MLflowKeyValue(k, String(e.value.prefix(maxParamValue)))
        }
    }

    // MARK: - A trial's run

    public static func trialTags(_ trial: TrialResult, run: RunResult, parentRunID: String?) -> [MLflowKeyValue] {
        var tags = [
            MLflowKeyValue(roleTag, "trial"),
            MLflowKeyValue(trialHashTag, trial.contentHash),
            MLflowKeyValue("reclab.trial_id", trial.id),
            MLflowKeyValue("reclab.version", run.provenance.reclabVersion),
            MLflowKeyValue("reclab.data_fingerprint", dataFingerprint(run)),
            MLflowKeyValue("reclab.split_seed", String(trial.replicate.splitSeed)),
            MLflowKeyValue("reclab.split", trial.replicate.description),
            MLflowKeyValue("reclab.model", trial.model),
            MLflowKeyValue("reclab.kind", trial.kind),
            MLflowKeyValue("reclab.model_seed", String(trial.seed)),
            MLflowKeyValue("reclab.status", trial.status.rawValue),
        ]
        if let fold = trial.replicate.fold { tags.append(MLflowKeyValue("reclab.split_fold", String(fold))) }
        if let m = trial.message { tags.append(MLflowKeyValue("reclab.message", m)) }
        if let parentRunID { tags.append(MLflowKeyValue(parentTag, parentRunID)) }
        return tags.map(clipTag)
    }

    public static func trialParams(_ trial: TrialResult) -> [MLflowKeyValue] {
        trial.parameters.keys.sorted().map { MLflowKeyValue(key($0), String((trial.parameters[$0]?.description ?? "").prefix(maxParamValue))) }
    }

    /// The test metrics (step 0), the wall time, and the learning curve (step = epoch); non-finite values are left out.
    public static func trialMetrics(_ trial: TrialResult, timestamp: Int64) -> [MLflowMetric] {
        var out = trial.metrics.keys.sorted().compactMap { name -> MLflowMetric? in
            guard let v = trial.metrics[name], v.isFinite else { return nil }
            return MLflowMetric(key: key(name), value: v, timestamp: timestamp)
        }
        if trial.seconds.isFinite { out.append(MLflowMetric(key: "trial_seconds", value: trial.seconds, timestamp: timestamp)) }
        for p in trial.learningCurve {
            if p.trainRMSE.isFinite {
                out.append(MLflowMetric(key: "learning_curve/train_rmse", value: p.trainRMSE, timestamp: timestamp, step: Int64(p.epoch)))
            }
            if let t = p.testRMSE, t.isFinite {
                out.append(MLflowMetric(key: "learning_curve/test_rmse", value: t, timestamp: timestamp, step: Int64(p.epoch)))
            }
        }
        return out
    }

    /// MLflow's end state for a trial: a failed trial is `FAILED`, the rest `FINISHED`.
    public static func status(_ trial: TrialResult) -> String { trial.status == .failed ? "FAILED" : "FINISHED" }

    /// Milliseconds since 1970 of an ISO 8601 time (`Provenance.finishedAt`), nil when unreadable.
    static func milliseconds(_ iso: String) -> Int64? {
        let f = ISO8601DateFormatter()
        if let d = f.date(from: iso) { return Int64(d.timeIntervalSince1970 * 1000) }
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.date(from: iso).map { Int64($0.timeIntervalSince1970 * 1000) }
    }

    private static func clipTag(_ t: MLflowKeyValue) -> MLflowKeyValue { MLflowKeyValue(t.key, String(t.value.prefix(maxTagValue))) }
}
