/// Where a value sits in a row of a delimited file: a column named in the
/// header line, or a 0-based position (for files with or without a header).
public enum ColumnRef: Sendable, Hashable, Codable, CustomStringConvertible {
    case name(String)
    case position(Int)

    public var description: String {
        switch self {
        case .name(let n): return n
        case .position(let p): return "column \(p)"
        }
    }

    /// `n:<name>`, `p:<position>` or `-` for an absent column: the cache keys' spelling.
    static func canonical(_ c: ColumnRef?) -> String {
        switch c {
        case .name(let n)?: return "n:" + n
        case .position(let p)?: return "p:\(p)"
        case nil: return "-"
        }
    }
}

/// How a delimited ratings file is laid out, after Surprise's
/// `Reader(line_format=…, sep=…, rating_scale=…, skip_lines=…)` and
/// LensKit's `load_ratings`: a separator, whether the first line is a header,
/// which columns hold the user, the item, the rating and (optionally) the
/// timestamp, and the rating scale.
///
/// Fields are split by `RecordScanner`: RFC 4180 quoting when the separator
/// is `,`, none otherwise; `::` is the two-byte separator of ml-1m/ml-10m.
public struct DelimitedFormat: Sendable, Hashable, Codable {
    /// One character (`,`, tab, `;`, `|`, space…) or `::`.
    public var delimiter: String
    public var header: Bool
    public var user: ColumnRef
    public var item: ColumnRef
    public var rating: ColumnRef
    public var timestamp: ColumnRef?
    /// Allowed values; `step` 0 accepts any value in `lower...upper`.
    public var scale: RatingScale

    public init(delimiter: String = ",", header: Bool = true, user: ColumnRef = .position(0), item: ColumnRef = .position(1),
                rating: ColumnRef = .position(2), timestamp: ColumnRef? = nil, scale: RatingScale) {
        self.delimiter = delimiter
        self.header = header
        self.user = user
        self.item = item
        self.rating = rating
        self.timestamp = timestamp
        self.scale = scale
    }

    /// The layout of MovieLens' `ratings.csv` (`userId,movieId,rating,timestamp`) with the given scale.
    public static func movieLensCSV(scale: RatingScale) -> DelimitedFormat {
        DelimitedFormat(delimiter: ",", header: true, user: .name("userId"), item: .name("movieId"), rating: .name("rating"),
                        timestamp: .name("timestamp"), scale: scale)
    }

    /// The separator byte and whether it is doubled (`::`), or nil when `delimiter` is not one we can split on.
    public static func separator(of delimiter: String) -> (byte: UInt8, doubled: Bool)? {
        let bytes = Array(delimiter.utf8)
        if bytes == [0x3A, 0x3A] { return (0x3A, true) }
        guard bytes.count == 1, bytes[0] != 0x0A, bytes[0] != 0x0D, bytes[0] != 0x22 else { return nil }
        return (bytes[0], false)
    }

    /// A stable text naming every setting, for cache keys.
    package var canonical: String {
        return ["sep:\(Array(delimiter.utf8))", "header:\(header)", "user:" + ColumnRef.canonical(user), "item:" + ColumnRef.canonical(item),
                "rating:" + ColumnRef.canonical(rating), "timestamp:" + ColumnRef.canonical(timestamp),
                "scale:\(scale.lower.bitPattern),\(scale.upper.bitPattern),\(scale.step.bitPattern)"].joined(separator: "\n")
    }
}

/// An item metadata file (titles and text for content similarity) and how
/// to read it: its own separator and header, the column holding the item id
/// (the ratings file's ids), an optional title column and any number of text
/// columns whose values become the item's content text.
public struct ItemsFileFormat: Sendable, Hashable, Codable {
    public var delimiter: String
    public var header: Bool
    public var item: ColumnRef
    public var title: ColumnRef?
    public var text: [ColumnRef]

    public init(delimiter: String = ",", header: Bool = true, item: ColumnRef = .position(0), title: ColumnRef? = nil,
                text: [ColumnRef] = []) {
        self.delimiter = delimiter
        self.header = header
        self.item = item
        self.title = title
        self.text = text
    }

    package var canonical: String {
        return ["sep:\(Array(delimiter.utf8))", "header:\(header)", "item:" + ColumnRef.canonical(item), "title:" + ColumnRef.canonical(title),
                "text:" + text.map { ColumnRef.canonical($0) }.joined(separator: ",")].joined(separator: "\n")
    }
}
