import Foundation
import Testing

/// Something a test needs from outside the package: the real MovieLens data,
/// the built `reclab` executable, gnuplot, a system tool.
///
/// A test states it with a trait, `@Test(.requiresRealData)` or
/// `@Suite(.requires("…") { condition })`. When the requirement is missing:
/// - locally the test is skipped, and `swift test` prints it as skipped with
///   the reason (`Test f() skipped: "real MovieLens ml-latest-small not found: …"`);
/// - under CI (`CI=true`, as .ci/run and the usual CI services set it) the
///   test fails instead, with the same reason, so a CI run never passes with
///   tests that did not run.
public enum Requirement {
    /// True when the environment says this is a CI run (`CI` set to `true`, `1` or `yes`).
    public static var isCI: Bool {
        let value = ProcessInfo.processInfo.environment["CI"]?.lowercased() ?? ""
        return ["true", "1", "yes"].contains(value)
    }

    /// The error that fails a test whose requirement is missing under CI.
    public struct Missing: Error, CustomStringConvertible {
        public let description: String
        public init(_ reason: String) {
            description = "CI=true and a test requirement is missing (tests must not be skipped in CI): \(reason)"
        }
    }

    /// `true` when `isMet`; else `false` (skip) locally, or throws `Missing` (fail) under CI.
    public static func check(_ isMet: Bool, _ reason: Comment) throws -> Bool {
        if isMet { return true }
        if isCI { throw Missing(reason.rawValue) }
        return false
    }
}

extension Trait where Self == ConditionTrait {
    /// Runs the test when `isMet()` holds; otherwise skips it with `reason`
    /// locally and fails it with `reason` under CI (see `Requirement`).
    public static func requires(_ reason: Comment, sourceLocation: SourceLocation = #_sourceLocation,
                                _ isMet: @escaping @Sendable () -> Bool) -> Self {
        .enabled(reason, sourceLocation: sourceLocation) { try Requirement.check(isMet(), reason) }
    }

    /// The real MovieLens ml-latest-small (`RealData`), for oracle comparisons and real-data checks.
    public static var requiresRealData: Self {
        .requires(RealData.missingReason) { RealData.isAvailable }
    }

    /// The `reclab` executable beside the test bundle (`ReclabBinary`), for tests that run it as a user does.
    public static var requiresReclab: Self {
        .requires("the reclab executable is not built: run `swift build --build-tests` before `swift test --skip-build`") {
            ReclabBinary.url != nil
        }
    }

    /// A PostgreSQL server for the PostgreSQL trial store (`TestPostgres`): the URL in
    /// `RECLAB_TEST_POSTGRES_URL` (the password in `PGPASSWORD` or `PGPASSFILE`), as
    /// `scripts/postgres-test-server start` prints it and .ci/run exports it.
    public static var requiresPostgres: Self {
        .requires(
            "RECLAB_TEST_POSTGRES_URL is not set: start a throw-away server with `eval \"$(scripts/postgres-test-server start)\"`"
        ) { TestPostgres.url != nil }
    }

    /// `spark-submit` and Java (`SparkSubmit`), for the `spark_als` tests: `scripts/setup-spark` installs both.
    public static var requiresSpark: Self {
        .requires(SparkSubmit.missingReason) { SparkSubmit.isAvailable }
    }

    /// An executable file at `path` (a system tool that scripts/setup-system installs).
    public static func requiresExecutable(_ path: String) -> Self {
        .requires("needs \(path) (scripts/setup-system installs it)") {
            FileManager.default.isExecutableFile(atPath: path)
        }
    }
}
