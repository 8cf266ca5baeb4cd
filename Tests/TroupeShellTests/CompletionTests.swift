import Testing
@testable import TroupeShell

@Suite("Tab completion")
struct CompletionTests {
    @Test func aSingleCandidateIsCompletedWithASpace() {
        #expect(CompletionOutcome(lineBeforeCursor: "/mo", candidates: ["/model", "/help"]) == .insert("del "))
    }

    @Test func severalCandidatesCompleteTheirCommonPrefix() {
        #expect(CompletionOutcome(lineBeforeCursor: "/set max", candidates: ["max_tokens", "max_attempts", "seed"])
            == .insert("_"))
    }

    @Test func severalCandidatesWithNothingInCommonAreListed() {
        #expect(CompletionOutcome(lineBeforeCursor: "/set max_", candidates: ["max_tokens", "max_attempts"])
            == .list(["max_attempts", "max_tokens"]))
    }

    @Test func noMatchBeeps() {
        #expect(CompletionOutcome(lineBeforeCursor: "/zz", candidates: ["/model"]) == .none)
    }

    @Test func columnsFitTheWidth() {
        let text = CompletionOutcome.columns(["aa", "bb", "cc", "dd"], width: 8)
        #expect(text == "aa  bb\ncc  dd")
    }
}
