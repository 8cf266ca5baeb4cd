import Testing
@testable import TroupeShell

/// Random Markdown punctuation: nothing may crash, and text in gives text out.
@Suite("Markdown: fuzzing")
struct MarkdownFuzzTests {
    static let alphabet: [String] = [
        "*", "**", "_", "~", "~~", "`", "```", "~~~", "[", "]", "(", ")", "<", ">", "|", "\\", "#", "-", "+",
        "1.", "2)", ":", "!", " ", "  ", "\t", "\n", "\n\n", "\r\n", "\r", "a", "word", "h", "https://", "www.",
        "日", "🚀", "\u{301}", "\u{200D}", "\u{1B}", "\u{7F}", "\u{9B}", "é", "    ", "> ", "- ", "| a |", "|---|",
        "```swift\n", "/*", "*/", "\"", "'", "\"\"\"", "$",
    ]

    static func randomText(_ generator: inout SplitMix, length: Int) -> String {
        var text = ""
        for _ in 0..<length {
            text += alphabet[Int(generator.next() % UInt64(alphabet.count))]
        }
        return text
    }

    @Test("random punctuation never crashes; non-blank input gives output; splits do not change it")
    func fuzz() async {
        var generator = SplitMix(seed: 42)
        for round in 0..<400 {
            if round % 20 == 0 { await Task.yield() }
            let text = Self.randomText(&generator, length: 1 + Int(generator.next() % 120))
            let width = 10 + Int(generator.next() % 70)
            let whole = render(text, width: width)
            let blank = text.unicodeScalars.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
            #expect(blank || !whole.isEmpty, "round \(round): no output for \(text.debugDescription)")
            // Random cuts at scalar boundaries.
            let scalars = Array(text.unicodeScalars)
            var pieces: [String] = []
            var index = 0
            while index < scalars.count {
                let end = min(scalars.count, index + 1 + Int(generator.next() % 9))
                pieces.append(SplitInvarianceTests.string(scalars[index..<end]))
                index = end
            }
            let split = render(pieces, width: width)
            #expect(split == whole, "round \(round) differs for \(text.debugDescription)")
            if split != whole { return }
        }
    }

    @Test("very narrow widths and deep nesting")
    func extremes() {
        let deep = String(repeating: "> - ", count: 40) + "text that is deep\n"
        #expect(!render(deep, width: 1).isEmpty)
        #expect(!render(String(repeating: "[", count: 500) + String(repeating: "*a", count: 500), width: 3).isEmpty)
        #expect(render("", width: 0) == "")
    }
}
