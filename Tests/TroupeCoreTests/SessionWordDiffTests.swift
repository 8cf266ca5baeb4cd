import Testing
@testable import TroupeCore

@Suite("Word diff")
struct SessionWordDiffTests {
    @Test("equal texts are one equal run, whatever the spacing")
    func equal() {
        let diff = WordDiff(old: "The quick  brown fox", new: "The quick brown\nfox")
        #expect(diff.isEqual)
        #expect(diff.segments == [.init(.equal, "The quick brown\nfox")])
    }

    @Test("changed words are found and rendered inline")
    func changed() {
        let diff = WordDiff(old: "The quick brown fox jumps", new: "The slow brown fox leaps high")
        #expect(!diff.isEqual)
        #expect(diff.segments == [
            .init(.equal, "The"),
            .init(.removed, " quick"),
            .init(.inserted, " slow"),
            .init(.equal, " brown fox"),
            .init(.removed, " jumps"),
            .init(.inserted, " leaps high"),
        ])
        #expect(diff.inlineText == "The [-quick-] {+slow+} brown fox [-jumps-] {+leaps high+}")
        #expect(diff.changedWordCount == (removed: 2, inserted: 3))
    }

    @Test("empty sides")
    func empty() {
        #expect(WordDiff(old: "", new: "").segments.isEmpty)
        #expect(WordDiff(old: "", new: "a b").segments == [.init(.inserted, "a b")])
        #expect(WordDiff(old: "a b", new: " ").segments == [.init(.removed, "a b")])
    }

    @Test("a long reply diffs quickly")
    func long() {
        let words = (0..<5000).map { "w\($0 % 97)" }
        var changed = words
        changed[2500] = "CHANGED"
        let clock = ContinuousClock()
        let start = clock.now
        let diff = WordDiff(old: words.joined(separator: " "), new: changed.joined(separator: " "))
        #expect(clock.now - start < .seconds(10))  // generous: guards against a quadratic blow-up, not speed
        #expect(diff.changedWordCount == (removed: 1, inserted: 1))
    }
}
