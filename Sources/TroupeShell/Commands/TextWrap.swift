/// Plain text broken into lines at word boundaries, by terminal columns (wide characters take
/// two, see ``TerminalWidth``).
enum TextWrap {
    /// `text` in lines of at most `width` columns. The first line starts with `first`, the
    /// others with `rest` (both count towards the width); spaces between words are kept
    /// as they were within a line, and a word longer than a whole line is cut.
    static func lines(_ text: String, width: Int, first: String = "", rest: String = "") -> [String] {
        let words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        var lines: [String] = []
        var current = first
        var currentWidth = TerminalWidth.of(first)
        var lineHasWord = false
        func startLine() {
            lines.append(current)
            current = rest
            currentWidth = TerminalWidth.of(rest)
            lineHasWord = false
        }
        for word in words {
            var word = word
            while true {
                let wordWidth = TerminalWidth.of(word)
                let needed = wordWidth + (lineHasWord ? 1 : 0)
                if currentWidth + needed <= width {
                    if lineHasWord {
                        current += " "
                    }
                    current += word
                    currentWidth += needed
                    lineHasWord = true
                    break
                }
                let room = width - TerminalWidth.of(rest)
                if lineHasWord, wordWidth <= room {
                    startLine()
                    continue
                }
                // Longer than any line: fill this one and go on with the rest of the word.
                var available = width - currentWidth - (lineHasWord ? 1 : 0)
                if available < 1 {
                    if lineHasWord {
                        startLine()
                        continue
                    }
                    // The indent alone fills the line: one character a line rather than none.
                    available = 1
                }
                let (head, tail) = TerminalWidth.split(word, fitting: available)
                current += (lineHasWord ? " " : "") + head
                currentWidth += TerminalWidth.of(head) + (lineHasWord ? 1 : 0)
                lineHasWord = true
                startLine()
                word = tail
                if word.isEmpty { break }
            }
        }
        if lineHasWord || lines.isEmpty {
            lines.append(current)
        }
        return lines
    }
}
