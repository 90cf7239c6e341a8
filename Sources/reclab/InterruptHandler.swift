import Dispatch
import Foundation
import RecLabExperiment
#if canImport(Glibc)
import Glibc
#endif

/// Ctrl-C during `reclab run`: the first SIGINT asks the runner to start no
/// new trial (running ones finish and are stored, the partial report is
/// written, exit status 130); a second one exits at once with 130. Either
/// way every finished trial is already on disk (each is written atomically
/// when it ends), so running the same command again resumes.
final class InterruptHandler: @unchecked Sendable {
    static let exitStatus: Int32 = 130
    let stop = StopRequest()
    private var source: DispatchSourceSignal?
    private let lock = NSLock()
    private var count = 0

    func install() {
        signal(SIGINT, SIG_IGN)
        let s = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        s.setEventHandler { [self] in received() }
        s.resume()
        source = s
    }

    private func received() {
        lock.lock()
        count += 1
        let n = count
        lock.unlock()
        if n == 1 {
            stop.request()
            FileHandle.standardError.write(Data("""

                interrupt: starting no new trials; running ones finish and are stored, then the partial report \
                is written. Press Ctrl-C again to quit now (finished trials are kept either way).

                """.utf8))
        } else {
            FileHandle.standardError.write(Data("\ninterrupt: quitting now; run the same command again to resume\n".utf8))
            exit(Self.exitStatus)
        }
    }
}
