import Testing
@testable import TroupeShell

@Suite("Multi-line input")
struct InputAssemblerTests {
    @Test func aPlainLineIsComplete() {
        var assembler = InputAssembler()
        #expect(assembler.feed("hello") == .complete("hello"))
        #expect(!assembler.isCollecting)
    }

    @Test func aTrailingBackslashContinuesTheLine() {
        var assembler = InputAssembler()
        #expect(assembler.feed("first \\") == .needsMore)
        #expect(assembler.isCollecting)
        #expect(assembler.feed("second\\") == .needsMore)
        #expect(assembler.feed("third") == .complete("first \nsecond\nthird"))
        #expect(!assembler.isCollecting)
    }

    @Test func tripleQuotesOpenAndCloseABlock() {
        var assembler = InputAssembler()
        #expect(assembler.feed("\"\"\"") == .needsMore)
        #expect(assembler.feed("line one \\") == .needsMore)
        #expect(assembler.feed("") == .needsMore)
        #expect(assembler.feed("  indented") == .needsMore)
        #expect(assembler.feed("\"\"\"") == .complete("line one \\\n\n  indented"))
    }

    @Test func textMayShareTheFenceLines() {
        var assembler = InputAssembler()
        #expect(assembler.feed("\"\"\"start") == .needsMore)
        #expect(assembler.feed("end\"\"\"") == .complete("start\nend"))
        #expect(assembler.feed("\"\"\"one line\"\"\"") == .complete("one line"))
    }

    @Test func resetDropsWhatWasCollected() {
        var assembler = InputAssembler()
        _ = assembler.feed("\"\"\"")
        _ = assembler.feed("draft")
        assembler.reset()
        #expect(!assembler.isCollecting)
        #expect(assembler.feed("fresh") == .complete("fresh"))
    }

    @Test func flushKeepsAnUnfinishedInput() {
        var assembler = InputAssembler()
        #expect(assembler.flush() == nil)
        _ = assembler.feed("\"\"\"")
        _ = assembler.feed("never closed")
        #expect(assembler.flush() == "never closed")
        _ = assembler.feed("dangling \\")
        #expect(assembler.flush() == "dangling ")
        #expect(!assembler.isCollecting)
    }

    @Test func textWithLineBreaksIsOneInputAsItStands() {
        var assembler = InputAssembler()
        // A paste or a recalled block: its own fences and backslashes are text.
        #expect(assembler.feed("one\ntwo \\\n\"\"\"three") == .complete("one\ntwo \\\n\"\"\"three"))
        #expect(!assembler.isCollecting)
        // After a continued line it ends the input.
        #expect(assembler.feed("start \\") == .needsMore)
        #expect(assembler.feed("pasted\nlines") == .complete("start \npasted\nlines"))
    }

    @Test func textWithLineBreaksJoinsAnOpenBlock() {
        var assembler = InputAssembler()
        #expect(assembler.feed("\"\"\"") == .needsMore)
        #expect(assembler.feed("pasted\nlines") == .needsMore)
        #expect(assembler.feed("typed") == .needsMore)
        #expect(assembler.feed("\"\"\"") == .complete("pasted\nlines\ntyped"))
        // A paste that ends with the closing fence closes the block.
        #expect(assembler.feed("\"\"\"") == .needsMore)
        #expect(assembler.feed("a\nb\n\"\"\"") == .complete("a\nb"))
    }
}
