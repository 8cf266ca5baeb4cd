/// How many terminal columns text takes, the way common terminals draw it: East Asian wide and
/// fullwidth characters and emoji take two columns, combining marks, joiners and other
/// zero-width characters none, ANSI escape sequences none.
///
/// Hand-written because no package on this machine does it (the only one is Python's
/// `wcwidth`); the tables cover the blocks that occur in model replies, not every scalar of
/// Unicode's East Asian Width data.
public enum DisplayWidth {
    /// The width of text that may contain ANSI escape sequences (`ESC [ … final`), which take
    /// no columns.
    public static func of(_ text: String) -> Int {
        var counter = DisplayWidthCounter()
        var total = 0
        var escape = EscapeState.none
        for scalar in text.unicodeScalars {
            let value = scalar.value
            switch escape {
            case .none:
                if value == 0x1B {
                    escape = .start
                } else {
                    total += counter.add(value)
                }
            case .start:
                escape = value == 0x5B ? .csi : .none  // `ESC [` opens a CSI sequence
            case .csi:
                if (0x40...0x7E).contains(value) { escape = .none }
            }
        }
        return total
    }

    /// The width of UTF-8 bytes holding no escape sequences.
    static func of(utf8 bytes: ArraySlice<UInt8>) -> Int {
        var counter = DisplayWidthCounter()
        var decoder = UTF8ScalarDecoder()
        var total = 0
        for byte in bytes {
            if let value = decoder.push(byte) { total += counter.add(value) }
        }
        return total
    }

    /// The width of one scalar on its own: 0, 1 or 2.
    public static func of(scalar value: UInt32) -> Int {
        if value < 0x300 {
            if value < 0x20 || (0x7F...0x9F).contains(value) { return 0 }
            return 1
        }
        if (0x3041...0x9FFF).contains(value) || (0xAC00...0xD7A3).contains(value) { return 2 }  // CJK, Hangul
        if isZeroWidth(value) { return 0 }
        if isWide(value) { return 2 }
        return 1
    }

    private enum EscapeState { case none, start, csi }

    static func isZeroWidth(_ value: UInt32) -> Bool {
        switch value {
        case 0x1160...0x11FF, 0x200B...0x200F, 0x2028...0x202E, 0x2060...0x206F,
             0xFE00...0xFE0F, 0xFEFF, 0xE0000...0xE0FFF:
            return true
        default:
            guard let scalar = Unicode.Scalar(value) else { return true }
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .enclosingMark, .format, .control:
                return true
            default:
                return false
            }
        }
    }

    static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19,
             0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF,
             0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        case 0x2000...0x2FFF, 0x1F000...0x1FAFF:
            // Symbols and emoji: wide when they default to emoji presentation (⌚, ✅, 🚀).
            return Unicode.Scalar(value)?.properties.isEmojiPresentation ?? false
        default:
            return false
        }
    }
}

/// Adds up widths scalar by scalar, joining what terminals draw as one picture: a ZWJ emoji
/// sequence counts once, a flag (two regional indicators) counts 2, a skin-tone modifier
/// after an emoji counts 0, and U+FE0F turns a narrow symbol (❤, a keycap digit) into a
/// two-column emoji.
struct DisplayWidthCounter: Sendable {
    private var joinNext = false
    private var lastWidth = 0
    private var lastValue: UInt32 = 0
    private var oddRegionalIndicator = false

    /// Forgets joining state after printable ASCII (which joins with nothing).
    mutating func resetAfterASCII() {
        joinNext = false
        oddRegionalIndicator = false
        lastWidth = 1
        lastValue = 0x61
    }

    /// The columns `value` adds after what came before.
    mutating func add(_ value: UInt32) -> Int {
        if value < 0x300 {
            joinNext = false
            oddRegionalIndicator = false
            let width = value < 0x20 || (0x7F...0x9F).contains(value) ? 0 : 1
            lastWidth = width
            lastValue = value
            return width
        }
        if value == 0x200D {
            joinNext = true
            return 0
        }
        if joinNext {
            joinNext = false
            if DisplayWidth.isWide(value) || (0x2600...0x27BF).contains(value) { return 0 }
        }
        if value == 0xFE0F {
            let emojiBase = lastValue >= 0x2000 || lastValue == 0x23 || lastValue == 0x2A
                || (0x30...0x39).contains(lastValue)
            if lastWidth == 1 && emojiBase {
                lastWidth = 2
                return 1
            }
            return 0
        }
        if (0x1F3FB...0x1F3FF).contains(value) && lastWidth == 2 { return 0 }
        if (0x1F1E6...0x1F1FF).contains(value) {
            oddRegionalIndicator.toggle()
            lastWidth = 2
            lastValue = value
            return oddRegionalIndicator ? 2 : 0
        }
        oddRegionalIndicator = false
        let width = DisplayWidth.of(scalar: value)
        if width > 0 {
            lastWidth = width
            lastValue = value
        }
        return width
    }
}

/// Decodes UTF-8 one byte at a time (input is always valid UTF-8: it comes from `String`s).
struct UTF8ScalarDecoder: Sendable {
    private var value: UInt32 = 0
    private var remaining = 0

    /// The scalar completed by `byte`, if any.
    mutating func push(_ byte: UInt8) -> UInt32? {
        if byte < 0x80 {
            remaining = 0
            return UInt32(byte)
        }
        if byte & 0xC0 == 0x80 {
            guard remaining > 0 else { return nil }
            value = value << 6 | UInt32(byte & 0x3F)
            remaining -= 1
            return remaining == 0 ? value : nil
        }
        if byte & 0xE0 == 0xC0 {
            value = UInt32(byte & 0x1F)
            remaining = 1
        } else if byte & 0xF0 == 0xE0 {
            value = UInt32(byte & 0x0F)
            remaining = 2
        } else {
            value = UInt32(byte & 0x07)
            remaining = 3
        }
        return nil
    }
}
