/// The one place where RecLab hands a raw buffer to concurrent work.
///
/// `DispatchQueue.concurrentPerform` takes a `@Sendable` closure, which may not
/// capture raw pointers. This wrapper asserts what the compiler cannot check:
/// every caller gives each concurrent iteration a *disjoint* range of the
/// buffer to write (or only reads), and keeps the owning array alive for the
/// duration of the call (`withUnsafe…BufferPointer`). Keep its uses inside
/// small, tested kernels (`CSRMatrix+Products.swift`; in `RecLabModels` the
/// blocked SGD epoch, the latent k-NN batch, Slope One and the k-NN similarity
/// build).
package struct UnsafeSendablePointer<T>: @unchecked Sendable {
    package let base: UnsafeMutablePointer<T>
    package init(_ base: UnsafeMutablePointer<T>) { self.base = base }
}

/// Read-only counterpart of `UnsafeSendablePointer`.
package struct UnsafeSendableConstPointer<T>: @unchecked Sendable {
    package let base: UnsafePointer<T>
    package init(_ base: UnsafePointer<T>) { self.base = base }
}
