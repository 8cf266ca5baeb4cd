/// An open container block: a block quote or a list item.
struct MarkdownContainer: Sendable {
    var isQuote: Bool
    /// Columns before the list marker, counted from where the enclosing container's content starts.
    var markerIndent = 0
    /// Columns from the same origin to the item's text.
    var contentOffset = 0
    /// What is printed for the marker (`•`, `◦`, `3.`).
    var bullet: [UInt8] = []
    var bulletWidth = 0
    /// Whether the bullet has been printed (later lines get spaces instead).
    var bulletShown = false
}

/// How a line begins, decided from its first bytes (at most `window` of them): which open
/// containers it continues, which new ones it opens, and what kind of leaf block follows.
///
/// `classify` answers nil while the bytes so far allow more than one answer, so a decision
/// never depends on where the input was cut.
struct MarkdownLineHead: Sendable, Equatable {
    /// Bytes looked at to decide; a longer undecided head is taken as text.
    static let window = 256
    static let maxContainers = 32

    enum Leaf: Sendable, Equatable {
        case blank, text, heading(Int), fence, tableRow, thematicBreak
    }

    struct NewContainer: Sendable, Equatable {
        var isQuote: Bool
        var markerIndent = 0
        var contentOffset = 0
        /// The list marker as written (`-`, `12.`).
        var marker: [UInt8] = []
        var ordered = false
    }

    /// How many of the open containers the line continues.
    var matched: Int
    var newContainers: [NewContainer]
    var leaf: Leaf
    /// Offset in the line where the leaf's content starts.
    var contentStart: Int

    private static let lineEnd: UInt8 = 0x0A
    private static let unknownText: UInt8 = 0x78

    /// Classifies a line head.
    /// - Parameters:
    ///   - line: the line's first bytes, without its line end.
    ///   - complete: the line ends after `line`.
    ///   - full: `line` holds `window` bytes and the line goes on; undecided questions are
    ///     then answered as if more text followed.
    ///   - containers: the containers open before this line.
    /// - Returns: the head, or nil when more bytes are needed.
    static func classify(
        _ line: ArraySlice<UInt8>, complete: Bool, full: Bool, containers: [MarkdownContainer]
    ) -> MarkdownLineHead? {
        let end = line.endIndex
        // The byte at `index`: a line end once the line is complete, "some text" once the
        // window is full, nil while unknown.
        func at(_ index: Int) -> UInt8? {
            if index < end { return line[index] }
            if complete { return lineEnd }
            return full ? unknownText : nil
        }
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

        var index = line.startIndex
        var matched = 0
        for container in containers {
            if container.isQuote {
                var probe = index
                var spaces = 0
                while spaces < 3, let byte = at(probe), byte == 0x20 {
                    probe += 1
                    spaces += 1
                }
                guard let byte = at(probe) else { return nil }
                guard byte == 0x3E else { break }
                index = probe + 1
                guard let after = at(index) else { return nil }
                if isSpace(after) { index += 1 }
                matched += 1
            } else {
                var probe = index
                var indent = 0
                while let byte = at(probe), isSpace(byte) {
                    indent += byte == 0x09 ? 4 : 1
                    probe += 1
                }
                guard let byte = at(probe) else { return nil }
                if byte == lineEnd {
                    index = probe
                    matched += 1
                    continue
                }
                guard indent > container.markerIndent else { break }
                var consumed = 0
                while consumed < container.contentOffset, index < probe {
                    consumed += line[index] == 0x09 ? 4 : 1
                    index += 1
                }
                matched += 1
            }
        }

        var news: [NewContainer] = []
        var leaf = Leaf.text
        var contentStart = index
        opening: while containers.count + news.count < maxContainers {
            var probe = index
            var indent = 0
            while let byte = at(probe), isSpace(byte) {
                indent += byte == 0x09 ? 4 : 1
                probe += 1
            }
            guard let byte = at(probe) else { return nil }
            if byte == 0x3E && indent <= 3 {
                index = probe + 1
                guard let after = at(index) else { return nil }
                if isSpace(after) { index += 1 }
                news.append(NewContainer(isQuote: true))
                continue
            }
            var markerEnd = probe
            var ordered = false
            if byte == 0x2D || byte == 0x2A || byte == 0x2B {
                markerEnd = probe + 1
            } else if (0x30...0x39).contains(byte) {
                var digitsEnd = probe
                while let digit = at(digitsEnd), (0x30...0x39).contains(digit), digitsEnd - probe < 10 { digitsEnd += 1 }
                guard let delimiter = at(digitsEnd) else { return nil }
                guard digitsEnd - probe <= 9, delimiter == 0x2E || delimiter == 0x29 else { break }
                markerEnd = digitsEnd + 1
                ordered = true
            } else {
                break
            }
            guard let afterMarker = at(markerEnd) else { return nil }
            guard isSpace(afterMarker) || afterMarker == lineEnd else { break }
            if byte == 0x2D || byte == 0x2A {
                guard let isBreak = thematicBreak(line, from: probe, marker: byte, complete: complete, full: full) else {
                    return nil
                }
                if isBreak {
                    leaf = .thematicBreak
                    contentStart = probe
                    index = probe
                    return MarkdownLineHead(matched: matched, newContainers: news, leaf: leaf,
                                            contentStart: contentStart - line.startIndex)
                }
            }
            var spacesEnd = markerEnd
            while let space = at(spacesEnd), isSpace(space) { spacesEnd += 1 }
            guard let firstContent = at(spacesEnd) else { return nil }
            let spaces = spacesEnd - markerEnd
            let blank = firstContent == lineEnd
            let gap = blank || spaces > 4 ? 1 : spaces
            let markerWidth = markerEnd - probe
            news.append(NewContainer(isQuote: false, markerIndent: indent, contentOffset: indent + markerWidth + gap,
                                     marker: Array(line[probe..<markerEnd]), ordered: ordered))
            index = blank ? min(spacesEnd, end) : markerEnd + gap
            continue opening
        }

        var probe = index
        while let byte = at(probe), isSpace(byte) { probe += 1 }
        guard let byte = at(probe) else { return nil }
        contentStart = min(probe, end)
        switch byte {
        case lineEnd:
            leaf = .blank
        case 0x23:  // #
            var hashesEnd = probe
            while let hash = at(hashesEnd), hash == 0x23, hashesEnd - probe < 7 { hashesEnd += 1 }
            guard let after = at(hashesEnd) else { return nil }
            let level = hashesEnd - probe
            if level <= 6 && (isSpace(after) || after == lineEnd) {
                var textStart = hashesEnd
                while let space = at(textStart), isSpace(space) { textStart += 1 }
                guard at(textStart) != nil else { return nil }
                leaf = .heading(level)
                contentStart = min(textStart, end)
            }
        case 0x60, 0x7E:  // ` ~
            var runEnd = probe
            while let fence = at(runEnd), fence == byte, runEnd - probe < 3 { runEnd += 1 }
            if runEnd - probe >= 3 {
                leaf = .fence
            } else if at(runEnd) == nil {
                return nil
            }
        case 0x7C:  // |
            leaf = .tableRow
        case 0x2D, 0x2A, 0x5F:  // - * _
            guard let isBreak = thematicBreak(line, from: probe, marker: byte, complete: complete, full: full) else {
                return nil
            }
            if isBreak { leaf = .thematicBreak }
        default:
            break
        }
        return MarkdownLineHead(matched: matched, newContainers: news, leaf: leaf,
                                contentStart: contentStart - line.startIndex)
    }

    /// Whether the rest of the line is three or more `marker`s with only spaces between
    /// (nil: cannot tell yet).
    private static func thematicBreak(
        _ line: ArraySlice<UInt8>, from start: Int, marker: UInt8, complete: Bool, full: Bool
    ) -> Bool? {
        var count = 0
        var index = start
        while index < line.endIndex {
            let byte = line[index]
            if byte == marker {
                count += 1
            } else if byte != 0x20 && byte != 0x09 {
                return false
            }
            index += 1
        }
        if complete { return count >= 3 }
        return full ? false : nil
    }
}
