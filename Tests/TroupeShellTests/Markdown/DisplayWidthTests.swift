import Testing
@testable import TroupeShell

@Suite("Display width")
struct DisplayWidthTests {
    @Test("ASCII, wide, combining, emoji, flags, ZWJ sequences, keycaps, escapes", arguments: [
        ("hello", 5),
        ("日本語", 6),
        ("한국어", 6),
        ("ｆｕｌｌ", 8),
        ("cafe\u{301}", 4),
        ("🚀", 2),
        ("🚀🚀", 4),
        ("🇫🇷", 2),
        ("👨‍👩‍👧", 2),
        ("👍🏽", 2),
        ("1️⃣", 2),
        ("❤️", 2),
        ("\u{1B}[1;31mred\u{1B}[0m", 3),
        ("a\u{200B}b", 2),
        ("", 0),
    ])
    func widths(text: String, width: Int) {
        #expect(DisplayWidth.of(text) == width)
    }

    @Test("wrapped output lines never exceed the width (escapes count zero)")
    func wrappedLines() {
        let text = "Wide 日本語のテキストと emoji 🚀 and **bold words** with `code` and [a link](https://example.com) "
        let output = render(String(repeating: text, count: 20), width: 33, style: .terminal)
        for line in output.split(separator: "\n") {
            #expect(DisplayWidth.of(String(line)) <= 33, "too wide: \(line)")
        }
    }
}
