/// What a line starts with inside containers: quote bars, list indentation, a bullet.
struct MarkdownPrefix: Sendable {
    var pieces: [(bytes: [UInt8], attributes: MarkdownAttributes)] = []
    /// Display width of all pieces.
    var width = 0

    mutating func append(_ text: String, _ attributes: MarkdownAttributes) {
        pieces.append((Array(text.utf8), attributes))
        width += DisplayWidth.of(text)
    }

    mutating func appendSpaces(_ count: Int) {
        guard count > 0 else { return }
        pieces.append(([UInt8](repeating: 0x20, count: count), .plain))
        width += count
    }

    /// The prefix without trailing spaces (for lines that hold nothing else).
    func trimmed() -> MarkdownPrefix {
        var copy = self
        while let last = copy.pieces.last, last.bytes.allSatisfy({ $0 == 0x20 }) {
            copy.pieces.removeLast()
            copy.width -= last.bytes.count
        }
        if let last = copy.pieces.last, last.bytes.last == 0x20 {
            var bytes = last.bytes
            while bytes.last == 0x20 {
                bytes.removeLast()
                copy.width -= 1
            }
            copy.pieces[copy.pieces.count - 1].bytes = bytes
        }
        return copy
    }
}

/// Receives inline text as the inline parser settles it.
protocol MarkdownInlineSink {
    /// Text whose style is decided; it may hold spaces (word boundaries).
    mutating func inline(_ text: ArraySlice<UInt8>, _ attributes: MarkdownAttributes)
}

/// Writes rendered lines, and wraps prose at word boundaries to the width.
///
/// Prose arrives as styled text; a word is held until the whitespace after it shows that it is
/// complete (or until it alone fills a line, when it is broken hard), then written after a
/// space or on a new line, whichever fits. The space before a word is decided only with the
/// word, so nothing written is ever taken back.
struct MarkdownWriter: MarkdownInlineSink {
    var out: MarkdownOutput
    let width: Int

    private enum Pending {
        case none
        case space(MarkdownAttributes)
        case newline
    }

    private var firstPrefix = MarkdownPrefix()
    private var restPrefix = MarkdownPrefix()
    private var usedFirstPrefix = false
    private var contentWidth = 10
    private var lineOpen = false
    private var column = 0
    private var pending = Pending.none
    private var word: [UInt8] = []
    /// Style runs of `word`: (style, start index).
    private var wordRuns: [(attributes: MarkdownAttributes, start: Int)] = []
    private var wordWidth = 0
    private var counter = DisplayWidthCounter()
    private var decoder = UTF8ScalarDecoder()
    private var scalarStart = 0
    /// Whether the current prose block wrote any word.
    private(set) var blockWroteText = false

    /// Whether the current prose block has text, written or still held.
    var blockHasText: Bool { blockWroteText || !word.isEmpty }

    init(width: Int, mode: MarkdownStyle.Mode) {
        self.width = width
        self.out = MarkdownOutput(mode: mode)
        word.reserveCapacity(256)
    }

    // MARK: Prose

    /// Starts a wrapped block whose first line begins with `first` and later lines with `rest`.
    mutating func beginProse(first: MarkdownPrefix, rest: MarkdownPrefix) {
        firstPrefix = first
        restPrefix = rest
        usedFirstPrefix = false
        contentWidth = max(width - rest.width, 10)
        lineOpen = false
        column = 0
        pending = .none
        blockWroteText = false
    }

    mutating func inline(_ text: ArraySlice<UInt8>, _ attributes: MarkdownAttributes) {
        text.withUnsafeBufferPointer { inline(bytes: $0, attributes) }
    }

    private mutating func inline(bytes text: UnsafeBufferPointer<UInt8>, _ attributes: MarkdownAttributes) {
        var index = 0
        let end = text.count
        while index < end {
            let byte = text[index]
            if byte == 0x20 || byte == 0x09 {
                completeWord()
                if case .none = pending { pending = .space(attributes) }
                index += 1
                continue
            }
            var next = index
            if word.isEmpty {
                // The common case: a whole ASCII word inside this text goes straight out.
                while next < end, text[next] > 0x20, text[next] < 0x7F { next += 1 }
                if next < end, text[next] == 0x20 || text[next] == 0x09, next - index <= contentWidth {
                    placeWord(width: next - index)
                    out.write(UnsafeBufferPointer(rebasing: text[index..<next]), attributes)
                    finishWord(width: next - index)
                    counter.resetAfterASCII()
                    index = next
                    continue
                }
                next = index
            }
            if wordRuns.last?.attributes != attributes {
                wordRuns.append((attributes, word.count))
            }
            while next < end, text[next] != 0x20, text[next] != 0x09 {
                // Printable ASCII runs that fit go in at once; anything else byte by byte.
                var asciiEnd = next
                while asciiEnd < end, text[asciiEnd] > 0x20, text[asciiEnd] < 0x7F { asciiEnd += 1 }
                let count = asciiEnd - next
                if count > 1 && wordWidth + count <= contentWidth {
                    word.append(contentsOf: UnsafeBufferPointer(rebasing: text[next..<asciiEnd]))
                    wordWidth += count
                    scalarStart = word.count - 1
                    counter.resetAfterASCII()
                    decoder = UTF8ScalarDecoder()
                    next = asciiEnd
                    continue
                }
                appendWordByte(text[next])
                next += 1
            }
            index = next
        }
    }

    /// A line break: every source line end inside a paragraph (see the renderer).
    mutating func hardBreak() {
        completeWord()
        if lineOpen { pending = .newline }
    }

    /// Ends the prose block: writes the last word and ends its line.
    mutating func endProse() {
        completeWord()
        if lineOpen {
            out.newline()
            lineOpen = false
        }
        column = 0
        pending = .none
    }

    private mutating func appendWordByte(_ byte: UInt8) {
        if byte < 0x80 || byte & 0xC0 != 0x80 { scalarStart = word.count }
        word.append(byte)
        guard let value = decoder.push(byte) else { return }
        let added = counter.add(value)
        guard added > 0 else { return }
        if wordWidth + added > contentWidth && scalarStart > 0 {
            writeLongWordPart(upTo: scalarStart)
        }
        wordWidth += added
    }

    /// A word wider than a whole line: its first `cut` bytes fill a line of their own.
    private mutating func writeLongWordPart(upTo cut: Int) {
        if lineOpen { out.newline() }
        writePrefix()
        writeWord(upTo: cut)
        out.newline()
        lineOpen = false
        column = 0
        pending = .none
        blockWroteText = true
        var kept: [(attributes: MarkdownAttributes, start: Int)] = []
        for (position, run) in wordRuns.enumerated() {
            let runEnd = position + 1 < wordRuns.count ? wordRuns[position + 1].start : word.count
            if runEnd > cut { kept.append((run.attributes, max(run.start - cut, 0))) }
        }
        wordRuns = kept
        word.removeFirst(cut)
        scalarStart -= cut
        wordWidth = 0
    }

    private mutating func completeWord() {
        guard !word.isEmpty else { return }
        let width = wordWidth
        placeWord(width: width)
        writeWord(upTo: word.count)
        word.removeSubrange(0..<word.count)
        wordRuns.removeSubrange(0..<wordRuns.count)
        wordWidth = 0
        scalarStart = 0
        finishWord(width: width)
    }

    /// Writes what goes before a word of `width` columns: a space, or a line break and the
    /// next line's prefix.
    private mutating func placeWord(width: Int) {
        if lineOpen {
            let breakLine: Bool
            var spaceStyle = MarkdownAttributes.plain
            switch pending {
            case .newline:
                breakLine = true
            case .space(let style):
                spaceStyle = style
                breakLine = column + 1 + width > restPrefix.width + contentWidth
            case .none:
                breakLine = column + 1 + width > restPrefix.width + contentWidth
            }
            if breakLine {
                out.newline()
                lineOpen = false
            } else {
                out.write(byte: 0x20, spaceStyle)
                column += 1
            }
        }
        if !lineOpen { writePrefix() }
    }

    private mutating func finishWord(width: Int) {
        column += width
        pending = .none
        blockWroteText = true
    }

    private mutating func writePrefix() {
        if usedFirstPrefix {
            for piece in restPrefix.pieces { out.write(piece.bytes, piece.attributes) }
            column = restPrefix.width
        } else {
            for piece in firstPrefix.pieces { out.write(piece.bytes, piece.attributes) }
            column = firstPrefix.width
            usedFirstPrefix = true
        }
        lineOpen = true
    }

    private mutating func writeWord(upTo end: Int) {
        var position = 0
        let count = wordRuns.count
        while position < count && wordRuns[position].start < end {
            let start = wordRuns[position].start
            let runEnd = position + 1 < count ? min(wordRuns[position + 1].start, end) : end
            out.write(word[start..<runEnd], wordRuns[position].attributes)
            position += 1
        }
    }

    // MARK: Whole lines

    /// Writes one unwrapped line: the prefix, the pieces, a line feed.
    mutating func writeLine(_ prefix: MarkdownPrefix, _ pieces: [(bytes: [UInt8], attributes: MarkdownAttributes)]) {
        for piece in prefix.pieces { out.write(piece.bytes, piece.attributes) }
        for piece in pieces { out.write(piece.bytes, piece.attributes) }
        out.newline()
    }
}
