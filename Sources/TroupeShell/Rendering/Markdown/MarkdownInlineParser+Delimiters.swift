/// Plain text, escapes, emphasis delimiters and brackets.
extension MarkdownInlineParser {
    /// Handles the byte at the cursor outside raw spans; false when it needs bytes not here yet.
    mutating func stepNormal<Sink: MarkdownInlineSink>(atLineEnd: Bool, sink: inout Sink) -> Bool {
        let count = buffer.count
        let byte = buffer[cursor]
        switch byte {
        case 0x5C:  // backslash
            if cursor + 1 >= count {
                if !atLineEnd { return false }
                put(buffer[cursor...cursor], sink: &sink)
                cursor += 1
            } else if Self.isPunctuation(buffer[cursor + 1]) {
                put(buffer[(cursor + 1)...(cursor + 1)], sink: &sink)
                cursor += 2
            } else {
                put(buffer[cursor...cursor], sink: &sink)
                cursor += 1
            }
            previous = .punct
        case 0x60:  // backtick
            var end = cursor
            while end < count && buffer[end] == 0x60 { end += 1 }
            if end == count && !atLineEnd { return false }
            if frames.count >= Self.maxDepth {
                put(buffer[cursor..<end], sink: &sink)
            } else {
                pushRaw(.code, count: end - cursor, start: origin + cursor, rawStart: origin + end)
            }
            cursor = end
            previous = .punct
        case 0x2A, 0x5F, 0x7E:  // * _ ~
            var end = cursor
            while end < count && buffer[end] == byte { end += 1 }
            if end == count && !atLineEnd { return false }
            let next = end < count ? Self.classify(buffer[end]) : .space
            delimiter(byte, from: cursor, to: end, next: next, sink: &sink)
            cursor = end
            previous = .punct
        case 0x5B:  // [
            if frames.count >= Self.maxDepth {
                put(buffer[cursor...cursor], sink: &sink)
            } else {
                pushSpan(.link, opener: 0x5B, count: 1, start: origin + cursor, rawStart: origin + cursor + 1)
            }
            cursor += 1
            previous = .punct
        case 0x5D:  // ]
            return closeBracket(atLineEnd: atLineEnd, sink: &sink)
        case 0x3C:  // <
            if cursor + 1 >= count && !atLineEnd { return false }
            if cursor + 1 < count && Self.isLetter(buffer[cursor + 1]) && frames.count < Self.maxDepth {
                pushRaw(.autolink, count: 1, start: origin + cursor, rawStart: origin + cursor + 1)
            } else {
                put(buffer[cursor...cursor], sink: &sink)
            }
            cursor += 1
            previous = .punct
        default:
            if previous == .space && (byte == 0x68 || byte == 0x77) && frames.count < Self.maxDepth {
                guard let length = urlPrefix(atLineEnd: atLineEnd) else { return false }
                if length > 0 {
                    pushRaw(.bareURL, count: 0, start: origin + cursor, rawStart: origin + cursor)
                    cursor += length
                    previous = .other
                    return true
                }
            }
            let end = buffer.withUnsafeBufferPointer { Self.plainRunEnd(in: $0, from: cursor + 1) }
            put(buffer[cursor..<end], sink: &sink)
            previous = Self.classify(buffer[end - 1])
            cursor = end
        }
        return true
    }

    /// `]`: with `(` after it the link's destination follows; otherwise the brackets are text.
    private mutating func closeBracket<Sink: MarkdownInlineSink>(atLineEnd: Bool, sink: inout Sink) -> Bool {
        let count = buffer.count
        var link: Int?
        var index = frames.count - 1
        while index >= 0 {
            if frames[index].kind == .link {
                link = index
                break
            }
            index -= 1
        }
        guard let link else {
            put(buffer[cursor...cursor], sink: &sink)
            cursor += 1
            previous = .punct
            return true
        }
        if cursor + 1 >= count && !atLineEnd { return false }
        failSpans(above: link)
        if cursor + 1 < count && buffer[cursor + 1] == 0x28 {
            frames[link].kind = .destination
            frames[link].rawStart = origin + cursor + 1
            frames[link].parens = 0
            cursor += 2
        } else {
            popSpan(sink: &sink)
            put(buffer[cursor...cursor], sink: &sink)
            cursor += 1
        }
        previous = .punct
        return true
    }

    /// A run of `*`, `_` or `~` from `start` to `end`: closes, opens, or is text.
    private mutating func delimiter<Sink: MarkdownInlineSink>(
        _ byte: UInt8, from start: Int, to end: Int, next: CharClass, sink: inout Sink
    ) {
        let length = end - start
        if byte == 0x7E && length != 2 {
            put(buffer[start..<end], sink: &sink)
            return
        }
        let left = next != .space && (next != .punct || previous == .space || previous == .punct)
        let right = previous != .space && (previous != .punct || next == .space || next == .punct)
        var canOpen = left
        var canClose = right
        if byte == 0x5F {
            canOpen = left && (!right || previous == .punct)
            canClose = right && (!left || next == .punct)
        }
        var remaining = length
        if canClose {
            while remaining > 0, let index = openerIndex(for: byte) {
                failSpans(above: index)
                let top = frames.count - 1
                if byte == 0x7E {
                    addFlags(MarkdownAttributes.strike)
                    frames[top].count = 0
                    remaining = 0
                } else {
                    let used = remaining >= 2 && frames[top].count >= 2 ? 2 : 1
                    addFlags(used == 2 ? MarkdownAttributes.bold : MarkdownAttributes.italic)
                    frames[top].count -= used
                    remaining -= used
                }
                let opener = frames[top].openerRun
                if frames[top].count == 0 {
                    runs[opener].hidden = true
                    popSpan(sink: &sink)
                } else {
                    runs[opener].end = runs[opener].start + frames[top].count
                }
            }
        }
        guard remaining > 0 else { return }
        if canOpen && frames.count < Self.maxDepth {
            pushSpan(.emphasis(byte), opener: byte, count: remaining, start: origin + end - remaining,
                     rawStart: origin + end)
        } else {
            put(buffer[(end - remaining)..<end], sink: &sink)
        }
    }

    /// The innermost open emphasis of `byte` that a closer may reach (not across a link).
    private func openerIndex(for byte: UInt8) -> Int? {
        var index = frames.count - 1
        while index >= 0 {
            let kind = frames[index].kind
            let count = frames[index].count
            if kind == .link { return nil }
            if kind == .emphasis(byte) && count > 0 && (byte != 0x7E || count == 2) { return index }
            index -= 1
        }
        return nil
    }

    /// Length of `https://`, `http://` or `www.` at the cursor, 0 when none, nil when the
    /// bytes so far still match one of them.
    private func urlPrefix(atLineEnd: Bool) -> Int? {
        var undecided = false
        for prefix in Self.urlPrefixes {
            var matched = 0
            while matched < prefix.count, cursor + matched < buffer.count, buffer[cursor + matched] == prefix[matched] {
                matched += 1
            }
            if matched == prefix.count { return matched }
            if cursor + matched == buffer.count && !atLineEnd { undecided = true }
        }
        return undecided ? nil : 0
    }

    /// Where a run of plain text starting before `start` ends: at a byte with a meaning, or
    /// at what may start `http` or `www.` after a space.
    private static func plainRunEnd(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var end = start
        let count = bytes.count
        while end < count {
            let next = bytes[end]
            if isSpecial(next) { break }
            if (next == 0x68 || next == 0x77) && (bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09)
                && (end + 1 >= count || bytes[end + 1] == (next == 0x68 ? 0x74 : 0x77)) {
                break
            }
            end += 1
        }
        return end
    }

    // MARK: Character classes

    private static let urlPrefixes: [[UInt8]] = [Array("https://".utf8), Array("http://".utf8), Array("www.".utf8)]

    /// Bytes that end a run of plain text.
    @inline(__always)
    static func isSpecial(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x5C, 0x60, 0x2A, 0x5F, 0x7E, 0x5B, 0x5D, 0x3C: return true
        default: return false
        }
    }

    static func isPunctuation(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E: return true
        default: return false
        }
    }

    static func classify(_ byte: UInt8) -> CharClass {
        if byte == 0x20 || byte == 0x09 { return .space }
        return isPunctuation(byte) ? .punct : .other
    }

    static func isLetter(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }
}
