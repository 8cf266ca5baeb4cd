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
        let withImage = ConversationMarkdown.render(
            [ChatMessage(role: .user, content: "this?", images: [ImagePart(name: "a.png", mediaType: "image/png", data: Data([1]))])],
            model: "gpt-4o", branch: "main", date: Date(timeIntervalSince1970: 0), timeZone: TimeZone(identifier: "UTC")!)
        #expect(withImage.hasSuffix("## User\n\nthis?\n\n[image: a.png, image/png]\n"))
    }
}

@Suite("Images in messages")
struct ImagePartTests {
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
                               0, 0, 0x10, 0, 0, 0, 0x08, 0, 8, 6, 0, 0, 0]

    @Test func sizeAndTokensFollowOpenAIsTiles() throws {
        let image = try #require(ImagePart(bytes: Self.png, name: "a.png"))
        #expect(image.mediaType == "image/png" && image.width == 4096 && image.height == 2048)
        // 4096×2048 → fits 2048×1024 → short side 768: 1536×768 → 3 × 2 tiles: 85 + 6 × 170.
        #expect(image.estimatedTokens == 1105)
        let gif = try #require(ImagePart(bytes: Array("GIF89a".utf8) + [0x40, 0x01, 0xF0, 0x00], name: "g.gif"))
        #expect(gif.width == 320 && gif.height == 240 && gif.estimatedTokens == 255)  // one tile
        // JPEG: SOI, an APP0 segment, then SOF0 with height 600 and width 800.
        let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 0, 0, 0xFF, 0xC0, 0, 17, 8, 0x02, 0x58, 0x03, 0x20, 3, 0, 0, 0]
        let photo = try #require(ImagePart(bytes: jpeg, name: "p.jpg"))
        #expect(photo.width == 800 && photo.height == 600)
        #expect(ImagePart(bytes: Array("plain".utf8), name: "t") == nil)
    }

    @Test func aMessageWithImagesIsSentAsPartsAndTheCacheKeyFollows() throws {
        let image = try #require(ImagePart(bytes: Self.png, name: "a.png"))
        let plain = ChatRequest(messages: [.user("look")], parameters: ChatParameters(model: "gpt-4o"), reasoning: false)
        var withImage = plain
        withImage.messages[0].images = [image]
        let body = try #require(try JSONSerialization.jsonObject(with: Data(withImage.body(stream: false))) as? [String: Any])
        let content = try #require((body["messages"] as? [[String: Any]])?.first?["content"] as? [[String: Any]])
        #expect(content[0] as? [String: String] == ["type": "text", "text": "look"])
        #expect((content[1]["image_url"] as? [String: String])?["url"] == image.dataURL)
        #expect(try CacheKey(apiType: "openai", endpoint: "h", request: plain) != CacheKey(apiType: "openai", endpoint: "h", request: withImage))
        // Counted: the text as before plus the image's tiles.
        #expect(ChatTokenCount.promptTokens(withImage.messages, model: "gpt-4o")
            == ChatTokenCount.promptTokens(plain.messages, model: "gpt-4o") + 1105)
    }

    @Test func messagesWithImagesRoundTripAndOldMessagesStillRead() throws {
        let message = ChatMessage(role: .user, content: "x", images: [try #require(ImagePart(bytes: Self.png, name: "a.png"))])
        let data = try JSONEncoder().encode([message])
        #expect(try JSONDecoder().decode([ChatMessage].self, from: data) == [message])
        let old = try JSONDecoder().decode(ChatMessage.self, from: Data(#"{"role":"user","content":"hi"}"#.utf8))
        #expect(old == .user("hi"))
        #expect(!String(decoding: try JSONEncoder().encode(ChatMessage.user("hi")), as: UTF8.self).contains("images"))
    }
}
