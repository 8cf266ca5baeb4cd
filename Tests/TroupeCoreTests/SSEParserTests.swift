import Testing
@testable import TroupeCore

@Suite("SSE parser")
struct SSEParserTests {
    /// Feeds `pieces` one by one and returns every event, then those from `finish()`.
    private func parse(_ pieces: [String]) -> [SSEParser.Event] {
        var parser = SSEParser()
        var events: [SSEParser.Event] = []
        for piece in pieces { events += parser.feed(Array(piece.utf8)) }
        return events + parser.finish()
    }

    private func parseBytes(_ pieces: [[UInt8]]) -> [SSEParser.Event] {
        var parser = SSEParser()
        var events: [SSEParser.Event] = []
        for piece in pieces { events += parser.feed(piece) }
        return events + parser.finish()
    }

    @Test func eventsEndAtBlankLines() {
        let events = parse(["data: one\n\ndata: two\n\n"])
        #expect(events == [.init(data: "one"), .init(data: "two")])
    }

    @Test func multiLineDataIsJoinedWithNewlines() {
        #expect(parse(["data: a\ndata: b\ndata:c\n\n"]) == [.init(data: "a\nb\nc")])
    }

    @Test func commentsAndUnknownFieldsAreIgnored() {
        let events = parse([": keep-alive\n\nid: 7\nretry: 100\nfoo: bar\ndata: x\n\n"])
        #expect(events == [.init(data: "x")])
    }

    @Test func eventNamesAreKept() {
        #expect(parse(["event: error\ndata: {}\n\n"]) == [.init(name: "error", data: "{}")])
    }

    @Test func blankLineWithoutDataDispatchesNothing() {
        #expect(parse(["\n\n\r\n: c\n\n"]).isEmpty)
    }

    @Test func crlfAndLoneCRBothEndLines() {
        #expect(parse(["data: a\r\n\r\ndata: b\r\rdata: c\n\n"]) == [.init(data: "a"), .init(data: "b"), .init(data: "c")])
    }

    @Test func crlfSplitAcrossReadsIsOneLineBreak() {
        // "\r" ends one read and "\n" starts the next: still one line break, not a blank line.
        #expect(parse(["data: a\r", "\ndata: b\r", "\n\r", "\n"]) == [.init(data: "a\nb")])
    }

    @Test func linesSplitAtEveryByteGiveTheSameEvents() {
        let text = "data: {\"x\": \"héllo → 世界\"}\r\n\r\n: ping\n\ndata: [DONE]\n\n"
        let whole = parse([text])
        let bytes = Array(text.utf8)
        let oneByOne = parseBytes(bytes.map { [$0] })
        #expect(whole == [.init(data: "{\"x\": \"héllo → 世界\"}"), .init(data: "[DONE]")])
        #expect(oneByOne == whole)
    }

    @Test func utf8SequencesSplitAcrossReadsSurvive() {
        let bytes = Array("data: 世界\n\n".utf8)
        // Split inside the 3-byte sequence of 世.
        let events = parseBytes([Array(bytes[0..<7]), Array(bytes[7...])])
        #expect(events == [.init(data: "世界")])
    }

    @Test func everySplitPointGivesTheSameEvents() {
        let text = "data: one\r\ndata: two\r\n\r\n:c\rdata: three\r\rdata: [DONE]\n\n"
        let expected = parse([text])
        #expect(expected == [.init(data: "one\ntwo"), .init(data: "three"), .init(data: "[DONE]")])
        let bytes = Array(text.utf8)
        for cut in 0...bytes.count {
            #expect(parseBytes([Array(bytes[..<cut]), Array(bytes[cut...])]) == expected, "cut at \(cut)")
        }
    }

    @Test func finishDispatchesDataWithoutFinalBlankLine() {
        var parser = SSEParser()
        #expect(parser.feed(Array("data: last".utf8)).isEmpty)
        #expect(parser.finish() == [.init(data: "last")])
    }

    @Test func spaceAfterColonIsOptionalAndOnlyOneIsRemoved() {
        #expect(parse(["data:x\n\ndata:  y\n\n"]) == [.init(data: "x"), .init(data: " y")])
    }
}
