import Foundation
import Testing
import RecLabCore

/// MD5 against the RFC 1321 test suite, `md5sum`, and the published
/// checksums of the real ml-latest-small files.
@Suite struct MD5Tests {
    /// RFC 1321, appendix A.5.
    static let rfcSuite: [(String, String)] = [
        ("", "d41d8cd98f00b204e9800998ecf8427e"),
        ("a", "0cc175b9c0f1b6a831c399e269772661"),
        ("abc", "900150983cd24fb0d6963f7d28e17f72"),
        ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
        ("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"),
        ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f"),
        ("12345678901234567890123456789012345678901234567890123456789012345678901234567890",
         "57edf4a22be3c955ac49da2e2107b67a"),
    ]

    @Test(arguments: rfcSuite.indices)
    func rfc1321Vectors(_ i: Int) {
        let (text, digest) = Self.rfcSuite[i]
        #expect(MD5.hex(Array(text.utf8)) == digest)
    }

    /// `finalize()` leaves the value unchanged: a second call gives the same
    /// digest, and updating afterwards continues the same message.
    @Test func finalizeDoesNotConsumeTheState() {
        var h = MD5()
        h.update(Array("ab".utf8))
        #expect(h.hexDigest() == h.hexDigest())
        #expect(h.hexDigest() == "187ef4436122d1cc2f40dc2b92f0eba0")
        h.update(Array("c".utf8))
        #expect(h.hexDigest() == "900150983cd24fb0d6963f7d28e17f72")
    }

    /// Lengths around the padding boundaries (55, 56, 63, 64, 65 …) fed in
    /// uneven pieces, against the system `md5sum`.
    @Test func matchesMd5sumAcrossPaddingBoundariesAndPieces() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/md5sum") else { return }
        var x: UInt64 = 0x1234_5678
        for length in [1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000, 4097] {
            let bytes: [UInt8] = (0..<length).map { _ in
                x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return UInt8(truncatingIfNeeded: x >> 56)
            }
            var h = MD5()
            var at = 0
            var piece = 1
            while at < bytes.count {
                let end = min(bytes.count, at + piece)
                h.update(Array(bytes[at..<end]))
                at = end
                piece = piece * 3 + 1
            }
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("md5-\(UUID().uuidString)")
            try Data(bytes).write(to: url)
            defer { try? FileManager.default.removeItem(at: url) }
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/md5sum")
            p.arguments = [url.path]
            let pipe = Pipe()
            p.standardOutput = pipe
            try p.run()
            p.waitUntilExit()
            let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(h.hexDigest() == String(out.prefix(32)), "length \(length)")
            #expect(MD5.hex(fileAtPath: url.path) == String(out.prefix(32)))
        }
    }

    static var realFolder: URL? {
        let dir = ProcessInfo.processInfo.environment["RECLAB_DATA_DIR"].map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../shared/data")
        let folder = dir.appendingPathComponent("ml-latest-small")
        return FileManager.default.fileExists(atPath: folder.appendingPathComponent("ratings.csv").path) ? folder : nil
    }

    /// The checksums listed for the real files in ../shared/README.md.
    @Test(.enabled(if: realFolder != nil, "real ml-latest-small not found: set RECLAB_DATA_DIR (CI uses ../shared/data)"))
    func realMovieLensFilesMatchTheirPublishedChecksums() throws {
        let folder = try #require(Self.realFolder)
        let expected = ["ratings.csv": "325a6f09399d1c45671f187505e1a100", "movies.csv": "ed94fab72b62442ef8150d9446e000d6",
                        "tags.csv": "1b2d21a7be1cc23d327b11155a4a6aea", "links.csv": "316913f95cdad64c745ca22f3630e230"]
        for (name, md5) in expected {
            #expect(MD5.hex(fileAtPath: folder.appendingPathComponent(name).path) == md5, "\(name)")
        }
    }
}
