import Foundation

/// The machine a run used: enough to judge its timings.
public struct MachineInfo: Sendable, Hashable, Codable {
    /// Active processor cores.
    public var cores: Int
    /// Physical memory, bytes.
    public var memoryBytes: UInt64
    /// Operating system name and version.
    public var os: String
    /// CPU architecture (`x86_64`, `arm64`).
    public var architecture: String
    /// Worker threads the run used.
    public var workers: Int

    public init(cores: Int, memoryBytes: UInt64, os: String, architecture: String, workers: Int) {
        self.cores = cores
        self.memoryBytes = memoryBytes
        self.os = os
        self.architecture = architecture
        self.workers = workers
    }

    /// This machine, as Foundation reports it.
    public static func current(workers: Int) -> MachineInfo {
        let p = ProcessInfo.processInfo
        #if arch(x86_64)
        let arch = "x86_64"
        #elseif arch(arm64)
        let arch = "arm64"
        #else
        let arch = "unknown"
        #endif
        return MachineInfo(
            cores: p.activeProcessorCount, memoryBytes: p.physicalMemory,
            os: p.operatingSystemVersionString, architecture: arch, workers: workers)
    }
}
