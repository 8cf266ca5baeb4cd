/// Colours code lines of one fenced block: keywords, strings, numbers, comments, types and
/// builtins. State carried from line to line covers block comments (nested in Swift and Rust),
/// triple-quoted strings (Python, Swift) and backtick strings (JavaScript, TypeScript, Go).
/// Without a known language every line is in the plain code colour.
struct CodeHighlighter: Sendable {
    private enum State: Equatable {
        case normal
        case lineComment
        case blockComment(depth: Int)
        case string(quote: UInt8, triple: Bool)
    }

    let language: CodeLanguage?
    private var state = State.normal
    /// No token has been seen yet on this line.
    private var firstToken = true

    init(language: CodeLanguage?) {
        self.language = language
    }

    private static let comment = MarkdownAttributes(role: .comment)
    private static let string = MarkdownAttributes(role: .string)
    private static let keyword = MarkdownAttributes(role: .keyword)
    private static let number = MarkdownAttributes(role: .number)
    private static let type = MarkdownAttributes(role: .type)
    private static let builtin = MarkdownAttributes(role: .builtin)

    /// Writes one line (or, for very long lines, one piece of it; `endsLine` is false for all
    /// but the last piece).
    mutating func highlight(_ line: ArraySlice<UInt8>, endsLine: Bool, to out: inout MarkdownOutput) {
        guard let language else {
            out.write(line, MarkdownAttributes(role: .code))
            return
        }
        var index = line.startIndex
        let end = line.endIndex
        while index < end {
            switch state {
            case .lineComment:
                out.write(line[index..<end], Self.comment)
                index = end
            case .blockComment(let depth):
                index = continueBlockComment(line, from: index, depth: depth, language: language, out: &out)
            case .string(let quote, let triple):
                index = continueString(line, from: index, quote: quote, triple: triple, language: language, out: &out)
            case .normal:
                index = normalToken(line, at: index, language: language, out: &out)
            }
        }
        if endsLine {
            firstToken = true
            switch state {
            case .lineComment:
                state = .normal
            case .string(let quote, let triple) where !triple && !language.multilineQuotes.contains(quote):
                state = .normal
            default:
                break
            }
        }
    }

    private mutating func continueBlockComment(
        _ line: ArraySlice<UInt8>, from start: Int, depth: Int, language: CodeLanguage, out: inout MarkdownOutput
    ) -> Int {
        guard let block = language.blockComment else {
            state = .normal
            return start
        }
        var depth = depth
        var index = start
        while index < line.endIndex {
            if Self.matches(block.close, in: line, at: index) {
                index += block.close.count
                depth -= 1
                if depth == 0 {
                    out.write(line[start..<index], Self.comment)
                    state = .normal
                    return index
                }
            } else if block.nests && Self.matches(block.open, in: line, at: index) {
                index += block.open.count
                depth += 1
            } else {
                index += 1
            }
        }
        out.write(line[start..<index], Self.comment)
        state = .blockComment(depth: depth)
        return index
    }

    private mutating func continueString(
        _ line: ArraySlice<UInt8>, from start: Int, quote: UInt8, triple: Bool, language: CodeLanguage,
        out: inout MarkdownOutput
    ) -> Int {
        var index = start
        while index < line.endIndex {
            let byte = line[index]
            if byte == 0x5C && language.escapes {
                index += 2
                continue
            }
            if byte == quote {
                if !triple {
                    index += 1
                    out.write(line[start..<index], Self.string)
                    state = .normal
                    return index
                }
                if index + 2 < line.endIndex && line[index + 1] == quote && line[index + 2] == quote {
                    index += 3
                    out.write(line[start..<index], Self.string)
                    state = .normal
                    return index
                }
            }
            index += 1
        }
        let stop = min(index, line.endIndex)
        out.write(line[start..<stop], Self.string)
        state = .string(quote: quote, triple: triple)
        return stop
    }

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    private mutating func normalToken(
        _ line: ArraySlice<UInt8>, at index: Int, language: CodeLanguage, out: inout MarkdownOutput
    ) -> Int {
        let end = line.endIndex
        let byte = line[index]
        if byte == 0x20 || byte == 0x09 {
            var next = index + 1
            while next < end && (line[next] == 0x20 || line[next] == 0x09) { next += 1 }
            out.write(line[index..<next], .plain)
            return next
        }
        let first = firstToken
        firstToken = false
        let atWordStart = index == line.startIndex || line[index - 1] == 0x20 || line[index - 1] == 0x09
        if language.mayStartComment[Int(byte)] {
            for marker in language.lineComments where Self.matches(marker, in: line, at: index) {
                if !language.commentAtWordStart || atWordStart {
                    out.write(line[index..<end], Self.comment)
                    state = .lineComment
                    return end
                }
            }
            if let block = language.blockComment, Self.matches(block.open, in: line, at: index) {
                out.write(line[index..<(index + block.open.count)], Self.comment)
                state = .blockComment(depth: 1)
                return index + block.open.count
            }
        }
        if language.keys && first && byte == 0x2D && index + 1 < end && line[index + 1] == 0x20 {
            // A YAML sequence dash keeps the next word "first" so that `- key: value` finds the key.
            firstToken = true
            out.write(byte: byte, .plain)
            return index + 1
        }
        if language.preprocessor && first && byte == 0x23 {
            return preprocessorLine(line, at: index, out: &out)
        }
        if language.rustSyntax && byte == 0x27 {
            return rustQuote(line, at: index, out: &out)
        }
        if language.isQuote[Int(byte)] {
            return stringToken(line, at: index, quote: byte, language: language, out: &out)
        }
        if Self.isDigit(byte) || (byte == 0x2E && index + 1 < end && Self.isDigit(line[index + 1])) {
            var next = index + 1
            while next < end {
                let current = line[next]
                if Self.isIdentifier(current) || (current == 0x2E && next + 1 < end && Self.isDigit(line[next + 1])) {
                    next += 1
                } else {
                    break
                }
            }
            out.write(line[index..<next], Self.number)
            return next
        }
        if language.dollarVariables && byte == 0x24 && index + 1 < end {
            var next = index + 1
            if line[next] == 0x7B {
                while next < end && line[next] != 0x7D { next += 1 }
                next = min(next + 1, end)
            } else if Self.isIdentifierStart(line[next]) {
                while next < end && Self.isIdentifier(line[next]) { next += 1 }
            } else {
                next += 1
            }
            out.write(line[index..<next], Self.type)
            return next
        }
        if language.decorators && byte == 0x40 && index + 1 < end && Self.isIdentifierStart(line[index + 1]) {
            var next = index + 1
            while next < end && (Self.isIdentifier(line[next]) || line[next] == 0x2E) { next += 1 }
            out.write(line[index..<next], Self.builtin)
            return next
        }
        if Self.isIdentifierStart(byte) || language.isWordByte[Int(byte)] {
            var next = index + 1
            while next < end && (Self.isIdentifier(line[next]) || language.isWordByte[Int(line[next])]) { next += 1 }
            let word = line[index..<next]
            var style = MarkdownAttributes.plain
            if language.keys && first && Self.isKey(line, after: next) {
                style = Self.type
            } else if language.keywords.contains(word, lowercase: language.caseInsensitive) {
                style = Self.keyword
            } else if language.types.contains(word, lowercase: language.caseInsensitive) {
                style = Self.type
            } else if language.builtins.contains(word, lowercase: language.caseInsensitive) {
                style = Self.builtin
            } else if language.rustSyntax && next < end && line[next] == 0x21
                        && !(next + 1 < end && line[next + 1] == 0x3D) {
                out.write(line[index...next], Self.builtin)
                return next + 1
            } else if language.capitalizedTypes && (0x41...0x5A).contains(byte) {
                style = Self.type
            }
            out.write(word, style)
            return next
        }
        out.write(byte: byte, .plain)
        return index + 1
    }

    private mutating func stringToken(
        _ line: ArraySlice<UInt8>, at index: Int, quote: UInt8, language: CodeLanguage,
        out: inout MarkdownOutput
    ) -> Int {
        let end = line.endIndex
        if language.tripleQuotes && index + 2 < end && line[index + 1] == quote && line[index + 2] == quote {
            out.write(line[index..<(index + 3)], Self.string)
            state = .string(quote: quote, triple: true)
            return index + 3
        }
        var next = index + 1
        while next < end {
            let current = line[next]
            if current == 0x5C && language.escapes {
                next += 2
                continue
            }
            if current == quote { break }
            next += 1
        }
        if next < end {
            let close = next + 1
            let isKey = language.keys && Self.isKey(line, after: close)
            out.write(line[index..<close], isKey ? Self.type : Self.string)
            return close
        }
        out.write(line[index..<end], Self.string)
        state = .string(quote: quote, triple: false)
        return end
    }

    /// `#include <x>` and other directives: the directive as a keyword, an `<…>` as a string.
    private mutating func preprocessorLine(_ line: ArraySlice<UInt8>, at index: Int, out: inout MarkdownOutput) -> Int {
        let end = line.endIndex
        var next = index + 1
        while next < end && (line[next] == 0x20 || line[next] == 0x09) { next += 1 }
        while next < end && Self.isIdentifier(line[next]) { next += 1 }
        out.write(line[index..<next], Self.keyword)
        var space = next
        while space < end && (line[space] == 0x20 || line[space] == 0x09) { space += 1 }
        if space < end && line[space] == 0x3C, let close = line[space...].firstIndex(of: 0x3E) {
            out.write(line[next..<space], .plain)
            out.write(line[space...close], Self.string)
            return close + 1
        }
        return next
    }

    /// Rust's `'`: a lifetime (`'a`) or a character literal (`'x'`, `'\n'`).
    private func rustQuote(_ line: ArraySlice<UInt8>, at index: Int, out: inout MarkdownOutput) -> Int {
        let end = line.endIndex
        if index + 1 < end && Self.isIdentifierStart(line[index + 1])
            && !(index + 2 < end && line[index + 2] == 0x27) {
            var next = index + 1
            while next < end && Self.isIdentifier(line[next]) { next += 1 }
            out.write(line[index..<next], Self.type)
            return next
        }
        var next = index + 1
        while next < end && next < index + 12 {
            if line[next] == 0x5C {
                next += 2
                continue
            }
            if line[next] == 0x27 {
                out.write(line[index...next], Self.string)
                return next + 1
            }
            next += 1
        }
        out.write(byte: 0x27, .plain)
        return index + 1
    }

    private static func isKey(_ line: ArraySlice<UInt8>, after index: Int) -> Bool {
        var next = index
        while next < line.endIndex && (line[next] == 0x20 || line[next] == 0x09) { next += 1 }
        guard next < line.endIndex, line[next] == 0x3A else { return false }
        return next + 1 == line.endIndex || line[next + 1] == 0x20 || line[next + 1] == 0x09
            || line[next + 1] == 0x22 || line[next + 1] == 0x7B || line[next + 1] == 0x5B
            || isDigit(line[next + 1])
    }

    private static func matches(_ marker: [UInt8], in line: ArraySlice<UInt8>, at index: Int) -> Bool {
        guard index + marker.count <= line.endIndex else { return false }
        var offset = 0
        while offset < marker.count {
            if line[index + offset] != marker[offset] { return false }
            offset += 1
        }
        return true
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }

    private static func isIdentifierStart(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x5F || byte >= 0x80
    }

    private static func isIdentifier(_ byte: UInt8) -> Bool {
        isIdentifierStart(byte) || isDigit(byte)
    }
}
