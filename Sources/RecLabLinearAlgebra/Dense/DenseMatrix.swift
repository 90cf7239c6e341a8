/// A dense matrix of `Float`, stored row-major: element (i, j) is
/// `values[i * cols + j]`.
///
/// The layout matches CBLAS/LAPACKE's `CblasRowMajor` / `LAPACK_ROW_MAJOR`, so
/// the storage goes to OpenBLAS without copies.
public struct DenseMatrix: Sendable, Equatable {
    public private(set) var rows: Int
    public private(set) var cols: Int
    public var values: [Float]

    /// A `rows × cols` matrix filled with `value`.
    public init(rows: Int, cols: Int, repeating value: Float = 0) {
        precondition(rows >= 0 && cols >= 0, "matrix dimensions must be non-negative")
        self.rows = rows
        self.cols = cols
        values = [Float](repeating: value, count: rows * cols)
    }

    /// A matrix over row-major `values`; throws when the count is not `rows × cols`.
    public init(rows: Int, cols: Int, values: [Float]) throws {
        guard rows >= 0, cols >= 0, values.count == rows * cols else {
            throw LinearAlgebraError("DenseMatrix.init",
                                     "expected \(rows) × \(cols) = \(rows * cols) values, got \(values.count)")
        }
        self.rows = rows
        self.cols = cols
        self.values = values
    }

    /// A matrix from nested rows (tests and small examples); throws on ragged input.
    public init(_ nested: [[Float]]) throws {
        let c = nested.first?.count ?? 0
        guard nested.allSatisfy({ $0.count == c }) else {
            throw LinearAlgebraError("DenseMatrix.init", "rows have different lengths")
        }
        try self.init(rows: nested.count, cols: c, values: nested.flatMap { $0 })
    }

    @inlinable
    public subscript(row: Int, col: Int) -> Float {
        get { values[row * cols + col] }
        set { values[row * cols + col] = newValue }
    }

    /// Row `i` as a copy.
    public func row(_ i: Int) -> [Float] { Array(values[(i * cols)..<((i + 1) * cols)]) }

    /// The transpose, as a new row-major matrix. O(rows · cols).
    public func transposed() -> DenseMatrix {
        var out = DenseMatrix(rows: cols, cols: rows)
        values.withUnsafeBufferPointer { src in
            out.values.withUnsafeMutableBufferPointer { dst in
                for i in 0..<rows { for j in 0..<cols { dst[j * rows + i] = src[i * cols + j] } }
            }
        }
        return out
    }

    /// The first `count` columns (a copy).
    public func leadingColumns(_ count: Int) -> DenseMatrix {
        precondition(count <= cols)
        if count == cols { return self }
        var out = DenseMatrix(rows: rows, cols: count)
        for i in 0..<rows {
            for j in 0..<count { out.values[i * count + j] = values[i * cols + j] }
        }
        return out
    }

    /// Population variance (ddof = 0) of each column, accumulated in `Double`:
    /// `var_j = mean_i(x_ij²) − mean_i(x_ij)²`, computed two-pass (mean first) for accuracy.
    public func columnVariances() -> [Double] {
        guard rows > 0 else { return [Double](repeating: 0, count: cols) }
        var mean = [Double](repeating: 0, count: cols)
        for i in 0..<rows { for j in 0..<cols { mean[j] += Double(values[i * cols + j]) } }
        for j in 0..<cols { mean[j] /= Double(rows) }
        var v = [Double](repeating: 0, count: cols)
        for i in 0..<rows {
            for j in 0..<cols {
                let d = Double(values[i * cols + j]) - mean[j]
                v[j] += d * d
            }
        }
        return v.map { $0 / Double(rows) }
    }

    /// Each row divided by its Euclidean norm (summed in `Double`); an all-zero
    /// row stays zero, so cosine similarities against it are 0, never NaN.
    public func rowNormalized() -> DenseMatrix {
        var out = self
        let c = cols
        out.values.withUnsafeMutableBufferPointer { p in
            for i in 0..<rows {
                let row = p.baseAddress! + i * c
                var n2 = 0.0
                for j in 0..<c { let v = Double(row[j]); n2 += v * v }
                guard n2 > 0 else { continue }
                let inv = Float(1 / n2.squareRoot())
                for j in 0..<c { row[j] *= inv }
            }
        }
        return out
    }
}
