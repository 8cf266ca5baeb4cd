import Foundation
import Testing
import TroupeCore

@Suite("Attachments: files and command output in a message")
struct AttachmentTests {
    @Test func eachAttachmentIsItsNameAndAFencedBlockBeforeTheText() {
        let message = Attachment.message(
            [Attachment(name: "a.txt", text: "one\n"), Attachment(name: "b.md", text: "has ``` inside")], text: "compare")
        #expect(message == "a.txt\n```\none\n```\n\nb.md\n````\nhas ``` inside\n````\n\ncompare")
        #expect(Attachment.message([], text: "plain") == "plain")
        #expect(Attachment.message([Attachment(name: "x", text: "y")], text: "") == "x\n```\ny\n```")
    }

    @Test func binaryFilesAreRefusedWithTheReason() throws {
        for (bytes, reason) in [
            ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1] as [UInt8], "a PNG image"),
            ([0xFF, 0xD8, 0xFF, 0xE0], "a JPEG image"),
            (Array("GIF89a....".utf8), "a GIF image"),
            (Array("RIFF\u{0}\u{0}\u{0}\u{0}WEBPVP8 ".utf8), "a WEBP image"),
            ([0x61, 0x62, 0x00], "a NUL byte at offset 2"),
            ([0x61, 0xC3, 0x28], "bytes that are not UTF-8 text"),
        ] {
            #expect(throws: AttachmentError.binary(path: "f", reason: reason)) { try Attachment.text(bytes, name: "f") }
        }
        #expect(try Attachment.text(Array("héllo".utf8), name: "f").text == "héllo")
    }

    @Test func globsMatchFilesSortedAndPathsStayAsGiven() throws {
        let folder = NSTemporaryDirectory() + "troupe-attach-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder + "/sub", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for name in ["b.swift", "a.swift", "c.txt"] { try "x".write(toFile: folder + "/" + name, atomically: true, encoding: .utf8) }
        #expect(try Attachment.paths(matching: "*.swift", in: folder, home: nil) == ["a.swift", "b.swift"])
        #expect(try Attachment.paths(matching: "c.txt", in: folder, home: nil) == ["c.txt"])
        #expect(try Attachment.paths(matching: "~/c.txt", in: "/", home: folder) == [folder + "/c.txt"])
        #expect(throws: AttachmentError.noMatch("*.rs")) { try Attachment.paths(matching: "*.rs", in: folder, home: nil) }
        #expect(throws: AttachmentError.noMatch("nope.txt")) { try Attachment.paths(matching: "nope.txt", in: folder, home: nil) }
        #expect(try Attachment.file("c.txt", in: folder) == Attachment(name: "c.txt", text: "x"))
        #expect(throws: AttachmentError.self) { try Attachment.file("sub", in: folder) }
    }

    @Test func commandOutputIsAttachedWithItsStatus() throws {
        let ok = try Attachment.commandOutput("printf 'a\\nb\\n'", in: "/")
        #expect(ok == Attachment(name: "$ printf 'a\\nb\\n'", text: "a\nb\n"))
        let failed = try Attachment.commandOutput("echo oops >&2; exit 3", in: "/")
        #expect(failed.text == "oops\n[exit status 3]")
    }

    @Test func markdownExport() {
        let text = ConversationMarkdown.render(
            [.system("S"), .user("Q?"), .assistant("A.\n")], model: "gpt-4o", branch: "b1",
            date: Date(timeIntervalSince1970: 0), timeZone: TimeZone(identifier: "UTC")!)
        #expect(text == "# Conversation with gpt-4o\n\nExported by troupe on 1970-01-01 00:00, branch b1, 3 message(s).\n\n## System\n\nS\n\n## User\n\nQ?\n\n## gpt-4o\n\nA.\n")
    }
}
