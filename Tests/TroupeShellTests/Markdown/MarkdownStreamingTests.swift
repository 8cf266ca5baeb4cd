import Testing
@testable import TroupeShell

/// What is printed when: prose word by word, spans once settled, lines once classified.
@Suite("Markdown: incremental output")
struct MarkdownStreamingTests {
    /// Feeds pieces one by one and returns what each feed printed.
    func steps(_ pieces: [String], width: Int = 60) -> [String] {
        var renderer = MarkdownRenderer(width: width, style: .tags)
        var printed = pieces.map { renderer.feed($0) }
        printed.append(renderer.finish())
        return printed
    }

    @Test("prose comes out word by word; a word waits only for its end")
    func wordByWord() {
        #expect(steps(["Hel", "lo wor", "ld and", " more"]) == ["", "Hello", " world", " and", " more\n"])
    }

    @Test("an open span holds its text until it closes")
    func spanHolds() {
        // A style is closed when the next text starts (so a caller that stops early calls
        // `finish()`, which ends in the plain style).
        #expect(steps(["a **bo", "ld te", "xt** b"]) == ["a", "", " <b>bold text", "</b> b\n"])
        #expect(steps(["x `co", "de **", "` y"]) == ["x", "", " <code>code **", "</code> y\n"])
    }

    @Test("a line start waits until its kind is known")
    func lineStarts() {
        #expect(steps(["#", "# Title\n"]) == ["", "<h2>Title</h2>\n", ""])
        #expect(steps(["-", " item\n"]) == ["", "<m>•</m> item", "\n"])
        #expect(steps(["**", "bold** x"]) == ["", "<b>bold", "</b> x\n"])
        #expect(steps(["- -", " -\n", "x"]) == ["", "<m>────────────────────────────────────────────────────────────</m>\n", "", "x\n"])
    }

    @Test("a paragraph line ends at its line break, which is kept")
    func paragraphEnd() {
        #expect(steps(["one\n", "two\n", "# H\n"]) == ["one", "\ntwo", "\n<h1>H</h1>\n", ""])
    }

    @Test("fence and code lines wait for their line end")
    func codeLines() {
        #expect(steps(["```sw", "ift\nlet", " x\n", "```\n"]) == ["", "<m>swift</m>\n", "<kw>let</kw> x\n", "", ""])
    }

    @Test("an unclosed * in a 100 KB paragraph does not hold the paragraph: it gives up and prints")
    func unclosedSpanBounded() {
        var renderer = MarkdownRenderer(width: 80, style: .tags)
        var printed = renderer.feed("*start ")
        var fed = 7
        var printedAt: Int?
        while fed < 100_000 {
            printed += renderer.feed("word and more ")
            fed += 14
            if printedAt == nil && !printed.isEmpty { printedAt = fed }
        }
        printed += renderer.finish()
        let first = try? #require(printedAt)
        #expect((first ?? .max) <= MarkdownInlineParser.spanLimit + 100)
        #expect(printed.hasPrefix("*start word"))
        #expect(!printed.contains("<i>"))
    }

    /// About 200 KB each, fed in 50-byte pieces: work that grew with the square of the held
    /// text would take far beyond the time limit; linear work takes a second or two in a debug
    /// build. (Speed itself is measured by MarkdownBench, not here.)
    @Test("long paragraphs, long code blocks, long lines and long spans render in linear time", .timeLimit(.minutes(1)), arguments: [
        ("paragraph", String(repeating: "word **bold** and `code` ", count: 8_000)),
        ("unclosed star", "*" + String(repeating: "word ", count: 40_000)),
        ("unclosed code", "`" + String(repeating: "word ", count: 40_000)),
        ("unclosed link", "[" + String(repeating: "word ", count: 40_000)),
        ("many openers", String(repeating: "[` <h *", count: 20_000)),
        ("code block", "```swift\n" + String(repeating: "let x = \"y\" // z\n", count: 12_000) + "```\n"),
        ("one long code line", "```\n" + String(repeating: "x", count: 200_000) + "\n```\n"),
        ("one long table row", "| " + String(repeating: "cell | ", count: 28_000) + "\n"),
        ("a long rule candidate", String(repeating: "- ", count: 100_000)),
        ("a long word", String(repeating: "y", count: 200_000)),
    ])
    func linear(name: String, text: String) async {
        let output = await offThePool { () -> Int in
            var output = 0
            var renderer = MarkdownRenderer(width: 80, style: .terminal)
            for piece in Self.pieces(text, size: 50) { output += renderer.feed(piece).utf8.count }
            return output + renderer.finish().utf8.count
        }
        #expect(output >= text.utf8.count / 2, "\(name): too little output")
    }

    static func pieces(_ text: String, size: Int) -> [String] {
        var result: [String] = []
        var index = text.startIndex
        while index < text.endIndex {
            let end = text.index(index, offsetBy: size, limitedBy: text.endIndex) ?? text.endIndex
            result.append(String(text[index..<end]))
            index = end
        }
        return result
    }
}
