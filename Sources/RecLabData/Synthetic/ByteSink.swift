#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Buffered writer of bytes to a new file, with allocation-free number
/// formatting for the generator's CSV output.
final class ByteSink {
    private let fd: Int32
    private var buffer: [UInt8] = []
    let path: String

    init(_ url: URL) throws {
        path = url.path
        fd = open(url.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw DataError("cannot create file", file: url.path, kind: .other) }
        buffer.reserveCapacity(1 << 20)
    }

    func write(_ bytes: [UInt8]) throws {
        if buffer.count + bytes.count > (1 << 20) { try flush() }
        if bytes.count >= (1 << 20) { try writeOut(bytes) } else { buffer.append(contentsOf: bytes) }
    }

    func write(_ s: String) throws { try write(Array(s.utf8)) }

    func flush() throws {
        try writeOut(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeOut(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { b in
            var done = 0
            while done < b.count {
                let n = Foundation.write(fd, b.baseAddress! + done, b.count - done)
                guard n > 0 else { throw DataError("cannot write file (disk full?)", file: path, kind: .other) }
                done += n
            }
        }
    }

    func close() throws {
        try flush()
        _ = Foundation.close(fd)
    }
}

extension Array where Element == UInt8 {
    /// Appends the decimal digits of a non-negative integer.
    @inline(__always)
    mutating func appendDecimal(_ value: Int) {
        var v = value
        if v < 0 { append(0x2D); v = -v }
        if v < 10 { append(UInt8(0x30 + v)); return }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        Swift.withUnsafeMutableBytes(of: &digits) { d in
            while v > 0 { d[n] = UInt8(0x30 + v % 10); v /= 10; n += 1 }
            for i in stride(from: n - 1, through: 0, by: -1) { append(d[i]) }
        }
    }

    /// Appends `s` as one CSV field, quoted (with doubled quotes) when needed.
    mutating func appendCSVField(_ s: String) {
        let u = Array(s.utf8)
        if u.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
            append(0x22)
            for b in u { if b == 0x22 { append(0x22) }; append(b) }
            append(0x22)
        } else {
            append(contentsOf: u)
        }
    }
}
