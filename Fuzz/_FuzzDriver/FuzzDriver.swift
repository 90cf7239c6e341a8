#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// libFuzzer's own `main` cannot be the program's: SwiftPM links every
// executable target with `main` defined as the target's `<Target>_main`
// (the module's top-level code). So each fuzz target's `main.swift` calls
// `runFuzzer()`, which hands the command line to libFuzzer's documented
// driver entry point with the target's `LLVMFuzzerTestOneInput`.

@_extern(c, "LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ testOneInput: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// Defined by the fuzz target (`@_cdecl("LLVMFuzzerTestOneInput")`).
@_extern(c, "LLVMFuzzerTestOneInput")
func LLVMFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt

/// Runs libFuzzer with the process's arguments (`-max_total_time=N`, corpus
/// folders, a crash file to replay…) and exits with its status.
public func runFuzzer() -> Never {
    var argc = CommandLine.argc
    var argv = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput))
}
