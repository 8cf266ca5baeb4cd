/// How many terminal columns text takes: East Asian wide characters and emoji take two,
/// combining marks and controls none; ANSI colour sequences are skipped by `of(stripping:)`.
enum TerminalWidth {
    /// Columns of plain text (``DisplayWidth``, the one width table of the shell).
    static func of(_ text: String) -> Int {
        DisplayWidth.of(text)
    }

    static func of(_ character: Character) -> Int {
        DisplayWidth.of(String(character))
    }

    /// Width of text that may hold ANSI SGR sequences (`ESC [ ... m`), which take no columns.
    static func of(stripping text: String) -> Int {
        var width = 0
        var inEscape = false
        for character in text {
            if inEscape {
                if character == "m" { inEscape = false }
            } else if character == "\u{1B}" {
                inEscape = true
            } else {
                width += of(character)
            }
        }
        return width
    }

    /// The longest prefix of `word` that fits in `width` columns (at least one character).
    static func split(_ word: String, fitting width: Int) -> (String, String) {
        var used = 0
        var index = word.startIndex
        while index < word.endIndex {
            let next = used + of(word[index])
            if next > width && index != word.startIndex { break }
            used = next
            index = word.index(after: index)
        }
        return (String(word[..<index]), String(word[index...]))
    }

    /// `text` cut to `width` columns, ending in `…` when cut (plain text only).
    static func truncate(_ text: String, to width: Int) -> String {
        guard of(text) > width else { return text }
        return split(text, fitting: max(1, width - 1)).0 + "…"
    }
}
