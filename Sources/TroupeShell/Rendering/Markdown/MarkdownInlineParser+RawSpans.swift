/// Spans whose text is taken as written: code spans, link destinations, autolinks, bare URLs.
extension MarkdownInlineParser {
    /// Scans inside the innermost (raw) span; false when it needs bytes not here yet.
    mutating func stepRaw<Sink: MarkdownInlineSink>(atLineEnd: Bool, sink: inout Sink) -> Bool {
        let count = buffer.count
        let top = frames.count - 1
        let kind = frames[top].kind
        let rawStart = frames[top].rawStart - origin
        // Scan no further than where the span limit would end the oldest span, so that the
        // outcome is the same however the line was cut.
        let limitIndex = frames[0].start + Self.spanLimit + 1 - origin
        let scanEnd = min(count, limitIndex)
        var index = cursor
        switch kind {
        case .code:
            while index < scanEnd && buffer[index] != 0x60 { index += 1 }
            if index >= scanEnd {
                cursor = index
                return true
            }
            var end = index
            while end < count && buffer[end] == 0x60 { end += 1 }
            if end == count && !atLineEnd {
                cursor = index
                return false
            }
            cursor = end
            guard end - index == frames[top].count else { return true }
            frames.removeLast()
            var text = buffer[rawStart..<index]
            if text.count >= 2, text.first == 0x20, text.last == 0x20, text.contains(where: { $0 != 0x20 }) {
                text = text.dropFirst().dropLast()
            }
            put(text, MarkdownAttributes(role: .inlineCode), sink: &sink)
            previous = .punct
        case .autolink:
            while index < scanEnd {
                let byte = buffer[index]
                if byte == 0x3E || byte == 0x20 || byte == 0x09 || byte == 0x3C { break }
                index += 1
            }
            if index >= scanEnd {
                cursor = index
                return true
            }
            let start = frames[top].start - origin
            frames.removeLast()
            if buffer[index] == 0x3E && Self.isAutolink(buffer[rawStart..<index]) {
                put(buffer[start...index], sink: &sink)
                cursor = index + 1
            } else {
                put(buffer[start..<rawStart], sink: &sink)
                cursor = rawStart
            }
            previous = .punct
        case .destination:
            return scanDestination(from: index, scanEnd: scanEnd, atLineEnd: atLineEnd, sink: &sink)
        case .bareURL:
            while index < scanEnd {
                let byte = buffer[index]
                if byte == 0x20 || byte == 0x09 || byte == 0x3C { break }
                index += 1
            }
            cursor = index
            if index >= scanEnd { return true }
            finishBareURL(end: index, sink: &sink)
        case .emphasis, .link:
            return false
        }
        return true
    }

    /// Inside `](…)`: a link when `)` closes it (nested parentheses balanced), literal text
    /// when a space or `<` comes first.
    private mutating func scanDestination<Sink: MarkdownInlineSink>(
        from start: Int, scanEnd: Int, atLineEnd: Bool, sink: inout Sink
    ) -> Bool {
        let count = buffer.count
        let top = frames.count - 1
        var parens = frames[top].parens
        var index = start
        var stop = false
        while index < scanEnd && !stop {
            switch buffer[index] {
            case 0x5C:
                if index + 1 >= count && !atLineEnd {
                    cursor = index
                    frames[top].parens = parens
                    return false
                }
                index += 2
            case 0x28:
                parens += 1
                index += 1
            case 0x29:
                if parens == 0 {
                    stop = true
                } else {
                    parens -= 1
                    index += 1
                }
            case 0x20, 0x09, 0x3C:
                stop = true
            default:
                index += 1
            }
        }
        if !stop {
            cursor = min(index, count)
            frames[top].parens = parens
            return true
        }
        if buffer[index] == 0x29 {
            let destination = buffer[(frames[top].rawStart - origin + 1)..<index]
            runs[frames[top].openerRun].hidden = true
            if contentIsEmpty() {
                popSpan(sink: &sink)
                put(destination, MarkdownAttributes(role: .link), sink: &sink)
            } else if destination.isEmpty || contentEquals(destination) {
                fillRole(.link)
                popSpan(sink: &sink)
            } else {
                fillRole(.link)
                popSpan(sink: &sink)
                put([0x20][...], sink: &sink)
                // `(destination)` as it stands in the line.
                put(buffer[(destination.startIndex - 1)...index], MarkdownAttributes(role: .url), sink: &sink)
            }
            cursor = index + 1
        } else {
            failDestination(sink: &sink)
        }
        previous = .punct
        return true
    }

    /// `[text](` not followed by a destination: `[text]` is literal, the rest is read again.
    private mutating func failDestination<Sink: MarkdownInlineSink>(sink: inout Sink) {
        let rawStart = frames[frames.count - 1].rawStart - origin
        popSpan(sink: &sink)
        put([0x5D][...], sink: &sink)
        cursor = rawStart
        previous = .punct
    }

    /// The line ended inside a raw span.
    mutating func endRawAtLineEnd<Sink: MarkdownInlineSink>(sink: inout Sink) {
        let top = frames.count - 1
        switch frames[top].kind {
        case .bareURL:
            finishBareURL(end: buffer.count, sink: &sink)
        case .destination:
            failDestination(sink: &sink)
        default:
            let start = frames[top].start - origin
            let rawStart = frames[top].rawStart - origin
            frames.removeLast()
            put(buffer[start..<rawStart], sink: &sink)
            cursor = rawStart
            previous = .punct
        }
    }

    /// A bare URL ends at `end`; trailing punctuation (GFM's rule) is text again.
    private mutating func finishBareURL<Sink: MarkdownInlineSink>(end: Int, sink: inout Sink) {
        guard let frame = frames.popLast() else { return }
        let start = frame.rawStart - origin
        var stop = end
        var opened = 0
        var closed = 0
        for byte in buffer[start..<end] {
            if byte == 0x28 { opened += 1 } else if byte == 0x29 { closed += 1 }
        }
        while stop > start {
            let byte = buffer[stop - 1]
            if Self.isURLTrailing(byte) {
                stop -= 1
            } else if byte == 0x29 && closed > opened {
                closed -= 1
                stop -= 1
            } else {
                break
            }
        }
        put(buffer[start..<stop], sink: &sink)
        cursor = stop
        previous = .other
    }

    private static func isURLTrailing(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x3F, 0x21, 0x2E, 0x2C, 0x3A, 0x2A, 0x5F, 0x7E, 0x27, 0x22, 0x3B: return true
        default: return false
        }
    }

    /// `scheme:rest` (scheme of 2–32 letters, digits, `+.-`) or `local@domain`.
    private static func isAutolink(_ text: ArraySlice<UInt8>) -> Bool {
        func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
        if let colon = text.firstIndex(of: 0x3A) {
            let scheme = text[text.startIndex..<colon]
            if (2...32).contains(scheme.count), let first = scheme.first, isLetter(first),
               scheme.allSatisfy({ isLetter($0) || isDigit($0) || $0 == 0x2B || $0 == 0x2E || $0 == 0x2D }) {
                return true
            }
        }
        guard let at = text.firstIndex(of: 0x40), at > text.startIndex, at + 1 < text.endIndex else { return false }
        return text[(at + 1)...].allSatisfy { isLetter($0) || isDigit($0) || $0 == 0x2E || $0 == 0x2D }
    }
}
