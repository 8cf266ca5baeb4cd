/// A word-level diff between two texts, as runs of equal, removed and inserted words.
///
/// Words are runs of non-whitespace; each keeps the whitespace before it so the texts can be
/// rebuilt with their line breaks. Only the words are compared, so a change of spacing alone is
/// not a change — except a blank line, which counts as a word of its own
/// (``paragraphBreak``), so adding or removing one is a change that shows. The matching uses the standard library's `difference(from:)` (Myers' algorithm,
/// O((n+m)·D)), so no diff package is needed.
public struct WordDiff: Codable, Sendable, Hashable {
    /// What happened to a run of words.
    public enum Operation: String, Codable, Sendable, Hashable {
        case equal, removed, inserted
    }

    /// A run of words with one operation; `text` includes the whitespace before each word.
    public struct Segment: Codable, Sendable, Hashable {
        public var operation: Operation
        public var text: String

        public init(_ operation: Operation, _ text: String) {
            self.operation = operation
            self.text = text
        }
    }

    public var segments: [Segment]

    /// Compares `old` and `new` word by word.
    public init(old: String, new: String) {
        let oldWords = WordDiff.words(of: old)
        let newWords = WordDiff.words(of: new)
        let difference = newWords.map(\.word).difference(from: oldWords.map(\.word))

        var removed = Set<Int>(), inserted = Set<Int>()
        for change in difference {
            switch change {
            case .remove(let offset, _, _): removed.insert(offset)
            case .insert(let offset, _, _): inserted.insert(offset)
            }
        }

        var segments: [Segment] = []
        func append(_ operation: Operation, _ word: Word) {
            let text = segments.isEmpty ? word.word : word.leading + word.word
            if let last = segments.last, last.operation == operation {
                segments[segments.count - 1].text += text
            } else {
                segments.append(Segment(operation, text))
            }
        }
        var i = 0, j = 0
        while i < oldWords.count || j < newWords.count {
            if i < oldWords.count, removed.contains(i) {
                append(.removed, oldWords[i]); i += 1
            } else if j < newWords.count, inserted.contains(j) {
                append(.inserted, newWords[j]); j += 1
            } else {
                // Neither removed nor inserted: the same word on both sides; keep the new spacing.
                append(.equal, newWords[j]); i += 1; j += 1
            }
        }
        self.segments = segments
    }

    /// True when the texts have the same words.
    public var isEqual: Bool { segments.allSatisfy { $0.operation == .equal } }

    /// Words removed and inserted.
    public var changedWordCount: (removed: Int, inserted: Int) {
        var removed = 0, inserted = 0
        for segment in segments {
            let count = WordDiff.words(of: segment.text).count
            switch segment.operation {
            case .removed: removed += count
            case .inserted: inserted += count
            case .equal: break
            }
        }
        return (removed, inserted)
    }

    /// The diff inline, `git diff --word-diff` style: `[-removed-]{+inserted+}`.
    public var inlineText: String {
        var text = ""
        var previous: Operation?
        for segment in segments {
            let body = segment.text.drop(while: \.isWhitespace)
            var leading = String(segment.text.prefix(segment.text.count - body.count))
            // A replaced first word: keep the removed and inserted runs apart.
            if leading.isEmpty, previous == .removed { leading = " " }
            switch segment.operation {
            case .equal: text += segment.text.replacingOccurrences(of: Self.paragraphBreak, with: "")
            case .removed: text += "\(leading)[-\(body.replacingOccurrences(of: Self.paragraphBreak, with: "¶"))-]"
            case .inserted: text += "\(leading){+\(body.replacingOccurrences(of: Self.paragraphBreak, with: "¶"))+}"
            }
            previous = segment.operation
        }
        return text
    }

    /// A word and the whitespace before it.
    public struct Word: Sendable, Hashable {
        public var leading: String
        public var word: String
    }

    /// The word that stands for a blank line between two words: U+E000, a private-use
    /// character that models do not write (and not whitespace, so splitting a segment's text
    /// again finds it as a word).
    public static let paragraphBreak = "\u{E000}"

    /// The words of `text`, each with the whitespace before it (the split the diff uses); a
    /// blank line between words gives a ``paragraphBreak`` word.
    public static func words(of text: String) -> [Word] {
        var words: [Word] = []
        var leading = "", word = ""
        func flush() {
            let newlines = leading.filter { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }.count
            if newlines >= 2, !words.isEmpty, word != paragraphBreak {
                words.append(Word(leading: leading, word: paragraphBreak))
                leading = "\n"
            }
            words.append(Word(leading: leading, word: word))
            leading = ""; word = ""
        }
        for character in text {
            if character.isWhitespace {
                if !word.isEmpty { flush() }
                leading.append(character)
            } else {
                word.append(character)
            }
        }
        if !word.isEmpty { flush() }
        return words
    }
}
