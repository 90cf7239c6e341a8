// swift-tools-version: 6.1
//
// The target graph is the data flow (RecLabCore, below everything, holds the
// seeded generators and checksums every stage shares):
//   MovieLens files → RecLabData → (RecLabLinearAlgebra) → RecLabModels
//   → RecLabEvaluation → RecLabExperiment → RecLabResults (Codable values)
//   → RecLabReport → the `reclab` executable; the models a run saves
//   → RecLabServer (HTTP, Hummingbird) → `reclab serve`.
// A stage imports only stages upstream of it. The report reads result values
// only, so a report can be rebuilt from files without the models.
import PackageDescription

let swiftSettings: [SwiftSetting] = [.swiftLanguageMode(.v6)]
/// The numeric kernels (SGD, k-NN) are optimised even in debug builds: unoptimised
/// SIMD code is ~100× slower, which would make the oracle tests on real data
/// take minutes in CI's debug `swift test`.
let kernelSettings: [SwiftSetting] = swiftSettings + [.unsafeFlags(["-O"], .when(configuration: .debug))]

let package = Package(
    name: "RecLab",
    platforms: [.macOS(.v14)],
    products: [
        // MARK: - Public API
        .executable(name: "reclab", targets: ["reclab"]),
        .library(name: "RecLabCore", targets: ["RecLabCore"]),
        .library(name: "RecLabData", targets: ["RecLabData"]),
        .library(name: "RecLabLinearAlgebra", targets: ["RecLabLinearAlgebra"]),
        .library(name: "RecLabModels", targets: ["RecLabModels"]),
        .library(name: "RecLabEvaluation", targets: ["RecLabEvaluation"]),
        .library(name: "RecLabResults", targets: ["RecLabResults"]),
        .library(name: "RecLabExperiment", targets: ["RecLabExperiment"]),
        .library(name: "RecLabTracking", targets: ["RecLabTracking"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // No traits: the server needs neither swift-configuration nor full Foundation in Hummingbird.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // MARK: - Public API (stages, upstream first)
        .target(
            name: "RecLabCore", dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings),
        .target(name: "RecLabData", dependencies: ["RecLabCore"], swiftSettings: swiftSettings),
        .target(
            name: "RecLabLinearAlgebra", dependencies: ["RecLabCore", "_COpenBLAS", "_AVX2Kernels"],
            swiftSettings: swiftSettings),
        .target(
            name: "RecLabModels",
            dependencies: ["RecLabCore", "RecLabData", "RecLabLinearAlgebra", "_AVX2Kernels"],
            // The PySpark job `spark_als` submits, compiled into the binary (no file to find at run time).
            resources: [.embedInCode("Rating/External/spark_als_job.py")],
            swiftSettings: kernelSettings),
        .target(
            name: "RecLabEvaluation",
            dependencies: ["RecLabCore", "RecLabData", "RecLabModels"],
            swiftSettings: kernelSettings),
        .target(name: "RecLabResults", swiftSettings: swiftSettings),
        .target(
            name: "RecLabExperiment",
            dependencies: [
                "RecLabCore", "RecLabData", "RecLabLinearAlgebra", "RecLabModels", "RecLabEvaluation", "RecLabResults",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings),
        .target(name: "RecLabReport", dependencies: ["RecLabResults"], swiftSettings: swiftSettings),
        .target(
            name: "RecLabServer",
            dependencies: [
                "RecLabCore", "RecLabData", "RecLabModels", "RecLabResults",
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings),
        // Logs stored results to an MLflow tracking server (REST, URLSession); reads results, never the runner.
        .target(name: "RecLabTracking", dependencies: ["RecLabResults"], swiftSettings: swiftSettings),
        // The PostgreSQL trial store: many `reclab run` workers on many machines share one sweep.
        .target(
            name: "RecLabPostgres",
            dependencies: [
                "RecLabExperiment", "RecLabResults", .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "reclab",
            dependencies: [
                "RecLabData", "RecLabLinearAlgebra", "RecLabModels",
                "RecLabResults", "RecLabExperiment", "RecLabReport", "RecLabServer", "RecLabTracking", "RecLabPostgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings),

        // MARK: - Implementation details
        .systemLibrary(
            name: "_COpenBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]),
        .target(name: "_CPrefetch"),
        // The hot kernels (SVD SGD step, latent k-NN scoring, sparse × dense block) compiled
        // for AVX2 (Haswell, 2013+) and chosen at run time only on CPUs that have it; the
        // rest of the package stays baseline x86-64.
        .target(
            name: "_AVX2Kernels", dependencies: ["_CPrefetch"],
            swiftSettings: swiftSettings + [.unsafeFlags(["-O", "-target-cpu", "haswell"], .when(platforms: [.linux]))]),
        .executableTarget(
            name: "RatingBench",
            dependencies: ["RecLabData", "RecLabLinearAlgebra", "RecLabModels", "RecLabEvaluation"],
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "ServerBench", dependencies: ["RecLabCore", "RecLabData", "RecLabModels"],
            swiftSettings: swiftSettings),
        .target(name: "_TestSupport", dependencies: ["RecLabData"], path: "Tests/_TestSupport"),

        // MARK: - Tests
        .testTarget(name: "RecLabCoreTests", dependencies: ["RecLabCore"]),
        .testTarget(name: "RecLabDataTests", dependencies: ["RecLabCore", "RecLabData", "_TestSupport"]),
        .testTarget(
            name: "RecLabLinearAlgebraTests",
            dependencies: ["RecLabCore", "RecLabLinearAlgebra", "_COpenBLAS", "_TestSupport"]),
        .testTarget(
            name: "RecLabModelsTests",
            dependencies: ["RecLabCore", "RecLabData", "RecLabLinearAlgebra", "RecLabModels", "_AVX2Kernels", "_TestSupport"],
            exclude: ["Fixtures"]),
        .testTarget(
            name: "RecLabEvaluationTests",
            dependencies: ["RecLabCore", "RecLabData", "RecLabModels", "RecLabEvaluation", "_TestSupport"]),
        .testTarget(
            name: "RecLabReportTests", dependencies: ["RecLabReport", "RecLabResults", "RecLabData", "_TestSupport"],
            exclude: ["Fixtures", "Snapshots"]),
        .testTarget(
            name: "RecLabExperimentTests",
            dependencies: ["RecLabCore", "RecLabData", "RecLabModels", "RecLabResults", "RecLabExperiment", "_TestSupport"]),
        .testTarget(
            name: "RecLabServerTests",
            dependencies: [
                "RecLabServer", "RecLabExperiment", "RecLabEvaluation", "RecLabModels", "RecLabData", "RecLabResults",
                "RecLabCore", "_TestSupport",
            ]),
        .testTarget(
            name: "RecLabTrackingTests",
            dependencies: ["RecLabTracking", "RecLabResults", "RecLabExperiment", "_TestSupport"]),
        .testTarget(
            name: "RecLabPostgresTests",
            dependencies: ["RecLabPostgres", "RecLabExperiment", "RecLabResults", "_TestSupport"]),
    ]
)

// MARK: - Micro-benchmarks (only when asked for)
// The kernels' package-benchmark suite (Benchmarks/Kernels) and its dependency
// exist only with RECLAB_BENCHMARKS set:
//   RECLAB_BENCHMARKS=1 swift package --disable-sandbox benchmark
// so CI's `swift build` / `swift test` neither fetch nor build them: they add
// ~1.5 min (96 s wall, 62 s CPU) to a cold `swift build --build-tests` here
// (BENCHMARKS.md, Micro-benchmarks). `traits: ["MallocInterposer"]` keeps the
// malloc statistics and leaves out the Linux Swift 6.3 runtime interposer (a
// package this machine does not have); no jemalloc is needed.
if Context.environment["RECLAB_BENCHMARKS"] != nil {
    package.dependencies.append(
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]))
    package.targets.append(
        .executableTarget(
            name: "Kernels",
            dependencies: [
                "RecLabCore", "RecLabData", "RecLabLinearAlgebra", "RecLabModels",
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/Kernels",
            swiftSettings: swiftSettings,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]))
}

// MARK: - Fuzz targets (only when asked for)
// libFuzzer executables for the readers of untrusted input (Fuzz/<Target>: the
// MovieLens parsers, the experiment loader, the model-file reader) exist only
// with RECLAB_FUZZ set, and then the package's own stages are compiled with
// libFuzzer's coverage instrumentation and the address sanitizer too, so the
// fuzzer is guided by, and checks, the code under test. Build them in their own
// scratch folder, one at a time (scripts/fuzz does this and runs them):
//   RECLAB_FUZZ=1 swift build -c release --scratch-path .build-fuzz --product FuzzRatings
if Context.environment["RECLAB_FUZZ"] != nil {
    let sanitizers = ["-sanitize=fuzzer,address"]
    for target in package.targets where target.name.hasPrefix("RecLab") && target.type == .regular {
        target.swiftSettings = (target.swiftSettings ?? []) + [.unsafeFlags(sanitizers)]
    }
    func fuzzTarget(_ name: String, _ dependencies: [Target.Dependency]) -> Target {
        .executableTarget(
            name: name, dependencies: dependencies + ["_FuzzDriver"], path: "Fuzz/\(name)", exclude: ["corpus"],
            swiftSettings: swiftSettings + [.unsafeFlags(sanitizers)],
            linkerSettings: [.unsafeFlags(sanitizers)])
    }
    package.targets += [
        // Starts libFuzzer from the target's `main.swift` (see the file).
        .target(
            name: "_FuzzDriver", path: "Fuzz/_FuzzDriver",
            swiftSettings: swiftSettings + [.enableExperimentalFeature("Extern")]),
        fuzzTarget("FuzzRatings", ["RecLabData"]),
        fuzzTarget("FuzzExperiment", ["RecLabExperiment"]),
        fuzzTarget("FuzzModelFile", ["RecLabData", "RecLabModels"]),
    ]
}
