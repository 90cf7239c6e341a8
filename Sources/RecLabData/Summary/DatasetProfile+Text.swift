import Foundation

extension DatasetProfile {
    /// A plain-text rendering for the terminal (`reclab data info`).
    public var text: String {
        func n(_ x: Int) -> String {
            let s = String(x)
            var out = ""
            for (i, c) in s.reversed().enumerated() {
                if i > 0 && i % 3 == 0 && c != "-" { out.append(",") }
                out.append(c)
            }
            return String(out.reversed())
        }
        func f(_ x: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", x) }
        func date(_ t: Int?) -> String {
            guard let t else { return "-" }
            let fmt = DateFormatter()
            fmt.locale = Locale(identifier: "en_US_POSIX")
            fmt.timeZone = TimeZone(identifier: "UTC")
            fmt.dateFormat = "yyyy-MM-dd"
            return fmt.string(from: Date(timeIntervalSince1970: TimeInterval(t)))
        }
        func dist(_ d: Distribution) -> String {
            "min \(f(d.min, 0)) · p10 \(f(d.p10)) · p25 \(f(d.p25)) · median \(f(d.median)) · p75 \(f(d.p75)) · p90 \(f(d.p90)) · max \(f(d.max, 0)) · mean \(f(d.mean))"
        }
        var lines: [String] = []
        lines.append("\(name)\(layout.map { " (\($0.rawValue) layout)" } ?? "")")
        lines.append("  users      \(n(users)) (\(n(usersWithRatings)) with ratings)")
        lines.append("  movies     \(n(movies)) (\(n(moviesWithRatings)) with ratings)")
        lines.append("  ratings    \(n(ratings)) · mean \(f(meanRating, 3))\(ratingScale.map { " · scale \($0)" } ?? "")")
        lines.append("  density    \(String(format: "%.4f", density * 100)) % (sparsity \(String(format: "%.4f", sparsity * 100)) %)")
        lines.append("  dates      \(date(firstRating)) to \(date(lastRating))")
        lines.append("  tags       \(n(tags)) (\(n(distinctTags)) distinct)")
        lines.append("  ratings per user   \(dist(ratingsPerUser))")
        lines.append("  ratings per movie  \(dist(ratingsPerMovie))")
        lines.append("  histogram")
        let top = histogram.map(\.count).max() ?? 1
        for h in histogram {
            let bar = String(repeating: "█", count: max(1, Int((Double(h.count) / Double(top) * 40).rounded())))
            lines.append("    \(String(format: "%4.1f", h.rating))  \(bar) \(n(h.count))")
        }
        lines.append("  genres (\(genres.count)): " + genres.map { "\($0.genre) \(n($0.movies))" }.joined(separator: " · "))
        if let fp = fingerprint {
            lines.append("  files")
            for file in fp.files { lines.append("    \(file.name)  \(n(file.bytes)) bytes  md5 \(file.md5)") }
        }
        return lines.joined(separator: "\n")
    }
}
