/// A sparse matrix of `Float` in compressed sparse row form.
///
/// Row `i`'s non-zeros are `values[rowPointers[i]..<rowPointers[i+1]]` at
/// columns `columnIndices[…]`, strictly increasing within a row. Its
/// `transposed()` is the same matrix's compressed-sparse-column view.
/// Explicit zeros are allowed (they count in `nonZeroCount`).
public struct CSRMatrix: Sendable, Equatable {
    public let rows: Int
    public let cols: Int
    public private(set) var rowPointers: [Int]
    public private(set) var columnIndices: [Int32]
    public private(set) var values: [Float]

    /// Wraps CSR arrays after checking them (pointer monotonicity, column range, sorted rows).
    public init(rows: Int, cols: Int, rowPointers: [Int], columnIndices: [Int32], values: [Float]) throws {
        let op = "CSRMatrix.init"
        guard rows >= 0, cols >= 0, cols <= Int(Int32.max) else {
            throw LinearAlgebraError(op, "invalid shape \(rows) × \(cols)")
        }
        guard rowPointers.count == rows + 1, rowPointers.first == 0,
              rowPointers.last == columnIndices.count, columnIndices.count == values.count else {
            throw LinearAlgebraError(op, "expected \(rows + 1) row pointers from 0 to nnz = \(values.count) and equal index/value counts")
        }
        for i in 0..<rows {
            let lo = rowPointers[i], hi = rowPointers[i + 1]
            guard lo <= hi else { throw LinearAlgebraError(op, "row pointers decrease at row \(i)") }
            var prev: Int32 = -1
            for p in lo..<hi {
                let c = columnIndices[p]
                guard c > prev, Int(c) < cols else {
                    throw LinearAlgebraError(op, "row \(i): column index \(c) out of range 0..<\(cols) or not increasing")
                }
                prev = c
            }
        }
        self.rows = rows
        self.cols = cols
        self.rowPointers = rowPointers
        self.columnIndices = columnIndices
        self.values = values
    }

    /// Internal unchecked initialiser for arrays built correctly by construction.
    package init(uncheckedRows rows: Int, cols: Int, rowPointers: [Int], columnIndices: [Int32], values: [Float]) {
        self.rows = rows
        self.cols = cols
        self.rowPointers = rowPointers
        self.columnIndices = columnIndices
        self.values = values
    }

    /// Builds a matrix from (row, column, value) triplets in any order.
    /// A repeated (row, column) keeps the value that comes **last** in the input.
    /// O(nnz + rows + cols) by two counting passes.
    public init(rows: Int, cols: Int, triplets rowIndex: [Int32], _ colIndex: [Int32], _ value: [Float]) throws {
        let op = "CSRMatrix.init(triplets:)"
        guard rowIndex.count == colIndex.count, colIndex.count == value.count else {
            throw LinearAlgebraError(op, "row, column and value arrays have different lengths")
        }
        for k in 0..<rowIndex.count {
            guard rowIndex[k] >= 0, Int(rowIndex[k]) < rows, colIndex[k] >= 0, Int(colIndex[k]) < cols else {
                throw LinearAlgebraError(op, "entry \(k) at (\(rowIndex[k]), \(colIndex[k])) is outside \(rows) × \(cols)")
            }
        }
        // Bucket by column first (stable), then by row: rows end up with sorted columns.
        let byCol = Self.bucket(keys: colIndex, count: cols, order: Array(0..<rowIndex.count))
        let byRow = Self.bucket(keys: rowIndex, count: rows, order: byCol.order)
        var ptr = [Int](repeating: 0, count: rows + 1)
        var cidx: [Int32] = []
        var vals: [Float] = []
        cidx.reserveCapacity(value.count)
        vals.reserveCapacity(value.count)
        for i in 0..<rows {
            for p in byRow.starts[i]..<byRow.starts[i + 1] {
                let k = byRow.order[p]
                if cidx.count > ptr[i], cidx[cidx.count - 1] == colIndex[k] {
                    // Same cell again: stable order means k came later in the input.
                    vals[vals.count - 1] = value[k]
                } else {
                    cidx.append(colIndex[k])
                    vals.append(value[k])
                }
            }
            ptr[i + 1] = cidx.count
        }
        self.init(uncheckedRows: rows, cols: cols, rowPointers: ptr, columnIndices: cidx, values: vals)
    }

    private static func bucket(keys: [Int32], count: Int, order: [Int]) -> (starts: [Int], order: [Int]) {
        var starts = [Int](repeating: 0, count: count + 1)
        for k in order { starts[Int(keys[k]) + 1] += 1 }
        for i in 0..<count { starts[i + 1] += starts[i] }
        var next = starts
        var out = [Int](repeating: 0, count: order.count)
        for k in order {
            let b = Int(keys[k])
            out[next[b]] = k
            next[b] += 1
        }
        return (starts, out)
    }

    public var nonZeroCount: Int { values.count }

    /// The transpose (equivalently, this matrix in compressed sparse column
    /// form). O(nnz + rows + cols); columns stay sorted within each row.
    public func transposed() -> CSRMatrix {
        var ptr = [Int](repeating: 0, count: cols + 1)
        for c in columnIndices { ptr[Int(c) + 1] += 1 }
        for j in 0..<cols { ptr[j + 1] += ptr[j] }
        var next = ptr
        var idx = [Int32](repeating: 0, count: values.count)
        var vals = [Float](repeating: 0, count: values.count)
        for i in 0..<rows {
            for p in rowPointers[i]..<rowPointers[i + 1] {
                let j = Int(columnIndices[p])
                idx[next[j]] = Int32(i)
                vals[next[j]] = values[p]
                next[j] += 1
            }
        }
        return CSRMatrix(uncheckedRows: cols, cols: rows, rowPointers: ptr, columnIndices: idx, values: vals)
    }

    /// The dense equivalent (for small matrices and tests). O(rows · cols) memory.
    public func toDense() -> DenseMatrix {
        var d = DenseMatrix(rows: rows, cols: cols)
        for i in 0..<rows {
            for p in rowPointers[i]..<rowPointers[i + 1] { d.values[i * cols + Int(columnIndices[p])] = values[p] }
        }
        return d
    }

    /// Row `i` as (column indices, values).
    public func row(_ i: Int) -> (indices: ArraySlice<Int32>, values: ArraySlice<Float>) {
        let r = rowPointers[i]..<rowPointers[i + 1]
        return (columnIndices[r], values[r])
    }

    /// A copy whose stored values are replaced by `transform(row, column, value)`
    /// (the sparsity pattern is unchanged).
    public func mapValues(_ transform: (Int, Int, Float) -> Float) -> CSRMatrix {
        var out = self
        for i in 0..<rows {
            for p in rowPointers[i]..<rowPointers[i + 1] {
                out.values[p] = transform(i, Int(columnIndices[p]), values[p])
            }
        }
        return out
    }

    /// Sum over columns of the population variance (ddof = 0) of each column,
    /// `Σ_j [ mean_i(x_ij²) − mean_i(x_ij)² ]`, from the stored entries only
    /// (missing entries are zeros), accumulated in `Double`; never densifies.
    /// This is the denominator of scikit-learn's `explained_variance_ratio_`.
    /// O(nnz + cols).
    public func totalColumnVariance() -> Double {
        guard rows > 0 else { return 0 }
        var sum = [Double](repeating: 0, count: cols)
        var sq = [Double](repeating: 0, count: cols)
        for p in 0..<values.count {
            let j = Int(columnIndices[p]), v = Double(values[p])
            sum[j] += v
            sq[j] += v * v
        }
        let n = Double(rows)
        var total = 0.0
        for j in 0..<cols {
            let mean = sum[j] / n
            total += max(0, sq[j] / n - mean * mean)
        }
        return total
    }
}
