/// One piece of template text: plain text, an `{{ output }}` or a `{% tag %}`.
enum NunjucksToken: Sendable, Hashable {
    case text(String)
    /// The expression inside `{{ }}`, with where it starts.
    case output(String, line: Int, column: Int)
    /// The text inside `{% %}`, with where it starts.
    case tag(String, line: Int, column: Int)
}

/// Splits template text into text, outputs and tags; drops comments and applies `-`
/// whitespace control (`{{-` trims the white space before, `-}}` the white space after).
enum NunjucksLexer {
    static func tokens(of source: String) throws(NunjucksError) -> [NunjucksToken] {
        let scalars = Array(source.unicodeScalars)
        var tokens: [NunjucksToken] = []
        var text = String.UnicodeScalarView()
        var trimNext = false
        var index = 0
        var line = 1
        var column = 1

        func advance(_ count: Int) {
            for _ in 0..<count {
                if scalars[index] == "\n" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
                index += 1
            }
        }

        func flushText(trimEnd: Bool) {
            var piece = String(text)
            text = String.UnicodeScalarView()
            if trimNext { piece = String(piece.drop(while: \.isWhitespace)) }
            if trimEnd {
                while let last = piece.last, last.isWhitespace { piece.removeLast() }
            }
            trimNext = false
            if !piece.isEmpty { tokens.append(.text(piece)) }
        }

        while index < scalars.count {
            let scalar = scalars[index]
            guard scalar == "{", index + 1 < scalars.count,
                  let close = closer(for: scalars[index + 1]) else {
                text.append(scalar)
                advance(1)
                continue
            }
            let startLine = line
            let startColumn = column
            var bodyStart = index + 2
            let trimBefore = bodyStart < scalars.count && scalars[bodyStart] == "-"
            if trimBefore { bodyStart += 1 }
            guard let end = find(close, in: scalars, from: bodyStart) else {
                let opener = "{" + String(scalars[index + 1])
                throw NunjucksError(.syntax("\(opener) is never closed"), line: startLine, column: startColumn)
            }
            var bodyEnd = end
            var trimAfter = false
            if bodyEnd > bodyStart, scalars[bodyEnd - 1] == "-" {
                trimAfter = true
                bodyEnd -= 1
            }
            var body = String.UnicodeScalarView()
            body.append(contentsOf: scalars[bodyStart..<max(bodyStart, bodyEnd)])
            flushText(trimEnd: trimBefore)
            switch scalars[index + 1] {
            case "{": tokens.append(.output(String(body), line: startLine, column: startColumn))
            case "%": tokens.append(.tag(String(body), line: startLine, column: startColumn))
            default: break  // a comment
            }
            advance(end + 2 - index)
            trimNext = trimAfter
        }
        flushText(trimEnd: false)
        return tokens
    }

    private static func closer(for scalar: Unicode.Scalar) -> [Unicode.Scalar]? {
        switch scalar {
        case "{": return ["}", "}"]
        case "%": return ["%", "}"]
        case "#": return ["#", "}"]
        default: return nil
        }
    }

    /// The index of `pair` at or after `start`, skipping quoted strings (so `{{ "}}" }}` works).
    private static func find(_ pair: [Unicode.Scalar], in scalars: [Unicode.Scalar], from start: Int) -> Int? {
        var index = start
        var quote: Unicode.Scalar?
        while index + 1 < scalars.count {
            let scalar = scalars[index]
            if let open = quote {
                if scalar == "\\" { index += 2; continue }
                if scalar == open { quote = nil }
            } else if (scalar == "\"" || scalar == "'") && pair[0] != "#" {
                quote = scalar
            } else if scalar == pair[0], scalars[index + 1] == pair[1] {
                return index
            }
            index += 1
        }
        return nil
    }
}
