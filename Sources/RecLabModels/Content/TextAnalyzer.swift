/// Turns a document into terms exactly as scikit-learn's word analyzer does
/// with the default `token_pattern=r"(?u)\b\w\w+\b"`:
///
/// 1. lower-case as Python's `str.lower`: each code point's full lowercase
///    mapping, and capital sigma becomes final ς when it ends a word
///    (Unicode's Final_Sigma context);
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
        var text = text
        if let ascii = text.withUTF8({ Self.asciiTokens($0, lowercase: options.lowercase) }) { return ascii }
        return unicodeTokens(text)
    }

    /// Steps 1–2 on Unicode scalars: the general path (and the reference the
    /// ASCII fast path is tested against).
    package func unicodeTokens(_ text: String) -> [String] {
        let source = options.lowercase ? Self.pythonLowercased(text) : text
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

    /// Steps 1–2 for an all-ASCII document, on its bytes: the same tokens as
    /// the Unicode path (for ASCII, `\w` is `[0-9A-Za-z_]` and lower-casing
    /// maps A–Z to a–z only), without building a lower-cased copy or a
    /// `Character` per byte. Nil as soon as a non-ASCII byte appears: the
    /// caller then takes the Unicode path for the whole document.
    package static func asciiTokens(_ bytes: UnsafeBufferPointer<UInt8>, lowercase: Bool) -> [String]? {
        var out: [String] = []
        var start = 0, i = 0
        let n = bytes.count
        func isWord(_ b: UInt8) -> Bool {
            (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || b == 0x5F
        }
        while i <= n {
            let b: UInt8 = i < n ? bytes[i] : 0x20
            if b >= 0x80 { return nil }
            if isWord(b) { i += 1; continue }
            if i - start >= 2 {
                out.append(String(unsafeUninitializedCapacity: i - start) { buf in
                    for j in start..<i {
                        let c = bytes[j]
                        buf[j - start] = lowercase && c >= 0x41 && c <= 0x5A ? c + 32 : c
                    }
                    return i - start
                })
            }
            i += 1
            start = i
        }
        return out
    }

    /// Python's `str.lower()`: full lowercase mapping per code point, with
    /// U+03A3 Σ → ς when preceded by a cased letter and not followed by one
    /// (case-ignorable code points skipped both ways), else σ.
    public static func pythonLowercased(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        for (i, s) in scalars.enumerated() {
            if s.isASCII {
                out.append(s.value >= 0x41 && s.value <= 0x5A ? Unicode.Scalar(s.value + 32)! : s)
            } else if s.value == 0x03A3 {
                out.append(isFinalSigma(scalars, at: i) ? "\u{03C2}" : "\u{03C3}")
            } else {
                out.append(contentsOf: s.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return String(out)
    }

    private static func isFinalSigma(_ s: [Unicode.Scalar], at i: Int) -> Bool {
        var j = i - 1
        while j >= 0 && s[j].properties.isCaseIgnorable { j -= 1 }
        guard j >= 0, s[j].properties.isCased else { return false }
        j = i + 1
        while j < s.count && s[j].properties.isCaseIgnorable { j += 1 }
        return !(j < s.count && s[j].properties.isCased)
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
