import Foundation
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

@Suite("Terminal type")
struct TerminalTypeTests {
    static let installed: Set<String> = ["xterm", "xterm-256color", "screen", "screen-256color", "vt100"]

    @Test func aTypeWithoutEntryGetsTheClosestInstalledOne() {
        let exists = { Self.installed.contains($0) }
        #expect(TerminalType.replacement(for: "xterm-256color", exists: exists) == nil)
        #expect(TerminalType.replacement(for: "tmux-256color", exists: exists) == "screen-256color")
        #expect(TerminalType.replacement(for: "tmux", exists: exists) == "screen")
        #expect(TerminalType.replacement(for: "alacritty", exists: exists) == "xterm")
        #expect(TerminalType.replacement(for: "xterm-kitty-256", exists: exists) == "xterm-256color")
        #expect(TerminalType.replacement(for: "odd", exists: { $0 == "vt100" }) == "vt100")
        for untouched in [nil, "", "dumb", "emacs"] {
            #expect(TerminalType.replacement(for: untouched, exists: exists) == nil)
        }
    }

    @Test func entriesAreFoundInEitherLayout() throws {
        let root = NSTemporaryDirectory() + "troupe-terminfo-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/t", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/78", withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: root + "/t/tmux-256color", contents: Data())
        FileManager.default.createFile(atPath: root + "/78/xterm-new", contents: Data())
        #expect(TerminalType.entryExists("tmux-256color", in: [root]))
        #expect(TerminalType.entryExists("xterm-new", in: [root]))
        #expect(!TerminalType.entryExists("screen", in: [root]))
        let directories = TerminalType.searchDirectories(environment: ["TERMINFO": "/own", "HOME": "/home/u", "TERMINFO_DIRS": "/a::/b"])
        #expect(directories.prefix(3) == ["/own", "/home/u/.terminfo", "/a"])
        #expect(directories.last == "/b")
        #expect(directories.contains("/usr/share/terminfo"))
    }
}
