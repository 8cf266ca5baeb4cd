import Testing
import TroupeTokenizer
@testable import TroupeTokenLines

@Suite("JSON lines (troupe tokens --jsonl)")
struct TokenLinesTests {
    @Test("counts and ids per line")
    func countsAndIDs() throws {
        let input = #"{"text": "Hello, world!"}"# + "\n" + #"{"id": 7, "tags": ["a", {"b": null}], "text": "x\ny"}"# + "\n"
        let counts = try TokenLines(encoding: .cl100kBase, ids: false).process(data: Array(input.utf8))
        #expect(counts == ["4", String(Encoding.cl100kBase.count("x\ny"))])
        let ids = try TokenLines(encoding: .cl100kBase, ids: true).process(data: Array(input.utf8))
        #expect(ids.first == "[9906,11,1917,0]")
    }

    @Test("escapes, surrogate pairs and lone surrogates (which tiktoken reads as U+FFFD)")
    func escapes() throws {
        #expect(try JSONTextField.text(in: Array(#"{"text":"a\"b\\c\/d\b\f\n\r\t\u00e9"}"#.utf8)) == "a\"b\\c/d\u{8}\u{C}\n\r\té")
        #expect(try JSONTextField.text(in: Array(#"{"text":"\ud83d\ude00"}"#.utf8)) == "😀")
        #expect(try JSONTextField.text(in: Array(#"{"text":"x\ud800y\udc00\ud800"}"#.utf8)) == "x\u{FFFD}y\u{FFFD}\u{FFFD}")
        #expect(try JSONTextField.text(in: Array(#"{"text":"\ud800\ud83d\ude00"}"#.utf8)) == "\u{FFFD}😀")
    }

    @Test("errors name the line")
    func errors() {
        let lines = TokenLines(encoding: .o200kBase, ids: false)
        #expect(throws: TokenLinesError.self) { try lines.process(data: Array("{\"text\": 3}\n".utf8)) }
        do {
            _ = try lines.process(data: Array("{\"text\": \"ok\"}\n[1]\n".utf8))
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 2)
        }
        #expect(throws: TokenLinesError.self) { try lines.process(data: Array("{\"other\": \"x\"}".utf8)) }
        #expect(throws: TokenLinesError.self) { try lines.process(data: Array("{\"text\": \"x\"".utf8)) }
    }
}
