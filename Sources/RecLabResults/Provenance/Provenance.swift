/// What code, on what machine, when and how long: the facts that make a
/// report traceable. Time and machine are injected by the runner, so tests
/// can fix them.
public struct Provenance: Sendable, Hashable, Codable {
    public var reclabVersion: String
    /// `git rev-parse HEAD` of the RecLab build when known.
    public var gitCommit: String?
    /// True when the working tree had uncommitted changes.
    public var gitDirty: Bool?
    public var machine: MachineInfo
    /// ISO 8601 UTC start and end of the run.
    public var startedAt: String
    public var finishedAt: String
    /// The command line that produced the run.
    public var command: String
    /// Wall time per stage, in run order.
    public var stages: [StageTiming]

    public init(
        reclabVersion: String = RecLabVersion.string, gitCommit: String? = nil, gitDirty: Bool? = nil,
        machine: MachineInfo, startedAt: String, finishedAt: String, command: String = "",
        stages: [StageTiming] = []
    ) {
        self.reclabVersion = reclabVersion
        self.gitCommit = gitCommit
        self.gitDirty = gitDirty
        self.machine = machine
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.command = command
        self.stages = stages
    }
}

/// Wall time of one stage (`load`, `split`, `similarity`, `trials`, `report`).
public struct StageTiming: Sendable, Hashable, Codable {
    public var stage: String
    public var seconds: Double

    public init(stage: String, seconds: Double) {
        self.stage = stage
        self.seconds = seconds
    }
}
