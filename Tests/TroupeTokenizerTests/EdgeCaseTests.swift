import Testing
@testable import TroupeTokenizer

/// Edge cases of the split patterns, with the ids real tiktoken 0.14 gives (generated once by
/// running tiktoken; see Scripts/check-tokenizer.py for the random differential check).
@Suite("Pattern edge cases against tiktoken's ids")
struct EdgeCaseTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let text: String
        let cl100k: [Int]
        let o200k: [Int]
        init(_ text: String, cl100k: [Int], o200k: [Int]) {
            self.text = text
            self.cl100k = cl100k
            self.o200k = o200k
        }
        var testDescription: String { text.debugDescription }
    }

    static let cases: [Case] = [
        Case(" \u{85}0", cl100k: [220, 126, 227, 15], o200k: [220, 126, 227, 15]),
        Case("today\n \n", cl100k: [31213, 27907], o200k: [58744, 47812]),
        Case("'rer", cl100k: [2351, 81], o200k: [15770, 259]),
        Case("'\u{17F}x", cl100k: [6, 129, 123, 87], o200k: [6, 70067, 87]),
        Case("a\n  ", cl100k: [64, 198, 256], o200k: [64, 198, 256]),
        Case("\u{301}A ", cl100k: [54939, 32, 220], o200k: [13430, 32, 220]),
        Case("x\u{301}.", cl100k: [87, 54939, 13], o200k: [87, 13430, 13]),
        Case(" \u{301}.", cl100k: [220, 54939, 13], o200k: [220, 13430, 13]),
        Case("Hello, world!", cl100k: [9906, 11, 1917, 0], o200k: [13225, 11, 2375, 0]),
        Case("I'm", cl100k: [40, 2846], o200k: [15390]),
        Case("I'M", cl100k: [40, 28703], o200k: [40, 95346]),
        Case("they'LL", cl100k: [20670, 6, 4178], o200k: [33574, 6, 7454]),
        Case("don't", cl100k: [15357, 956], o200k: [91418]),
        Case("HELLO'S", cl100k: [51812, 1623, 13575], o200k: [111642, 2699, 31233]),
        Case("HELLO's world", cl100k: [51812, 1623, 596, 1917], o200k: [111642, 2699, 885, 2375]),
        Case("\u{1C5}ungla", cl100k: [131, 227, 2234, 4355], o200k: [131, 227, 988, 1675]),
        Case("\u{2B0}a", cl100k: [134, 108, 64], o200k: [134, 108, 64]),
        Case("\u{4E2D}\u{6587}\u{5B57}\u{7B26}", cl100k: [16325, 17161, 49491], o200k: [10667, 67951]),
        Case("na\u{EF}ve caf\u{E9}", cl100k: [3458, 38672, 588, 53050], o200k: [1503, 9954, 737, 30469]),
        Case("e\u{301}", cl100k: [68, 54939], o200k: [68, 13430]),
        Case("1234567", cl100k: [4513, 10961, 22], o200k: [7633, 19354, 22]),
        Case("\u{663}\u{664}\u{665}", cl100k: [149, 96, 149, 97, 149, 98], o200k: [81473, 98713, 97336]),
        Case("\u{216B}\u{BD}", cl100k: [71567, 104, 27154], o200k: [25371, 104, 27124]),
        Case("\r\n\r\n", cl100k: [881], o200k: [1414]),
        Case("  \n  x", cl100k: [2355, 220, 865], o200k: [4066, 220, 1215]),
        Case("\t\ty", cl100k: [197, 14862], o200k: [197, 32013]),
        Case("a  b", cl100k: [64, 220, 293], o200k: [64, 220, 287]),
        Case("x   ", cl100k: [87, 262], o200k: [87, 271]),
        Case("foo/bar//\n", cl100k: [8134, 50613, 2341], o200k: [16660, 106617, 22704]),
        Case("<|endoftext|>", cl100k: [27, 91, 8862, 728, 428, 91, 29], o200k: [27, 91, 419, 1440, 919, 91, 29]),
        Case("\u{1F600}\u{1F44D}\u{1F3FD}", cl100k: [76460, 222, 9468, 239, 235, 9468, 237, 121], o200k: [84083, 82514, 52622, 121]),
        Case("\u{E0001}", cl100k: [175, 64319, 223], o200k: [175, 62313, 223]),
        Case("\u{10FFFF}", cl100k: [176, 237, 123, 123], o200k: [176, 237, 123, 123]),
        Case("line1\nline2\r\n", cl100k: [1074, 16, 198, 1074, 17, 319], o200k: [1137, 16, 198, 1137, 17, 370]),
        Case("$$$ \u{A5}\u{A5}", cl100k: [75673, 72588, 82193], o200k: [24236, 3, 123814, 43625]),
        Case("A\u{301}\u{301}B", cl100k: [32, 54939, 54939, 33], o200k: [32, 13430, 13430, 33]),
        Case("", cl100k: [], o200k: []),
        Case(" ", cl100k: [220], o200k: [220]),
        Case("\u{A0}x", cl100k: [4194, 87], o200k: [5310, 87]),
        Case("\u{3000}\u{3000}y", cl100k: [23249, 23249, 88], o200k: [1397, 1397, 88]),
        Case("a\u{2028}b", cl100k: [64, 378, 101, 65], o200k: [64, 51008, 65]),
        Case("x\u{B}\u{C}y", cl100k: [87, 199, 200, 88], o200k: [87, 199, 200, 88]),
        Case("CamelCaseWord", cl100k: [26479, 301, 4301, 11116], o200k: [137910, 6187, 12929]),
        Case("\u{391}\u{3B2}\u{393}", cl100k: [138, 239, 52355, 138, 241], o200k: [8427, 6331, 23628]),
        Case("ABC'S", cl100k: [26484, 13575], o200k: [44197, 31233]),
        Case("abc'd'll", cl100k: [13997, 4265, 3358], o200k: [26682, 11062, 6090]),
        Case("https://example.com/a/b?c=1", cl100k: [2485, 1129, 8858, 916, 14520, 3554, 30, 66, 28, 16], o200k: [4172, 1684, 18582, 1136, 23839, 7611, 30, 66, 28, 16]),
        Case("    def f(x):\n        return x\n", cl100k: [262, 711, 282, 2120, 997, 286, 471, 865, 198], o200k: [271, 1056, 285, 4061, 1883, 309, 622, 1215, 198]),
        Case("12,345.67", cl100k: [717, 11, 12901, 13, 3080], o200k: [899, 11, 22901, 13, 5462]),
        Case("\u{5E9}\u{5DC}\u{5D5}\u{5DD} \u{645}\u{631}\u{62D}\u{628}\u{627}", cl100k: [59511, 50391, 37769, 251, 24252, 11318, 30925, 22071, 5821], o200k: [106154, 60397, 26537]),
    ]

    @Test("ordinary text", arguments: cases)
    func ordinary(_ item: Case) throws {
        #expect(Encoding.cl100kBase.encode(item.text) == item.cl100k)
        #expect(Encoding.o200kBase.encode(item.text) == item.o200k)
        #expect(Encoding.cl100kBase.count(item.text) == item.cl100k.count)
        #expect(Encoding.o200kBase.count(item.text) == item.o200k.count)
        #expect(try Encoding.cl100kBase.decodeText(item.cl100k) == item.text)
        #expect(try Encoding.o200kBase.decodeText(item.o200k) == item.text)
    }

    struct Repeat: Sendable, CustomTestStringConvertible {
        let unit: String
        let times: Int
        let encoding: Encoding
        let count: Int
        let prefix: [Int]
        let suffix: [Int]
        init(_ unit: String, _ times: Int, _ encoding: Encoding, count: Int, prefix: [Int], suffix: [Int]) {
            (self.unit, self.times, self.encoding, self.count, self.prefix, self.suffix) = (unit, times, encoding, count, prefix, suffix)
        }
        var testDescription: String { "\(unit.debugDescription) x \(times) \(encoding.name)" }
    }

    static let repeats: [Repeat] = [
        Repeat("^", 10000, .cl100kBase, count: 2500, prefix: [62824, 62824, 62824, 62824, 62824, 62824], suffix: [62824, 62824, 62824, 62824, 62824, 62824]),
        Repeat("^", 10000, .o200kBase, count: 1250, prefix: [168586, 168586, 168586, 168586, 168586, 168586], suffix: [168586, 168586, 168586, 168586, 168586, 168586]),
        Repeat("0", 10000, .cl100kBase, count: 3334, prefix: [931, 931, 931, 931, 931, 931], suffix: [931, 931, 931, 931, 931, 15]),
        Repeat("0", 10000, .o200kBase, count: 3334, prefix: [1302, 1302, 1302, 1302, 1302, 1302], suffix: [1302, 1302, 1302, 1302, 1302, 15]),
        Repeat("a", 10000, .cl100kBase, count: 1250, prefix: [70540, 70540, 70540, 70540, 70540, 70540], suffix: [70540, 70540, 70540, 70540, 70540, 70540]),
        Repeat("a", 10000, .o200kBase, count: 1250, prefix: [117525, 117525, 117525, 117525, 117525, 117525], suffix: [117525, 117525, 117525, 117525, 117525, 117525]),
        Repeat("'s", 10000, .cl100kBase, count: 10000, prefix: [596, 596, 596, 596, 596, 596], suffix: [596, 596, 596, 596, 596, 596]),
        Repeat("'s", 10000, .o200kBase, count: 10000, prefix: [885, 885, 885, 885, 885, 885], suffix: [885, 885, 885, 885, 885, 885]),
        Repeat(" ", 10000, .cl100kBase, count: 79, prefix: [58040, 58040, 58040, 58040, 58040, 58040], suffix: [58040, 58040, 58040, 58040, 58040, 338]),
        Repeat(" ", 10000, .o200kBase, count: 79, prefix: [72056, 72056, 72056, 72056, 72056, 72056], suffix: [72056, 72056, 72056, 72056, 72056, 408]),
        Repeat("\n", 10000, .cl100kBase, count: 313, prefix: [80183, 80183, 80183, 80183, 80183, 80183], suffix: [80183, 80183, 80183, 80183, 80183, 25638]),
        Repeat("\n", 10000, .o200kBase, count: 625, prefix: [64469, 64469, 64469, 64469, 64469, 64469], suffix: [64469, 64469, 64469, 64469, 64469, 64469]),
        Repeat("x", 1000000, .cl100kBase, count: 125000, prefix: [45202, 45202, 45202, 45202, 45202, 45202], suffix: [45202, 45202, 45202, 45202, 45202, 45202]),
        Repeat("x", 1000000, .o200kBase, count: 125000, prefix: [92984, 92984, 92984, 92984, 92984, 92984], suffix: [92984, 92984, 92984, 92984, 92984, 92984]),
        Repeat(" ", 1000000, .cl100kBase, count: 7813, prefix: [58040, 58040, 58040, 58040, 58040, 58040], suffix: [58040, 58040, 58040, 58040, 58040, 5351]),
        Repeat("\u{4E2D}", 100000, .cl100kBase, count: 100000, prefix: [16325, 16325, 16325, 16325, 16325, 16325], suffix: [16325, 16325, 16325, 16325, 16325, 16325]),
        Repeat("\u{4E2D}", 100000, .o200kBase, count: 100000, prefix: [1404, 1404, 1404, 1404, 1404, 1404], suffix: [1404, 1404, 1404, 1404, 1404, 1404]),
    ]

    @Test("long repetitions stay exact and fast", .timeLimit(.minutes(1)), arguments: repeats)
    func repetition(_ item: Repeat) {
        let text = String(repeating: item.unit, count: item.times)
        let ids = item.encoding.encode(text)
        #expect(ids.count == item.count)
        #expect(Array(ids.prefix(6)) == item.prefix)
        #expect(Array(ids.suffix(6)) == item.suffix)
        #expect(item.encoding.count(text) == item.count)
    }

    @Test("a million spaces in o200k_base (tiktoken itself overflows its stack here)", .timeLimit(.minutes(1)))
    func millionSpaces() throws {
        // The pattern makes the whole run one piece (\s+(?!\S) reaches the end of the text).
        let text = String(repeating: " ", count: 1_000_000)
        let ids = Encoding.o200kBase.encode(text)
        #expect(try Encoding.o200kBase.decodeText(ids) == text)
        #expect(ids.count < 10_000)
    }
}
