import ArgumentParser
import Foundation
import RecLabExperiment
import RecLabPostgres
import RecLabResults

/// The `--store URL` option of `run`, `results`, `report` and `diff`: a shared
/// PostgreSQL trial store instead of the results folder.
enum StoreOptions {
    static let help = ArgumentHelp(
        "A shared PostgreSQL trial store, postgresql://USER@HOST:PORT/DATABASE (default: $RECLAB_STORE, else the file's run.store, else the results folder); the password comes from PGPASSWORD or ~/.pgpass.",
        valueName: "url")

    /// The store to use: `--store`, else `RECLAB_STORE`, else `run.store` of the file; nil = the results folder.
    static func choice(_ option: String?, spec: ExperimentSpec? = nil,
                       environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let option, !option.isEmpty { return option }
        if let env = environment["RECLAB_STORE"], !env.isEmpty { return env }
        return spec?.run.store
    }

    static let readHelp = ArgumentHelp(
        "Read from this PostgreSQL trial store, postgresql://USER@HOST:PORT/DATABASE (default: $RECLAB_STORE unless a run folder is given); the password comes from PGPASSWORD or ~/.pgpass.",
        valueName: "url")

    /// The store `results`, `report` and `diff` read: `--store`, else `RECLAB_STORE` unless a target
    /// is a run folder (or a run.json), which is then read as before.
    static func readChoice(_ option: String?, targets: [String],
                           environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let option, !option.isEmpty { return option }
        guard let env = environment["RECLAB_STORE"], !env.isEmpty else { return nil }
        for t in targets {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: t, isDirectory: &isDir), isDir.boolValue || t.hasSuffix(".json") { return nil }
        }
        return env
    }

    /// Connects to (and migrates) the store, or prints why not, without credentials, and exits 1.
    static func open(_ text: String) async -> PostgresTrialStore {
        do {
            return try await PostgresTrialStore.open(text)
        } catch {
            fail(error)
        }
    }

    static func fail(_ error: any Error) -> Never {
        let message = (error as? PostgresStoreError)?.message ?? "\(error)"
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        Foundation.exit(1)
    }

    /// An experiment's name from `target`: an experiment file's `name`, else `target` itself.
    static func experimentName(_ target: String) -> String {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: target, isDirectory: &isDir), !isDir.boolValue else { return target }
        do { return try ExperimentSpec.load(target).name } catch let e as ExperimentErrors { CLIErrors.fail(e.errors) } catch {
            return target
        }
    }

    /// Where a report from the store goes by default: the experiment file's folder
    /// (`<report.dir>/<name>`), else `reports/<name>`.
    static func outputDirectory(for target: String, name: String) -> URL {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: target, isDirectory: &isDir), !isDir.boolValue,
           let spec = try? ExperimentSpec.load(target) {
            return ExperimentRunner.directory(for: spec)
        }
        return URL(fileURLWithPath: "reports", isDirectory: true).appendingPathComponent(name, isDirectory: true)
    }

    /// The experiment's run from the store (its latest `RunResult` with every finished trial merged in).
    static func loadRun(store text: String, target: String) async -> RunResult {
        let store = await open(text)
        defer { store.close() }
        do { return try store.runResult(experiment: experimentName(target)) } catch { fail(error) }
    }

    /// The command line for provenance, with any password in a store URL replaced by `***`.
    static func redactedCommandLine() -> String {
        (["reclab"] + CommandLine.arguments.dropFirst().map { PostgresURL.redact($0) }).joined(separator: " ")
    }
}
