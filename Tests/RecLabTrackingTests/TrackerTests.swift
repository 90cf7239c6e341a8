import Foundation
import Testing
@testable import RecLabTracking
import RecLabResults
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// An in-process stand-in for the MLflow REST endpoints the client calls,
/// keeping runs in memory, so the tracker's requests and its "never
/// duplicate" rule are tested without a server (scripts/check-mlflow runs
/// the same flow against a real one).
final class FakeMLflow: HTTPTransport, @unchecked Sendable {
    struct Run {
        var id: String, experiment: String, status = "RUNNING"
        var tags: [String: String] = [:], params: [String: String] = [:], metrics: [MLflowMetric] = []
    }
    private let lock = NSLock()
    var experiments: [String: String] = [:]
    var runs: [Run] = []
    var artifacts: [String: Data] = [:]
    var requests: [String] = []
    var authorization: Set<String> = []

    func send(_ request: URLRequest) throws -> HTTPResponse {
        lock.lock(); defer { lock.unlock() }
        let url = try #require(request.url)
        let path = url.path.replacingOccurrences(of: "/api/2.0/", with: "")
        requests.append("\(request.httpMethod ?? "") \(path)")
        authorization.insert(request.value(forHTTPHeaderField: "Authorization") ?? "")
        let body = (request.httpBody.flatMap { try? JSONSerialization.jsonObject(with: $0) } as? [String: Any]) ?? [:]
        func ok(_ object: Any = [String: Any]()) throws -> HTTPResponse {
            HTTPResponse(status: 200, body: try JSONSerialization.data(withJSONObject: object))
        }
        func pairs(_ key: String) -> [(String, String)] {
            ((body[key] as? [[String: Any]]) ?? []).map { ($0["key"] as? String ?? "", $0["value"] as? String ?? "") }
        }
        func json(_ r: Run) -> [String: Any] {
            ["info": ["run_id": r.id, "experiment_id": r.experiment, "status": r.status,
                      "artifact_uri": "mlflow-artifacts:/\(r.experiment)/\(r.id)/artifacts"],
             "data": ["tags": r.tags.map { ["key": $0.key, "value": $0.value] },
                      "params": r.params.map { ["key": $0.key, "value": $0.value] }]]
        }
        switch path {
        case "mlflow/experiments/get-by-name":
            let name = URLComponents(url: url, resolvingAgainstBaseURL: false)?.queryItems?.first?.value ?? ""
            guard let id = experiments[name] else {
                return HTTPResponse(status: 404, body: Data(#"{"error_code":"RESOURCE_DOES_NOT_EXIST","message":"no"}"#.utf8))
            }
            return try ok(["experiment": ["experiment_id": id, "lifecycle_stage": "active"]])
        case "mlflow/experiments/create":
            let id = String(experiments.count + 1)
            experiments[body["name"] as? String ?? ""] = id
            return try ok(["experiment_id": id])
        case "mlflow/runs/create":
            var r = Run(id: "run\(runs.count)", experiment: body["experiment_id"] as? String ?? "")
            for (k, v) in pairs("tags") { r.tags[k] = v }
            runs.append(r)
            return try ok(["run": json(r)])
        case "mlflow/runs/log-batch", "mlflow/runs/update":
            guard let i = runs.firstIndex(where: { $0.id == body["run_id"] as? String }) else {
                return HTTPResponse(status: 404, body: Data())
            }
            for (k, v) in pairs("tags") { runs[i].tags[k] = v }
            for (k, v) in pairs("params") {
                if let old = runs[i].params[k], old != v {
                    return HTTPResponse(status: 400, body: Data(#"{"error_code":"INVALID_PARAMETER_VALUE","message":"changed"}"#.utf8))
                }
                runs[i].params[k] = v
            }
            let metrics = try JSONDecoder().decode([MLflowMetric].self, from: JSONSerialization.data(withJSONObject: body["metrics"] ?? []))
            runs[i].metrics += metrics
            if let s = body["status"] as? String { runs[i].status = s }
            return try ok()
        case "mlflow/runs/search":
            // The tracker's filters: `tags.\`k\` = 'v'`, joined by AND.
            let clauses = (body["filter"] as? String ?? "").components(separatedBy: " AND ").compactMap { c -> (String, String)? in
                let parts = c.components(separatedBy: "` = '")
                guard parts.count == 2 else { return nil }
                return (String(parts[0].dropFirst("tags.`".count)), String(parts[1].dropLast()))
            }
            let found = runs.filter { r in r.experiment == (body["experiment_ids"] as? [String])?.first
                && clauses.allSatisfy { r.tags[$0.0] == $0.1 } }
            return try ok(["runs": found.map(json)])
        default:
            if path.hasPrefix("mlflow-artifacts/artifacts/"), request.httpMethod == "PUT" {
                artifacts[String(path.dropFirst("mlflow-artifacts/artifacts/".count))] = request.httpBody ?? Data()
                return try ok()
            }
            return HTTPResponse(status: 404, body: Data())
        }
    }
}

@Suite struct TrackerTests {
    static func run(trials: [TrialResult]) -> RunResult {
        RunResult(
            experiment: ExperimentInfo(name: "demo", path: "demo.yaml", text: "reclab: 1", hash: "e0", seed: 42,
                                       configuration: [ConfigEntry(key: "split.kind", value: "holdout")]),
            provenance: Provenance(machine: MachineInfo(cores: 1, memoryBytes: 1, os: "linux", architecture: "x86_64", workers: 1), startedAt: "2026-01-02T03:04:05Z", finishedAt: "2026-01-02T03:05:05Z"),
            data: DataSummary(
                dataset: DatasetSummary(name: "tiny", origin: .synthetic, userCount: 1, movieCount: 1, ratingCount: 1, tagCount: 0,
                                        ratingsPerUser: CountDistribution(counts: [1]), ratingsPerMovie: CountDistribution(counts: [1]),
                                        ratingHistogram: []),
                files: [DataFile(path: "/d/ratings.csv", bytes: 1, checksum: "abc")]),
            trials: trials)
    }

    static func trial(_ id: String, hash: String, seed: UInt64) -> TrialResult {
        TrialResult(id: id, contentHash: hash, model: "svd", kind: "svd", parameters: ["n_factors": .int(8), "lr_all": .double(0.005)],
                    seed: 3, replicate: ReplicateKey(splitSeed: seed), metrics: ["rmse": 0.9, "precision@5": 0.1],
                    learningCurve: [EpochPoint(epoch: 1, trainRMSE: 1.1, testRMSE: 1.2), EpochPoint(epoch: 2, trainRMSE: 1.0)],
                    seconds: 0.5)
    }

    func tracker(_ fake: FakeMLflow) -> Tracker {
        Tracker(client: MLflowClient(baseURL: URL(string: "http://127.0.0.1:1")!, token: "secret", transport: fake),
                experimentName: "exp")
    }

    @Test func logsOneRunPerTrialUnderAParentCarryingTheReport() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reclab-tracker-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "# report\n".write(to: dir.appendingPathComponent("report.md"), atomically: true, encoding: .utf8)
        try Data([0x89, 0x50]).write(to: dir.appendingPathComponent("model-comparison.png"))
        let fake = FakeMLflow()
        let s = try tracker(fake).track(Self.run(trials: [Self.trial("svd-0001", hash: "h1", seed: 1)]), reportDirectory: dir)
        #expect(s.logged == 1 && s.alreadyLogged == 0 && s.artifacts == ["report.md", "model-comparison.png"])
        #expect(fake.authorization == ["Bearer secret"])
        #expect(fake.runs.count == 2)
        let parent = fake.runs[0], child = fake.runs[1]
        #expect(parent.tags["reclab.experiment_hash"] == "e0" && parent.params == ["split.kind": "holdout"] && parent.status == "FINISHED")
        #expect(child.tags["reclab.trial_hash"] == "h1" && child.tags["mlflow.parentRunId"] == parent.id)
        #expect(child.tags["reclab.split_seed"] == "1" && child.tags["reclab.kind"] == "svd")
        #expect(child.tags["reclab.data_fingerprint"] == "ratings.csv:sha256:abc")
        #expect(child.params == ["n_factors": "8", "lr_all": "0.005"])
        #expect(child.status == "FINISHED")
        let byKey = Dictionary(grouping: child.metrics, by: \.key)
        #expect(byKey["rmse"]?.map(\.value) == [0.9] && byKey["precision_at_5"]?.map(\.value) == [0.1])
        #expect(byKey["learning_curve/train_rmse"]?.map(\.step) == [1, 2])
        #expect(byKey["learning_curve/test_rmse"]?.map(\.step) == [1])
        #expect(fake.artifacts["1/run0/artifacts/report.md"] == Data("# report\n".utf8))
    }

    @Test func trackingAgainNeverDuplicatesAndCompletesALeftoverRun() throws {
        let fake = FakeMLflow()
        let dir = FileManager.default.temporaryDirectory
        let first = Self.run(trials: [Self.trial("svd-0001", hash: "h1", seed: 1)])
        _ = try tracker(fake).track(first, reportDirectory: dir.appendingPathComponent("none-\(UUID().uuidString)"))
        // A resumed run with one more trial, and a third left RUNNING by an interrupted attempt.
        let leftover = try MLflowClient(baseURL: URL(string: "http://x")!, token: nil, transport: fake)
            .createRun(experimentID: "1", name: "svd-0003", startTime: 0,
                       tags: [MLflowKeyValue("reclab.role", "trial"), MLflowKeyValue("reclab.trial_hash", "h3")])
        let resumed = Self.run(trials: [Self.trial("svd-0001", hash: "h1", seed: 1), Self.trial("svd-0002", hash: "h2", seed: 2),
                                        Self.trial("svd-0003", hash: "h3", seed: 3)])
        let s = try tracker(fake).track(resumed, reportDirectory: dir.appendingPathComponent("none-\(UUID().uuidString)"))
        #expect(s.logged == 2 && s.alreadyLogged == 1)
        let again = try tracker(fake).track(resumed, reportDirectory: dir.appendingPathComponent("none-\(UUID().uuidString)"))
        #expect(again.logged == 0 && again.alreadyLogged == 3)
        #expect(fake.runs.count == 4)  // one parent, three trials
        #expect(fake.runs.first { $0.id == leftover.runID }?.status == "FINISHED")
        #expect(Set(fake.runs.compactMap { $0.tags["reclab.trial_hash"] }) == ["h1", "h2", "h3"])
    }

    @Test func keysFollowMLflowsRules() {
        #expect(TrackedContent.key("ndcg@10") == "ndcg_at_10")
        #expect(TrackedContent.key("models.svd.lr_all") == "models.svd.lr_all")
        #expect(TrackedContent.key("a+b") == "a_b")
        #expect(MLflowClient.proxiedArtifactPath("mlflow-artifacts:/1/abc/artifacts") == "1/abc/artifacts")
        #expect(MLflowClient.proxiedArtifactPath("mlflow-artifacts://h:5000/1/abc/artifacts") == "1/abc/artifacts")
        #expect(MLflowClient.proxiedArtifactPath("file:///tmp/mlruns/1/abc/artifacts") == nil)
        #expect(MLflowClient.tagFilter("reclab.trial_hash", "a'b") == "tags.`reclab.trial_hash` = 'a\\'b'")
    }
}
