import Foundation
import Testing
@testable import RecLabCore

/// SHA-256 against independent oracles: the FIPS 180-4 example vectors (NIST
/// CSRC "SHA256.pdf" examples and the CAVP short/long messages) and the
/// system's `sha256sum` (GNU coreutils) on pseudo-random inputs of every
/// length around the block boundaries. Tolerance: exact (bit-for-bit).
@Suite struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
    ])
    func fipsVectors(message: String, digest: String) {
        #expect(SHA256.hex(message) == digest)
    }

    @Test func millionAs() {
        var h = SHA256()
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 { h.update(chunk) }
        #expect(SHA256.hexString(h.finalize()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func streamingEqualsOneShot() {
        var rng = Xoshiro256StarStar(seed: 7)
        let bytes = (0..<1000).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        var h = SHA256()
        var i = 0
        var step = 1
        while i < bytes.count {
            let j = min(bytes.count, i + step)
            h.update(bytes[i..<j])
            i = j
            step = step % 97 + 13
        }
        #expect(h.finalize() == SHA256.hash(bytes))
    }

    /// `finalize()` leaves the value unchanged: a second call gives the same
    /// digest, and updating afterwards continues the same message.
    @Test func finalizeDoesNotConsumeTheState() {
        var h = SHA256()
        h.update(Array("ab".utf8))
        let first = h.finalize()
        #expect(h.finalize() == first)
        #expect(SHA256.hexString(first) == "fb8e20fc2e4c3f248c60c39bd652f3c1347298bb977b8b4d5903b85055620603")
        h.update(Array("c".utf8))
        #expect(SHA256.hexString(h.finalize()) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    /// Lengths 0…130 and a few larger, each checked against `sha256sum`.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sha256sum"), "sha256sum not installed"))
    func matchesSha256sum() throws {
        var rng = Xoshiro256StarStar(seed: 42)
        let lengths = Array(0...130) + [1000, 4095, 4096, 65_537]
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reclab-sha-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var files: [URL] = []
        var expected: [String] = []
        for n in lengths {
            let bytes = (0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let url = dir.appendingPathComponent("m\(n)")
            try Data(bytes).write(to: url)
            files.append(url)
            expected.append(SHA256.hex(bytes: bytes))
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        p.arguments = files.map(\.path)
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        let got = out.split(separator: "\n").map { String($0.prefix(64)) }
        #expect(got == expected)
        // The file helper reads the same files to the same digests (4 MiB blocks; these are smaller,
        // plus one file spanning three blocks).
        #expect(files.map { SHA256.hex(fileAtPath: $0.path) } == expected)
        let big = (0..<(9 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) }
        let bigURL = dir.appendingPathComponent("big")
        try Data(big).write(to: bigURL)
        #expect(SHA256.hex(fileAtPath: bigURL.path) == SHA256.hex(bytes: big))
        #expect(SHA256.hex(fileAtPath: dir.appendingPathComponent("missing").path) == nil)
    }
}
