/// Fenced code blocks: the opening line, code lines (whole or in pieces), the closing fence.
extension MarkdownRenderer {
    // MARK: Code blocks

    mutating func openFence(_ content: ArraySlice<UInt8>) {
        guard let fenceByte = content.first else { return }
        var runEnd = content.startIndex
        while runEnd < content.endIndex && content[runEnd] == fenceByte { runEnd += 1 }
        let info = content[runEnd...].drop { $0 == 0x20 || $0 == 0x09 }
        if fenceByte == 0x60 && info.contains(0x60) {
            writeTextLine(content)  // not a fence: a backtick fence's info has no backticks
            return
        }
        let word = info.prefix { $0 != 0x20 && $0 != 0x09 && $0 != 0x7B }
        let name = String(decoding: word, as: UTF8.self)
        code = CodeBlock(fence: fenceByte, fenceLength: runEnd - content.startIndex,
                         highlighter: CodeHighlighter(language: CodeLanguage.named(name)))
        let label = name.isEmpty ? "───" : name
        writer.writeLine(prefix(showBullets: true), [(Array(label.utf8), MarkdownAttributes(role: .marker))])
    }

    /// Drops the containers' prefixes from a code line: quote markers where present and up to
    /// each list item's indentation (lenient, so that no code line is lost).
    func strippedCodeLine(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var text = line
        for container in containers {
            if container.isQuote {
                var probe = text.startIndex
                var spaces = 0
                while spaces < 3, probe < text.endIndex, text[probe] == 0x20 {
                    probe += 1
                    spaces += 1
                }
                if probe < text.endIndex && text[probe] == 0x3E {
                    text = text[(probe + 1)...]
                    if let first = text.first, first == 0x20 || first == 0x09 { text = text.dropFirst() }
                }
            } else {
                var consumed = 0
                while consumed < container.contentOffset, let first = text.first, first == 0x20 || first == 0x09 {
                    consumed += first == 0x09 ? 4 : 1
                    text = text.dropFirst()
                }
            }
        }
        return text
    }

    mutating func writeCodeLine(_ line: ArraySlice<UInt8>) {
        guard var block = code else { return }
        if block.lineStarted {
            block.highlighter.highlight(line, endsLine: true, to: &writer.out)
            writer.out.newline()
            block.lineStarted = false
            code = block
            return
        }
        let text = strippedCodeLine(line)
        if Self.isClosingFence(text, fence: block.fence, length: block.fenceLength) {
            code = nil
            return
        }
        let linePrefix = prefix(showBullets: true)
        for piece in linePrefix.pieces { writer.out.write(piece.bytes, piece.attributes) }
        block.highlighter.highlight(text, endsLine: true, to: &writer.out)
        writer.out.newline()
        code = block
    }

    /// Writes the first `codeSegment` bytes (cut at a character boundary) of a long code line.
    mutating func writeCodeSegment() {
        guard var block = code else { return }
        var cut = Self.codeSegment
        while cut > 1 && input[position + cut] & 0xC0 == 0x80 { cut -= 1 }
        var segment = input[position..<(position + cut)]
        if !block.lineStarted {
            segment = strippedCodeLine(segment)
            let linePrefix = prefix(showBullets: true)
            for piece in linePrefix.pieces { writer.out.write(piece.bytes, piece.attributes) }
            block.lineStarted = true
        }
        block.highlighter.highlight(segment, endsLine: false, to: &writer.out)
        position += cut
        code = block
    }

    static func isClosingFence(_ text: ArraySlice<UInt8>, fence: UInt8, length: Int) -> Bool {
        var index = text.startIndex
        var spaces = 0
        while spaces < 3, index < text.endIndex, text[index] == 0x20 {
            index += 1
            spaces += 1
        }
        var run = 0
        while index < text.endIndex && text[index] == fence {
            run += 1
            index += 1
        }
        guard run >= length else { return false }
        return text[index...].allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }
}
