#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Foundation

/// Progress on standard error: on a terminal one redrawn line (trials done /
/// total, the running trials' epochs, ETA); otherwise one plain line per
/// event, so logs and CI stay readable.
public final class ProgressReporter: @unchecked Sendable {
    public enum Mode: Sendable { case terminal, lines, silent }

    private let lock = NSLock()
    private let mode: Mode
    private var total = 0
    private var done = 0
    private var started = Date()
    private var running: [Int: (id: String, epoch: Int, epochs: Int)] = [:]
    private var lastDraw = Date.distantPast

    public init(mode: Mode? = nil) {
        self.mode = mode ?? (isatty(STDERR_FILENO) != 0 ? .terminal : .lines)
    }

    /// A stage message (`loading data`, `similarity`…).
    public func stage(_ text: String) {
        lock.lock(); defer { lock.unlock() }
        switch mode {
        case .silent: return
        case .terminal: emit("\r\u{1B}[2K" + text + "\n")
        case .lines: emit(text + "\n")
        }
    }

    public func begin(total: Int) {
        lock.lock(); defer { lock.unlock() }
        self.total = total
        done = 0
        started = Date()
    }

    public func trialStarted(worker: Int, id: String) {
        lock.lock(); defer { lock.unlock() }
        running[worker] = (id, 0, 0)
        if mode == .terminal { redraw(force: true) }
    }

    public func epoch(worker: Int, epoch: Int, of epochs: Int) {
        lock.lock(); defer { lock.unlock() }
        guard var r = running[worker] else { return }
        r.epoch = epoch
        r.epochs = epochs
        running[worker] = r
        if mode == .terminal { redraw(force: false) }
    }

    public func trialFinished(worker: Int, id: String, summary: String) {
        lock.lock(); defer { lock.unlock() }
        running[worker] = nil
        done += 1
        switch mode {
        case .silent: return
        case .lines: emit("[\(done)/\(total)] \(id) \(summary) (ETA \(eta()))\n")
        case .terminal: redraw(force: true)
        }
    }

    /// Ends the redrawn line.
    public func finish() {
        lock.lock(); defer { lock.unlock() }
        if mode == .terminal && total > 0 { emit("\r\u{1B}[2K[\(done)/\(total)] trials done in \(Self.format(Date().timeIntervalSince(started)))\n") }
    }

    private func eta() -> String {
        guard done > 0, total > done else { return done >= total ? "0s" : "?" }
        let elapsed = Date().timeIntervalSince(started)
        return Self.format(elapsed / Double(done) * Double(total - done))
    }

    private func redraw(force: Bool) {
        let now = Date()
        guard force || now.timeIntervalSince(lastDraw) > 0.2 else { return }
        lastDraw = now
        let cur = running.keys.sorted().compactMap { running[$0] }.map { r in
            r.epochs > 0 ? "\(r.id) epoch \(r.epoch)/\(r.epochs)" : r.id
        }.joined(separator: ", ")
        var line = "[\(done)/\(total)] ETA \(eta())"
        if !cur.isEmpty { line += " · " + cur }
        emit("\r\u{1B}[2K" + String(line.prefix(160)))
    }

    private func emit(_ s: String) {
        FileHandle.standardError.write(Data(s.utf8))
    }

    static func format(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m\(String(format: "%02d", s % 60))s" }
        return "\(s / 3600)h\(String(format: "%02d", (s % 3600) / 60))m"
    }
}
