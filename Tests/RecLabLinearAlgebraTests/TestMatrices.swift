import RecLabCore
import RecLabLinearAlgebra

/// Seeded random test matrices (xoshiro256**), so every test is reproducible.
enum TestMatrices {
    /// A rows × cols sparse matrix with about `density` of its entries set to values in [-1, 1).
    static func sparse(rows: Int, cols: Int, density: Double, seed: UInt64) throws -> CSRMatrix {
        var rng = Xoshiro256StarStar(seed: seed)
        var r: [Int32] = [], c: [Int32] = [], v: [Float] = []
        for i in 0..<rows {
            for j in 0..<cols where rng.nextUnit() < density {
                r.append(Int32(i)); c.append(Int32(j)); v.append(Float(rng.nextUnit() * 2 - 1))
            }
        }
        return try CSRMatrix(rows: rows, cols: cols, triplets: r, c, v)
    }

    static func dense(rows: Int, cols: Int, seed: UInt64) -> DenseMatrix {
        var rng = Xoshiro256StarStar(seed: seed)
        var d = DenseMatrix(rows: rows, cols: cols)
        for i in 0..<d.values.count { d.values[i] = Float(rng.nextUnit() * 2 - 1) }
        return d
    }

    /// Naive triple loop in Double: the reference for every product test.
    static func naiveProduct(_ a: DenseMatrix, _ b: DenseMatrix) -> [Double] {
        var out = [Double](repeating: 0, count: a.rows * b.cols)
        for i in 0..<a.rows {
            for k in 0..<a.cols {
                let x = Double(a[i, k])
                if x == 0 { continue }
                for j in 0..<b.cols { out[i * b.cols + j] += x * Double(b[k, j]) }
            }
        }
        return out
    }
}
