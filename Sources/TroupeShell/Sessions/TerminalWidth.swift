/// How many terminal columns text takes: East Asian wide characters and emoji take two,
/// combining marks and controls none; ANSI colour sequences are skipped by `of(stripping:)`.
enum TerminalWidth {
    static func of(_ text: String) -> Int {
        text.reduce(0) { $0 + of($1) }
    }

    static func of(_ character: Character) -> Int {
        guard let first = character.unicodeScalars.first else { return 0 }
        if first.properties.generalCategory == .control { return 0 }
        if character.unicodeScalars.contains(where: { $0.properties.isEmojiPresentation }) { return 2 }
        if character.unicodeScalars.count > 1,
           character.unicodeScalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
        switch first.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
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
