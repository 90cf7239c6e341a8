#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The bytes of a whole file, memory-mapped read-only (or read into memory
/// when mapping is not possible), so parsers work on raw bytes without
/// copying or decoding.
///
/// The buffer is valid for the lifetime of the value; parsers borrow it via
/// `withBytes`. Immutable after `init`, hence `@unchecked Sendable`.
final class MappedFile: @unchecked Sendable {
    let path: String
    let count: Int
    private let base: UnsafeMutableRawPointer?
    private let mapped: Bool

    /// Opens `url`; a missing or unreadable file is a `DataError(.missingFile)`.
    init(_ url: URL) throws {
        path = url.path
        let fd = open(url.path, O_RDONLY)
        guard fd >= 0 else {
            let reason = errno == ENOENT ? "file not found" : "cannot open file (\(String(cString: strerror(errno))))"
            throw DataError(reason, file: url.path, kind: .missingFile)
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            throw DataError("cannot stat file", file: url.path, kind: .missingFile)
        }
        guard (st.st_mode & S_IFMT) == S_IFREG else {
            throw DataError("not a regular file", file: url.path, kind: .missingFile)
        }
        let size = Int(st.st_size)
        count = size
        if size == 0 {
            base = nil
            mapped = false
            return
        }
        let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0)
        if let p, p != MAP_FAILED {
            base = p
            mapped = true
            _ = madvise(p, size, MADV_SEQUENTIAL)
            return
        }
        // Fallback: read the whole file.
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        var done = 0
        while done < size {
            let n = read(fd, buffer + done, size - done)
            if n <= 0 {
                buffer.deallocate()
                throw DataError("cannot read file", file: url.path, kind: .missingFile)
            }
            done += n
        }
        base = buffer
        mapped = false
    }

    /// A copy of `bytes` in a heap buffer of exactly their size (in-memory
    /// sources; an address sanitizer then sees any read past the end), named
    /// `path` in errors.
    init(copying bytes: [UInt8], path: String) {
        self.path = path
        count = bytes.count
        mapped = false
        if bytes.isEmpty {
            base = nil
            return
        }
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: bytes.count, alignment: 16)
        bytes.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        base = buffer
    }

    deinit {
        guard let base else { return }
        if mapped { munmap(base, count) } else { base.deallocate() }
    }

    /// Calls `body` with the file's bytes (empty for an empty file).
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: base.map { UnsafeRawPointer($0) }, count: count))
    }
}
