import Foundation
import Testing
@testable import TroupeShell

@Suite("History file")
struct HistoryListTests {
    static let entries = [
        "a plain line",
        "first line\nsecond line\n\nafter a blank line",
        "back\\slash \\n not a newline, \\012 neither",
        "tab\there, spaces  kept ",
        "héllo 世界 🙂",
        "\"\"\"quoted\"\"\"",
    ]

    @Test func entriesWithLineBreaksRoundTripThroughTheFile() throws {
        let path = NSTemporaryDirectory() + "troupe-history-\(UUID().uuidString)"
        defer { unlink(path) }
        let saved = try #require(LineEditor.HistoryList(size: 100))
        for entry in Self.entries {
            saved.enter(entry)
        }
        #expect(saved.entries == Self.entries)
        #expect(saved.save(to: path))

        // libedit's format: a header, then one line per entry (line breaks written as \012).
        let file = try String(contentsOfFile: path, encoding: .utf8)
        let lines = file.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "_HiStOrY_V2_")
        #expect(lines.count == Self.entries.count + 2, "\(file)")
        #expect(lines.contains("first\\040line\\012second\\040line\\012\\012after\\040a\\040blank\\040line"), "\(file)")

        let loaded = try #require(LineEditor.HistoryList(size: 100))
        #expect(loaded.load(from: path))
        #expect(loaded.entries == Self.entries)
    }

    @Test func anEntryEqualToThePreviousOneIsKeptOnce() throws {
        let list = try #require(LineEditor.HistoryList(size: 3))
        for entry in ["one", "one", "two", "three", "four"] {
            list.enter(entry)
        }
        #expect(list.entries == ["two", "three", "four"])
    }
}
