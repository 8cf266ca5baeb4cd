import Testing
@testable import TroupeShell

@Suite("Line geometry")
struct LineGeometryTests {
    @Test func colourSequencesBetweenMarkersTakeNoWidth() {
        #expect(LineGeometry.promptWidth("> ", escape: "\u{1}") == 2)
        #expect(LineGeometry.promptWidth("\u{1}\u{1B}[1;32m\u{1}>\u{1}\u{1B}[0m\u{1} ", escape: "\u{1}") == 2)
        #expect(LineGeometry.promptWidth("\u{1}\u{1B}[2m\u{1}...\u{1}\u{1B}[0m\u{1} ", escape: "\u{1}") == 4)
    }

    @Test func theCursorRowCountsFullRows() {
        #expect(LineGeometry.cursorRow(promptWidth: 2, textBeforeCursor: "", width: 40) == 0)
        #expect(LineGeometry.cursorRow(promptWidth: 2, textBeforeCursor: String(repeating: "a", count: 37), width: 40) == 0)
        // A full row puts the cursor at the start of the next one.
        #expect(LineGeometry.cursorRow(promptWidth: 2, textBeforeCursor: String(repeating: "a", count: 38), width: 40) == 1)
        #expect(LineGeometry.cursorRow(promptWidth: 2, textBeforeCursor: String(repeating: "a", count: 115), width: 40) == 2)
        #expect(LineGeometry.cursorRow(promptWidth: 2, textBeforeCursor: String(repeating: "a", count: 118), width: 40) == 3)
    }

    @Test func lineBreaksWideCharactersAndTabs() {
        #expect(LineGeometry.cursorRow(promptWidth: 2, textBeforeCursor: "one\ntwo\nthree", width: 40) == 2)
        #expect(LineGeometry.cursorRow(promptWidth: 2, textBeforeCursor: "\n", width: 40) == 1)
        // 19 wide characters fill 38 columns after the prompt: the row is full.
        #expect(LineGeometry.cursorRow(promptWidth: 2, textBeforeCursor: String(repeating: "世", count: 19), width: 40) == 1)
        // A wide character that does not fit in the last column starts the next row.
        #expect(LineGeometry.cursorRow(promptWidth: 3, textBeforeCursor: String(repeating: "世", count: 19), width: 40) == 1)
        #expect(LineGeometry.cursorRow(promptWidth: 2, textBeforeCursor: "\t\t\t\t\t", width: 40) == 1)
    }
}
