import RecLabExperiment

/// libFuzzer target for the experiment loader: the input, decoded as UTF-8
/// (invalid bytes replaced), goes through `ExperimentSpec.parse(_:file:)`
/// (the precheck, the YAML library, every section reader), and a parsed
/// spec through the registry validation the CLI runs (`ExperimentValidator`
/// with `RegistryCatalog`: problems, then the degenerate-settings check on
/// a valid spec) and the plan size (`SweepExpander.trialCount`).
///
/// Thrown `ExperimentErrors` are correct answers; a trap or a sanitizer
/// report is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let spec = try? ExperimentSpec.parse(text, file: "fuzz.yaml") else { return 0 }
    let validator = ExperimentValidator(catalog: RegistryCatalog())
    // As `ExperimentSpec.loadValidated` does: the degenerate-settings check on a valid spec
    // (it counts a sweep from its shape and never expands a huge one).
    if validator.problems(in: spec).isEmpty {
        _ = validator.degenerate(in: spec)
    }
    _ = spec.repetitions
    return 0
}
