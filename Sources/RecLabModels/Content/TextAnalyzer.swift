/// Turns a document into terms exactly as scikit-learn's word analyzer does
/// with the default `token_pattern=r"(?u)\b\w\w+\b"`:
///
/// 1. lower-case (Unicode full case mapping, as Python's `str.lower`);
/// 2. tokens = maximal runs of at least two *word* code points, where a word
///    code point is what Python's `re` calls `\w` for `str` patterns: a letter
///    (Lu Ll Lt Lm Lo), a number (Nd Nl No) or `_` — combining marks are not;
/// 3. drop stop words;
/// 4. word n-grams for n in `ngramMin...ngramMax`, joined by one space.
public struct TextAnalyzer: Sendable {
    public var options: TfidfOptions

    public init(options: TfidfOptions = TfidfOptions()) { self.options = options }

    /// Python `re` `\w` for a Unicode code point (category-based, see above).
    @inlinable
    public static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII {
            let v = s.value
            return (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) || v == 0x5F
        }
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }

    /// Unigram tokens (steps 1–2).
    public func tokens(_ text: String) -> [String] {
        let source = options.lowercase ? text.lowercased() : text
        var out: [String] = []
        var current = String.UnicodeScalarView()
        var length = 0
        func flush() {
            if length >= 2 { out.append(String(current)) }
            current = String.UnicodeScalarView()
            length = 0
        }
        for s in source.unicodeScalars {
            if Self.isWordScalar(s) {
                current.append(s)
                length += 1
            } else if length > 0 {
                flush()
            }
        }
        if length > 0 { flush() }
        return out
    }

    /// Terms of a document (steps 1–4), in document order.
    public func terms(_ text: String) -> [String] {
        var toks = tokens(text)
        if options.stopWords { toks.removeAll { EnglishStopWords.words.contains($0) } }
        if options.ngramMin == 1 && options.ngramMax == 1 { return toks }
        var out: [String] = []
        for n in options.ngramMin...options.ngramMax where n <= toks.count {
            if n == 1 { out.append(contentsOf: toks); continue }
            for i in 0...(toks.count - n) { out.append(toks[i..<(i + n)].joined(separator: " ")) }
        }
        return out
    }
}
