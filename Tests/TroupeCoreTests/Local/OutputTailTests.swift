import Testing
@testable import TroupeCore

@Suite("Output tail")
struct OutputTailTests {
    @Test func keepsTheLastLinesWhateverTheSplits() {
        var tail = OutputTail(maxLines: 3)
        let text = Array("one\ntwo\r\nthree\nfour\nfi".utf8)
        for byte in text { tail.append([byte]) }
        // Three complete lines kept (the "\r" of CRLF dropped), plus the unfinished one.
        #expect(tail.text == ["two", "three", "four", "fi"])
        var whole = OutputTail(maxLines: 3)
        whole.append(text)
        #expect(whole.text == tail.text)
        #expect(whole.lines == ["two", "three", "four"])
    }

    @Test func boundsLongLines() {
        var tail = OutputTail(maxLines: 2, maxLineBytes: 16)
        tail.append(Array(String(repeating: "x", count: 1000).utf8) + [10])
        #expect(tail.text == [String(repeating: "x", count: 16) + "…"])
        tail.append(Array("a\nb\nc\n".utf8))
        #expect(tail.text == ["b", "c"])
    }
}
