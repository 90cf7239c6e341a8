/// Settings of the TF-IDF vectoriser, named after scikit-learn's
/// `TfidfVectorizer` arguments; the defaults are the tutorial's
/// `TfidfVectorizer(stop_words='english')`.
public struct TfidfOptions: Sendable, Hashable, Codable {
    /// A document-frequency bound: an absolute document count, or a fraction
    /// of the documents (scikit-learn's int vs float `min_df` / `max_df`).
    public enum DocumentFrequency: Sendable, Hashable, Codable {
        case count(Int)
        case fraction(Double)

        func documents(of total: Int) -> Double {
            switch self {
            case .count(let c): return Double(c)
            case .fraction(let f): return f * Double(total)
            }
        }
    }

    /// Remove scikit-learn's English stop words (before forming n-grams).
    public var stopWords: Bool
    /// Lower-case the text before tokenising.
    public var lowercase: Bool
    /// Ignore terms in fewer documents than this.
    public var minDF: DocumentFrequency
    /// Ignore terms in more documents than this.
    public var maxDF: DocumentFrequency
    /// Replace a term count c by 1 + ln c.
    public var sublinearTF: Bool
    /// Word n-gram lengths, inclusive (scikit-learn's `ngram_range`).
    public var ngramMin: Int
    public var ngramMax: Int

    public init(stopWords: Bool = true, lowercase: Bool = true, minDF: DocumentFrequency = .count(1),
                maxDF: DocumentFrequency = .fraction(1.0), sublinearTF: Bool = false,
                ngramMin: Int = 1, ngramMax: Int = 1) {
        self.stopWords = stopWords
        self.lowercase = lowercase
        self.minDF = minDF
        self.maxDF = maxDF
        self.sublinearTF = sublinearTF
        self.ngramMin = ngramMin
        self.ngramMax = ngramMax
    }

    /// Nil when valid, else what is wrong (as scikit-learn's parameter checks).
    public var problem: String? {
        for (name, bound) in [("min_df", minDF), ("max_df", maxDF)] {
            switch bound {
            case .count(let c) where c < 0: return "\(name) must be a count ≥ 0 or a fraction in [0, 1], got \(c)"
            case .fraction(let f) where !(0...1).contains(f): return "\(name) fraction must be in [0, 1], got \(f)"
            default: break
            }
        }
        if ngramMin < 1 || ngramMax < ngramMin {
            return "ngram range must satisfy 1 ≤ min ≤ max, got \(ngramMin)...\(ngramMax)"
        }
        return nil
    }
}
