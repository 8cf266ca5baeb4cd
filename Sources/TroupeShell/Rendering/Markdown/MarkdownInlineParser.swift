/// Inline Markdown of one line, settled as its bytes arrive: emphasis (`*`, `_`), strong,
/// strikethrough (`~~`), code spans, links, autolinks, bare URLs, backslash escapes.
///
/// Text outside any open span goes to the sink at once. An opening delimiter starts a span
/// whose text is held until it closes (it then gets its style) or fails (its delimiter is
/// printed literally). Spans never cross a line end, and a span open for more than
/// `spanLimit` bytes fails too, so held text stays bounded and no byte is scanned again and
/// again. Every decision waits for the bytes it depends on, never for a piece boundary, so
/// the output does not depend on how the line was cut into pieces.
///
/// Held text lives in one arena shared by all open spans (a stack: the innermost span's text
/// is at the end), so opening and closing spans allocates nothing.
///
/// Differences from CommonMark: the "rule of 3" for delimiter runs is not applied; Unicode
/// (non-ASCII) whitespace and punctuation count as letters for flanking; link titles,
/// reference links and images are not recognised (shown literally); a backslash before a
/// line end is shown, not a hard break.
struct MarkdownInlineParser: Sendable {
    /// Bytes a span may stay open before its opener is printed literally.
    static let spanLimit = 2000
    static let maxDepth = 32

    enum CharClass { case space, punct, other }

    struct Frame: Sendable {
        enum Kind: Equatable, Sendable { case emphasis(UInt8), code, link, destination, autolink, bareURL }
        var kind: Kind
        /// Delimiters left (emphasis) or backtick run length (code).
        var count: Int
        /// Line offset of the opener (for the span limit; raw spans also print it from here).
        var start: Int
        /// Line offset of raw text (code, autolink, bare URL) or of the `(` (destination).
        var rawStart: Int
        /// Index in `runs` of the opener's literal run (emphasis, link), or of where the
        /// frame's stuff would start (raw frames have none).
        var openerRun: Int
        /// Index in `runs` where the frame's content starts.
        var contentRun: Int
        var parens = 0

        var isRaw: Bool {
            switch kind {
            case .code, .destination, .autolink, .bareURL: return true
            case .emphasis, .link: return false
            }
        }
    }

    /// A style run over `arena` bytes; a hidden run is an opener that turned into a style.
    struct HeldRun: Sendable {
        var attributes: MarkdownAttributes
        var start: Int
        var end: Int
        var hidden = false
    }

    var base = MarkdownAttributes.plain
    var buffer: [UInt8] = []
    var cursor = 0
    /// Line offset of `buffer[0]`.
    var origin = 0
    var frames: [Frame] = []
    var arena: [UInt8] = []
    var runs: [HeldRun] = []
    var previous = CharClass.space
    private var trailingSpaces = 0

    var topIsRaw: Bool { !frames.isEmpty && frames[frames.count - 1].isRaw }

    /// Starts a line whose text is laid over `base` (a heading's style, or plain).
    mutating func beginLine(base: MarkdownAttributes) {
        self.base = base
        if !buffer.isEmpty { buffer.removeAll(keepingCapacity: true) }
        cursor = 0
        origin = 0
        if !frames.isEmpty { frames.removeAll(keepingCapacity: true) }
        if !arena.isEmpty { arena.removeAll(keepingCapacity: true) }
        if !runs.isEmpty { runs.removeAll(keepingCapacity: true) }
        previous = .space
        trailingSpaces = 0
    }

    /// More bytes of the line (no line end among them).
    mutating func feed<Sink: MarkdownInlineSink>(_ bytes: ArraySlice<UInt8>, sink: inout Sink) {
        guard !bytes.isEmpty else { return }
        var end = bytes.endIndex
        while end > bytes.startIndex && bytes[end - 1] == 0x20 { end -= 1 }
        trailingSpaces = end == bytes.startIndex ? trailingSpaces + bytes.count : bytes.endIndex - end
        buffer.append(contentsOf: bytes)
        run(atLineEnd: false, sink: &sink)
        compact()
    }

    /// The line ended: settles every open span. Returns whether the line asked for a hard
    /// break (two or more trailing spaces).
    @discardableResult
    mutating func endLine<Sink: MarkdownInlineSink>(sink: inout Sink) -> Bool {
        run(atLineEnd: true, sink: &sink)
        // What is still open failed: openers stay as literal text where they are.
        if !frames.isEmpty { frames.removeAll(keepingCapacity: true) }
        flushArena(sink: &sink)
        let hard = trailingSpaces >= 2
        beginLine(base: base)
        return hard
    }

    // MARK: Loop

    private mutating func run<Sink: MarkdownInlineSink>(atLineEnd: Bool, sink: inout Sink) {
        while true {
            if !frames.isEmpty && origin + cursor - frames[0].start > Self.spanLimit {
                failBottom(sink: &sink)
                continue
            }
            if cursor >= buffer.count {
                if atLineEnd && topIsRaw {
                    endRawAtLineEnd(sink: &sink)
                    continue
                }
                return
            }
            let progressed = topIsRaw
                ? stepRaw(atLineEnd: atLineEnd, sink: &sink)
                : stepNormal(atLineEnd: atLineEnd, sink: &sink)
            if !progressed { return }
        }
    }

    private mutating func compact() {
        var keep = cursor
        if topIsRaw { keep = min(keep, frames[frames.count - 1].start - origin) }
        guard keep > 0, keep >= 4096 || keep == buffer.count else { return }
        if keep == buffer.count {
            buffer.removeAll(keepingCapacity: true)
        } else {
            buffer.removeFirst(keep)
        }
        origin += keep
        cursor -= keep
    }

    // MARK: Held text

    /// Text (style relative to the line's base) to the innermost open span, or out.
    mutating func put<Sink: MarkdownInlineSink>(
        _ text: ArraySlice<UInt8>, _ attributes: MarkdownAttributes = .plain, sink: inout Sink
    ) {
        guard !text.isEmpty else { return }
        if frames.isEmpty {
            sink.inline(text, attributes.over(base))
            return
        }
        let contentRun = frames[frames.count - 1].contentRun
        let last = runs.count - 1
        if last >= contentRun && !runs[last].hidden && runs[last].attributes == attributes
            && runs[last].end == arena.count {
            arena.append(contentsOf: text)
            runs[last].end = arena.count
        } else {
            let start = arena.count
            arena.append(contentsOf: text)
            runs.append(HeldRun(attributes: attributes, start: start, end: arena.count))
        }
    }

    /// Opens a span whose opener is `count` copies of `byte` held as literal text.
    mutating func pushSpan(_ kind: Frame.Kind, opener byte: UInt8, count: Int, start: Int, rawStart: Int) {
        let openerStart = arena.count
        arena.append(contentsOf: repeatElement(byte, count: count))
        runs.append(HeldRun(attributes: .plain, start: openerStart, end: arena.count))
        frames.append(Frame(kind: kind, count: count, start: start, rawStart: rawStart,
                            openerRun: runs.count - 1, contentRun: runs.count))
    }

    /// Opens a raw span (code, autolink, bare URL): nothing is held until it settles.
    mutating func pushRaw(_ kind: Frame.Kind, count: Int, start: Int, rawStart: Int) {
        frames.append(Frame(kind: kind, count: count, start: start, rawStart: rawStart,
                            openerRun: runs.count, contentRun: runs.count))
    }

    /// Closes the innermost span; when it was the last one, the held text goes out.
    mutating func popSpan<Sink: MarkdownInlineSink>(sink: inout Sink) {
        frames.removeLast()
        if frames.isEmpty { flushArena(sink: &sink) }
    }

    /// Pops the spans above `index`; their openers stay as literal text.
    mutating func failSpans(above index: Int) {
        if frames.count - 1 > index { frames.removeLast(frames.count - 1 - index) }
    }

    /// Adds flags to the innermost span's content.
    mutating func addFlags(_ flags: UInt8) {
        let first = frames[frames.count - 1].contentRun
        for index in first..<runs.count { runs[index].attributes.flags |= flags }
    }

    /// Gives the innermost span's content without a role this one.
    mutating func fillRole(_ role: MarkdownAttributes.Role) {
        let first = frames[frames.count - 1].contentRun
        for index in first..<runs.count where runs[index].attributes.role == .none {
            runs[index].attributes.role = role
        }
    }

    /// Whether the innermost span's visible content is exactly `text`.
    func contentEquals(_ text: ArraySlice<UInt8>) -> Bool {
        var offset = text.startIndex
        for index in frames[frames.count - 1].contentRun..<runs.count where !runs[index].hidden {
            let run = runs[index]
            guard text.endIndex - offset >= run.end - run.start,
                  arena[run.start..<run.end].elementsEqual(text[offset..<(offset + run.end - run.start)])
            else { return false }
            offset += run.end - run.start
        }
        return offset == text.endIndex
    }

    func contentIsEmpty() -> Bool {
        frames[frames.count - 1].contentRun == runs.count
    }

    private mutating func flushArena<Sink: MarkdownInlineSink>(sink: inout Sink) {
        for run in runs where !run.hidden && run.end > run.start {
            sink.inline(arena[run.start..<run.end], run.attributes.over(base))
        }
        if !arena.isEmpty { arena.removeAll(keepingCapacity: true) }
        if !runs.isEmpty { runs.removeAll(keepingCapacity: true) }
    }

    /// The oldest span has been open too long: its opener is literal text, and what it holds
    /// up to the next span goes out.
    private mutating func failBottom<Sink: MarkdownInlineSink>(sink: inout Sink) {
        let frame = frames.removeFirst()
        if frame.isRaw {
            // A raw frame is always the innermost one, so nothing is held below it.
            switch frame.kind {
            case .bareURL:
                put(buffer[(frame.rawStart - origin)..<cursor], sink: &sink)
                previous = .other
            case .destination:
                // The link text (held in the arena) is literal after its `[`.
                flushArena(sink: &sink)
                put([0x5D][...], sink: &sink)
                cursor = frame.rawStart - origin
                previous = .punct
            default:
                put(buffer[(frame.start - origin)..<(frame.rawStart - origin)], sink: &sink)
                cursor = frame.rawStart - origin
                previous = .punct
            }
            return
        }
        guard let next = frames.first else {
            flushArena(sink: &sink)
            return
        }
        // Send out the runs before the next span and drop them from the arena.
        let runCount = next.openerRun
        let byteCount = runCount < runs.count ? runs[runCount].start : arena.count
        for run in runs[..<runCount] where !run.hidden && run.end > run.start {
            sink.inline(arena[run.start..<run.end], run.attributes.over(base))
        }
        runs.removeFirst(runCount)
        arena.removeFirst(byteCount)
        for index in runs.indices {
            runs[index].start -= byteCount
            runs[index].end -= byteCount
        }
        for index in frames.indices {
            frames[index].openerRun -= runCount
            frames[index].contentRun -= runCount
        }
    }
}
