extension CSRMatrix {
    /// One row per distinct row of `self`, multiplied by the square root of
    /// how many times it occurs, or nil when fewer than a tenth of the rows
    /// are repeats (then merging saves too little to pay for itself).
    ///
    /// The result `M` has the same Gram matrix as `self`: with `U` the
    /// distinct rows and `c` their counts, `XᵀX = Σ_i x_i x_iᵀ = Σ_u c_u u uᵀ
    /// = MᵀM`. So XᵀX's eigenpairs — X's singular values and right singular
    /// vectors — can be computed from `M`, which is smaller: ml-latest-small's
    /// TF-IDF matrix has 9,724 rows (most movies carry only their genres) but
    /// 2,245 distinct ones. Rows are equal when their column indices and the
    /// bit patterns of their values are. O(nnz) expected (hashing), row order
    /// of first occurrence kept, so the result is deterministic.
    package func mergedDuplicateRows() -> CSRMatrix? {
        guard rows > 1 else { return nil }
        var firstOfHash: [Int: [Int]] = [:]  // row hash → distinct rows (by their first index) with it
        var representative = [Int](repeating: -1, count: rows)
        var distinct: [Int] = []
        var counts: [Int] = []
        func equalRows(_ a: Int, _ b: Int) -> Bool {
            let (la, ha, lb, hb) = (rowPointers[a], rowPointers[a + 1], rowPointers[b], rowPointers[b + 1])
            guard ha - la == hb - lb else { return false }
            for p in 0..<(ha - la) where columnIndices[la + p] != columnIndices[lb + p]
                || values[la + p].bitPattern != values[lb + p].bitPattern { return false }
            return true
        }
        for i in 0..<rows {
            var hasher = Hasher()
            for p in rowPointers[i]..<rowPointers[i + 1] {
                hasher.combine(columnIndices[p])
                hasher.combine(values[p].bitPattern)
            }
            let h = hasher.finalize()
            if let candidates = firstOfHash[h], let match = candidates.first(where: { equalRows($0, i) }) {
                counts[representative[match]] += 1
                representative[i] = representative[match]
            } else {
                representative[i] = distinct.count
                distinct.append(i)
                counts.append(1)
                firstOfHash[h, default: []].append(i)
            }
        }
        guard distinct.count * 10 <= rows * 9 else { return nil }
        var ptr = [0]
        var idx: [Int32] = []
        var vals: [Float] = []
        ptr.reserveCapacity(distinct.count + 1)
        for (u, i) in distinct.enumerated() {
            let scale = Float(Double(counts[u]).squareRoot())
            for p in rowPointers[i]..<rowPointers[i + 1] {
                idx.append(columnIndices[p])
                vals.append(values[p] * scale)
            }
            ptr.append(idx.count)
        }
        return CSRMatrix(uncheckedRows: distinct.count, cols: cols, rowPointers: ptr, columnIndices: idx, values: vals)
    }
}
