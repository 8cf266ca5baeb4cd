/// Renders a streamed Markdown reply as styled terminal text while it arrives.
///
/// Feed the reply in pieces of any size; each call returns what can be printed now. Prose
/// comes out word by word. Text is held back only while a decision is open: the end of the
/// current word (to wrap it), an open `*`, `_`, `` ` ``, `~~` or link span (to style it), the
/// start of a line (which may still be a heading, list item, quote, fence or rule), and whole
/// lines for table rows, fence lines and code lines. Nothing printed is ever taken back, and
/// the output is the same however the reply was cut into pieces.
///
/// ```swift
/// var renderer = MarkdownRenderer(width: 80, style: .terminal)
/// for piece in pieces { write(renderer.feed(piece)) }
/// write(renderer.finish())
/// ```
///
/// A style is closed by the next text or the line end, so a reply that stops early (cut by
/// the user) should still end with `finish()`, which also returns to the plain style.
///
/// Supported: ATX headings, paragraphs (re-wrapped to the width at word boundaries), emphasis,
/// strong, strikethrough, inline code, links, autolinks and bare URLs (printed as written),
/// backslash escapes, hard breaks (two trailing spaces), block quotes and lists (nested, with
/// hanging indents), thematic breaks, GitHub tables and fenced code blocks with highlighting.
/// Not supported: setext headings (a `---` under text is a rule), indented code blocks
/// (indented text is a paragraph), HTML (shown as text), reference links, images, footnotes.
public struct MarkdownRenderer: Sendable {
    /// Code lines longer than this are written in pieces of this many bytes, so that a huge
    /// line is not held back whole.
    static let codeSegment = 16_384

    enum LineMode: Sendable {
        /// At the start of a line: its head is not classified yet.
        case head
        /// Inside a line of prose: bytes go to the inline parser.
        case inline
        /// A line that is handled whole once its line end arrives.
        case waiting(WaitKind, contentStart: Int, scanFrom: Int)
    }

    enum WaitKind: Sendable { case code, fence, tableRow, thematicBreak }

    struct CodeBlock: Sendable {
        var fence: UInt8
        var fenceLength: Int
        var highlighter: CodeHighlighter
        /// A long line is being written in pieces.
        var lineStarted = false
    }

    var input: [UInt8] = []
    var position = 0
    var skipLineFeed = false
    var finishing = false
    var finished = false
    var mode = LineMode.head

    var containers: [MarkdownContainer] = []
    var paragraphOpen = false
    var headingOpen = false
    var proseFirstPrefix = MarkdownPrefix()
    var code: CodeBlock?
    var table: MarkdownTable?
    var pendingHeader: [UInt8]?
    var pendingBlank: MarkdownPrefix?
    /// The prefix of lines without bullets for the open containers (nil: to be made).
    var restPrefix: MarkdownPrefix?
    /// Whether some open list item has not printed its bullet yet.
    var bulletsPending = false
    var inline = MarkdownInlineParser()
    var writer: MarkdownWriter

    /// Creates a renderer.
    /// - Parameters:
    ///   - width: terminal columns to wrap prose to (at least 10 are used).
    ///   - style: ANSI colours, or readable tags for tests.
    public init(width: Int, style: MarkdownStyle) {
        writer = MarkdownWriter(width: max(width, 10), mode: style.mode)
    }

    /// Takes the next piece of the reply.
    /// - Returns: the text to print now (possibly empty).
    public mutating func feed(_ piece: String) -> String {
        guard !finished else { return "" }
        append(piece)
        process()
        if position > 0 && position == input.count {
            input.removeAll(keepingCapacity: true)
            if case .waiting(let kind, let contentStart, let scanFrom) = mode {
                mode = .waiting(kind, contentStart: contentStart, scanFrom: scanFrom - position)
            }
            position = 0
        } else if position >= 65_536 {
            input.removeFirst(position)
            if case .waiting(let kind, let contentStart, let scanFrom) = mode {
                mode = .waiting(kind, contentStart: contentStart, scanFrom: scanFrom - position)
            }
            position = 0
        }
        return writer.out.take()
    }

    /// Ends the reply: settles everything held back (an unclosed span is printed literally, an
    /// unclosed code block or table is closed) and ends the last line.
    /// - Returns: the rest of the rendered text.
    public mutating func finish() -> String {
        guard !finished else { return "" }
        finishing = true
        process()
        if let header = pendingHeader {
            pendingHeader = nil
            writeTextLine(header[...])
        }
        endTable()
        endParagraph()
        if let code, code.lineStarted { writer.out.newline() }
        code = nil
        if let blank = pendingBlank, !blank.pieces.isEmpty { writer.writeLine(blank, []) }
        pendingBlank = nil
        finished = true
        input = []
        return writer.out.take()
    }

    // MARK: Input

    /// Appends a piece, replacing control characters (other than tab and line ends) so that a
    /// reply cannot send escape sequences to the terminal.
    mutating func append(_ piece: String) {
        var text = piece
        text.withUTF8 { appendSanitized($0) }
    }

    mutating func appendSanitized(_ bytes: UnsafeBufferPointer<UInt8>) {
        var clean = true
        var index = ByteScan.firstSuspicious(in: bytes, from: 0)
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0xC2 {
                if index + 1 < bytes.count && (0x80...0x9F).contains(bytes[index + 1]) {
                    clean = false
                    break
                }
            } else if byte != 0x09 && byte != 0x0A && byte != 0x0D {
                clean = false
                break
            }
            index = ByteScan.firstSuspicious(in: bytes, from: index + 1)
        }
        if clean {
            input.append(contentsOf: bytes)
            return
        }
        let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]
        index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0xC2 && index + 1 < bytes.count && (0x80...0x9F).contains(bytes[index + 1]) {
                input.append(contentsOf: replacement)  // a C1 control (U+0080–U+009F)
                index += 2
                continue
            }
            if (byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D) || byte == 0x7F {
                input.append(contentsOf: replacement)
            } else {
                input.append(byte)
            }
            index += 1
        }
    }

    static func isLineEnd(_ byte: UInt8) -> Bool { byte == 0x0A || byte == 0x0D }

    /// Index of the next line end from `start`, or `input.count`.
    func lineEnd(from start: Int) -> Int {
        input.withUnsafeBufferPointer { ByteScan.lineEnd(in: $0, from: start) }
    }

    /// Steps over the line end at `position` (a CR may be followed by an LF not here yet).
    mutating func consumeLineEnd() {
        guard position < input.count else { return }
        if input[position] == 0x0D { skipLineFeed = true }
        position += 1
    }

    // MARK: Main loop

    mutating func process() {
        while true {
            switch mode {
            case .head:
                if skipLineFeed {
                    if position < input.count {
                        if input[position] == 0x0A { position += 1 }
                        skipLineFeed = false
                    } else if finishing {
                        skipLineFeed = false
                    } else {
                        return
                    }
                }
                guard position < input.count else { return }
                if code != nil {
                    mode = .waiting(.code, contentStart: 0, scanFrom: position)
                    continue
                }
                let limit = min(input.count, position + MarkdownLineHead.window)
                var end = position
                while end < limit && !Self.isLineEnd(input[end]) { end += 1 }
                let complete = end < limit || (finishing && limit == input.count)
                let full = !complete && limit - position == MarkdownLineHead.window
                guard let head = MarkdownLineHead.classify(
                    input[position..<end], complete: complete, full: full, containers: containers)
                else { return }
                apply(head)
            case .inline:
                let end = lineEnd(from: position)
                if end > position {
                    inline.feed(input[position..<end], sink: &writer)
                    position = end
                }
                if end < input.count {
                    consumeLineEnd()
                    endInlineLine()
                } else if finishing {
                    endInlineLine()
                } else {
                    return
                }
            case .waiting(let kind, let contentStart, let scanFrom):
                let end = lineEnd(from: scanFrom)
                if kind == .code && end - position > Self.codeSegment {
                    writeCodeSegment()
                    mode = .waiting(.code, contentStart: 0, scanFrom: max(end, position))
                    continue
                }
                if end == input.count && !finishing {
                    mode = .waiting(kind, contentStart: contentStart, scanFrom: end)
                    return
                }
                let line = input[position..<end]
                position = end
                consumeLineEnd()
                mode = .head
                handleWholeLine(kind, line: line, contentStart: contentStart)
            }
        }
    }

    /// Acts on a classified line head.
    mutating func apply(_ head: MarkdownLineHead) {
        let sameContext = head.matched == containers.count && head.newContainers.isEmpty
        if pendingHeader != nil && !(head.leaf == .tableRow && sameContext) {
            flushPendingHeader()
            return  // classify again: a paragraph is open now
        }
        if table != nil && !(head.leaf == .tableRow && sameContext) {
            endTable()
            return
        }
        var matched = head.matched
        let continuation = head.leaf == .text && head.newContainers.isEmpty && paragraphOpen
        if continuation { matched = containers.count }  // lazy continuation lines too
        if !continuation { endParagraph() }
        closeContainers(keeping: matched)
        if head.leaf == .blank && head.newContainers.isEmpty {
            if pendingBlank == nil { pendingBlank = prefix(showBullets: false).trimmed() }
            skipRestOfLine()
            return
        }
        openContainers(head.newContainers)
        switch head.leaf {
        case .blank:
            if containers.last?.isQuote == false {
                flushPendingBlank()
                writer.writeLine(prefix(showBullets: true).trimmed(), [])
            } else if pendingBlank == nil {
                pendingBlank = prefix(showBullets: false).trimmed()
            }
            skipRestOfLine()
        case .text:
            if !continuation {
                flushPendingBlank()
                beginProse()
                paragraphOpen = true
            }
            inline.beginLine(base: .plain)
            position += head.contentStart
            mode = .inline
        case .heading(let level):
            flushPendingBlank()
            beginProse()
            headingOpen = true
            let role: MarkdownAttributes.Role = level == 1 ? .heading1 : level == 2 ? .heading2 : .heading3
            inline.beginLine(base: MarkdownAttributes(role: role))
            position += head.contentStart
            mode = .inline
        case .fence, .thematicBreak, .tableRow:
            if pendingHeader == nil && table == nil { flushPendingBlank() }
            let kind: WaitKind = head.leaf == .fence ? .fence : head.leaf == .tableRow ? .tableRow : .thematicBreak
            mode = .waiting(kind, contentStart: head.contentStart, scanFrom: position + head.contentStart)
        }
    }

    mutating func skipRestOfLine() {
        position = lineEnd(from: position)
        consumeLineEnd()
    }

    mutating func endInlineLine() {
        inline.endLine(sink: &writer)
        if headingOpen {
            if !writer.blockHasText { writer.writeLine(proseFirstPrefix.trimmed(), []) }
            writer.endProse()
            headingOpen = false
        } else {
            // Every source line break is kept, hard or soft: models write poems, addresses and
            // one-number-per-line lists expecting the lines chat UIs show (CommonMark would
            // join them).
            writer.hardBreak()
        }
        mode = .head
    }

    mutating func handleWholeLine(_ kind: WaitKind, line: ArraySlice<UInt8>, contentStart: Int) {
        let content = line.dropFirst(contentStart)
        switch kind {
        case .code:
            writeCodeLine(line)
        case .thematicBreak:
            let linePrefix = prefix(showBullets: true)
            let length = max(writer.width - linePrefix.width, 3)
            writer.writeLine(linePrefix, [(Self.rule(length), MarkdownAttributes(role: .marker))])
        case .fence:
            openFence(content)
        case .tableRow:
            tableRow(content)
        }
    }

    // MARK: Blocks

    mutating func beginProse() {
        let first = prefix(showBullets: true)
        proseFirstPrefix = first
        writer.beginProse(first: first, rest: prefix(showBullets: false))
    }

    mutating func endParagraph() {
        if paragraphOpen {
            writer.endProse()
            paragraphOpen = false
        }
    }

    /// One line of source text as a paragraph line (a table header that was not one, a fence
    /// line that was not one).
    mutating func writeTextLine(_ text: ArraySlice<UInt8>) {
        if !paragraphOpen {
            beginProse()
            paragraphOpen = true
        }
        inline.beginLine(base: .plain)
        inline.feed(text, sink: &writer)
        inline.endLine(sink: &writer)
        writer.hardBreak()
    }

    mutating func flushPendingBlank() {
        guard let blank = pendingBlank else { return }
        pendingBlank = nil
        if writer.out.wroteAnything || !blank.pieces.isEmpty { writer.writeLine(blank, []) }
    }

    mutating func closeContainers(keeping count: Int) {
        if containers.count > count {
            containers.removeLast(containers.count - count)
            restPrefix = nil
        }
    }

    mutating func openContainers(_ news: [MarkdownLineHead.NewContainer]) {
        for new in news {
            restPrefix = nil
            if new.isQuote {
                containers.append(MarkdownContainer(isQuote: true))
                continue
            }
            let depth = containers.filter { !$0.isQuote }.count
            let bullet = new.ordered ? String(decoding: new.marker, as: UTF8.self) : ["•", "◦", "▪"][depth % 3]
            containers.append(MarkdownContainer(
                isQuote: false, markerIndent: new.markerIndent, contentOffset: new.contentOffset,
                bullet: Array(bullet.utf8), bulletWidth: DisplayWidth.of(bullet)))
            bulletsPending = true
        }
    }

    /// The prefix for a line in the open containers; with `showBullets` the bullets not printed
    /// yet are printed (and marked printed), otherwise their place is blank.
    mutating func prefix(showBullets: Bool) -> MarkdownPrefix {
        if !showBullets || !bulletsPending {
            if let cached = restPrefix { return cached }
            let made = makePrefix(showBullets: false)
            restPrefix = made
            return made
        }
        bulletsPending = false
        return makePrefix(showBullets: true)
    }

    mutating func makePrefix(showBullets: Bool) -> MarkdownPrefix {
        var result = MarkdownPrefix()
        var spaces = 0
        for index in containers.indices {
            if containers[index].isQuote {
                result.appendSpaces(spaces)
                spaces = 0
                result.pieces.append((Self.quoteBar, MarkdownAttributes(role: .marker)))
                result.width += 2
            } else if showBullets && !containers[index].bulletShown {
                result.appendSpaces(spaces)
                spaces = 1
                result.pieces.append((containers[index].bullet, MarkdownAttributes(role: .marker)))
                result.width += containers[index].bulletWidth
                containers[index].bulletShown = true
            } else {
                spaces += containers[index].bulletWidth + 1
            }
        }
        result.appendSpaces(spaces)
        return result
    }

    static let quoteBar = Array("│ ".utf8)
}
