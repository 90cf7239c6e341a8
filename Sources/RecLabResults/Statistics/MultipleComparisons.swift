/// Holm's step-down adjustment of p-values for m simultaneous tests (Holm 1979).
///
/// Sort p ascending, p̃₍ᵢ₎ = max_{j ≤ i} min(1, (m − j + 1) · p₍ⱼ₎), returned in
/// the input order. Controls the family-wise error rate at α like Bonferroni
/// (m · p) but is uniformly more powerful. NaN inputs stay NaN and do not count
/// in m. O(m log m).
public enum MultipleComparisons {
    public static func holm(_ p: [Double]) -> [Double] {
        let valid = p.indices.filter { !p[$0].isNaN }.sorted { p[$0] < p[$1] }
        let m = valid.count
        var out = p
        var running = 0.0
        for (rank, i) in valid.enumerated() {
            running = max(running, min(1, Double(m - rank) * p[i]))
            out[i] = running
        }
        return out
    }
}
