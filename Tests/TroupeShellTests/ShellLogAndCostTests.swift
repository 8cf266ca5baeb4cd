import Foundation
import TroupeCore
import TroupeTestSupport
import Testing
@testable import TroupeShell

/// The shell writes every turn to the log, shows each turn's cost, and loses nothing on
/// /clear and /load.
@Suite("Shell: conversation log and costs, against the local test server")
struct ShellLogAndCostTests {
    /// A harness whose turns go to a log in its scratch folder (never the user's).
    static func start(messages: [ChatMessage] = []) async throws -> (ShellHarness, String) {
        let shell = try await ShellHarness.start(messages: messages)
        let path = shell.directory + "/logs.db"
        await shell.engine.setRecorder(ConversationRecorder(path: path, kind: .shell))
        return (shell, path)
    }

    @Test func everyTurnIsLoggedAndClearStartsANewConversation() async throws {
        let (shell, path) = try await Self.start(messages: [.system("Be brief.")])
        defer { Task { try await shell.shutdown() } }
        shell.server.enqueue(.stream(chunks: ["Hel", "lo"], usage: TestUsage(promptTokens: 1000, completionTokens: 500, cachedTokens: 200)))
        await shell.type("hi", "and again", "/clear", "fresh start")

        let log = try ConversationLog(path: path)
        let list = try log.conversations()
        #expect(list.count == 2)
        let first = try log.conversation(idPrefix: try #require(list.last).id.rawValue)
        #expect(first.turns.count == 2)
        #expect(first.summary.kind == .shell && first.summary.title == "hi")
        let turn = first.turns[0].record
        #expect(turn.messages == [.system("Be brief."), .user("hi")])
        #expect(turn.reply == "Hello" && turn.api == "openai" && turn.model == "gpt-4o-mini")
        #expect(turn.usage == TokenUsage(promptTokens: 1000, cachedTokens: 200, completionTokens: 500))
        // gpt-4o-mini: 800 × $0.15 + 200 × $0.075 + 500 × $0.60 per million = $0.000435.
        #expect(turn.cost == Cost(dollars: Decimal(string: "0.000435")!))
        #expect(turn.totalLatency != nil && turn.firstTokenLatency != nil)
        #expect(first.turns[1].record.messages.count == 4)
        let second = try log.conversation(idPrefix: try #require(list.first).id.rawValue)
        #expect(second.turns.map(\.record.messages) == [[.system("Be brief."), .user("fresh start")]])

        // /set log off stops the writing; /set log on resumes it.
        await shell.type("/set log off", "not logged", "/set log on", "logged again")
        #expect(try log.turnCount() == 4)
        #expect(try log.search(text: "not logged").isEmpty)
        #expect(try log.search(text: "logged again").count == 1)
    }

    @Test func theStatusLineShowsTheTurnsCost() async throws {
        let (shell, _) = try await Self.start()
        defer { Task { try await shell.shutdown() } }
        shell.server.enqueue(.stream(chunks: ["ok"], usage: TestUsage(promptTokens: 12, completionTokens: 30)))
        let priced = await shell.output(of: "hi")
        // 12 × $0.15 + 30 × $0.60 per million = $0.0000198.
        #expect(priced.contains("12 prompt + 30 completion tokens · first token "))
        #expect(priced.contains(" · $0.0000198\n"))

        try await shell.engine.service.set(.model, to: "my-own-model")
        shell.server.enqueue(.stream(chunks: ["ok"], usage: TestUsage(promptTokens: 12, completionTokens: 30)))
        #expect(await shell.output(of: "hi").contains(" · cost unknown\n"))
    }

    @Test func costSumsTheSessionAndShowsTheContextLeft() async throws {
        let (shell, _) = try await Self.start()
        defer { Task { try await shell.shutdown() } }
        shell.server.enqueue(.stream(chunks: ["a"], usage: TestUsage(promptTokens: 1_000_000, completionTokens: 100_000, cachedTokens: 500_000)))
        shell.server.enqueue(.stream(chunks: ["b"], usage: TestUsage(promptTokens: 2_000_000, completionTokens: 0)))
        await shell.type("one", "two")
        let report = await shell.output(of: "/cost")
        // 500,000 × 0.15 + 500,000 × 0.075 + 100,000 × 0.60 = 0.1725; 2,000,000 × 0.15 = 0.30.
        #expect(report.contains("Session cost: $0.4725\n"))
        #expect(report.contains("3,000,000 prompt (500,000 cached) + 100,000 completion tokens in 2 request(s)"))
        #expect(report.contains("gpt-4o-mini: $0.15 input, $0.075 cached input, $0.6 output per million tokens (checked 2026-12-01)"))
        let used = ChatTokenCount.promptTokens(await shell.messages, model: "gpt-4o-mini")
        #expect(report.contains("Context: \(ShellEngine.grouped(used)) of 128,000 tokens used; \(ShellEngine.grouped(128_000 - used)) left"))
    }

    @Test func aConversationTooLongForTheModelIsRefusedWithTheNumbers() async throws {
        let (shell, path) = try await Self.start()
        defer { Task { try await shell.shutdown() } }
        try await shell.engine.service.set(.model, to: "gpt-4")
        let printed = await shell.output(of: String(repeating: "word ", count: 9000))
        #expect(printed.contains("gpt-4's context window is 8192 tokens ("))
        #expect(printed.contains("over, with no room for a reply); it was not sent"))
        #expect(printed.contains("/undo [N] takes back the last N exchanges"))
        #expect(shell.chatRequests.isEmpty)
        // The refusal is in the log too, as a failed turn.
        let detail = try ConversationLog(path: path).conversation(idPrefix: try #require(try ConversationLog(path: path).conversations().first).id.rawValue)
        #expect(detail.turns.first?.record.error?.contains("context window") == true)
    }

    @Test func fileAttachesTextBeforeTheMessageExactly() async throws {
        let (shell, _) = try await Self.start()
        defer { Task { try await shell.shutdown() } }
        let notes = shell.directory + "/notes.md"
        try "# Notes\nbuy milk\n".write(toFile: notes, atomically: true, encoding: .utf8)
        try "x = 1\n".write(toFile: shell.directory + "/a.py", atomically: true, encoding: .utf8)
        try "y = 2\n".write(toFile: shell.directory + "/b.py", atomically: true, encoding: .utf8)
        try Data([0x41, 0x00, 0x42]).write(to: URL(fileURLWithPath: shell.directory + "/blob.bin"))

        let attached = await shell.output(of: "/file \(notes) \(shell.directory)/*.py")
        #expect(attached.contains("attached \(notes) ("))
        #expect(attached.contains("attached \(shell.directory)/a.py (") && attached.contains("attached \(shell.directory)/b.py ("))
        let refused = await shell.output(of: "/file \(shell.directory)/blob.bin")
        #expect(refused.contains("blob.bin is not a text file (a NUL byte at offset 1); it was not attached"))
        _ = await shell.output(of: "/file !printf 'from sh'")
        await shell.type("summarize")

        let body = try #require(shell.chatRequests.last)
        let expected = """
            \(notes)
            ```
            # Notes
            buy milk
            ```

            \(shell.directory)/a.py
            ```
            x = 1
            ```

            \(shell.directory)/b.py
            ```
            y = 2
            ```

            $ printf 'from sh'
            ```
            from sh
            ```

            summarize
            """
        #expect(ShellHarness.sentMessages(body) == [["user", expected]])
        // Sent once: the next message goes alone.
        await shell.type("thanks")
        #expect(ShellHarness.sentMessages(try #require(shell.chatRequests.last)).last == ["user", "thanks"])
    }

    @Test func exportWritesTheConversationAsMarkdown() async throws {
        let (shell, _) = try await Self.start(messages: [.system("Be brief.")])
        defer { Task { try await shell.shutdown() } }
        shell.server.enqueue(.stream(chunks: ["**Hi**"]))
        await shell.type("hello", "/export \(shell.directory)/chat.md")
        let text = try String(contentsOfFile: shell.directory + "/chat.md", encoding: .utf8)
        #expect(text.hasPrefix("# Conversation with gpt-4o-mini\n\nExported by troupe on "))
        #expect(text.hasSuffix("branch main, 3 message(s).\n\n## System\n\nBe brief.\n\n## User\n\nhello\n\n## gpt-4o-mini\n\n**Hi**\n"))
    }

    /// A 1024×1024 PNG header (enough for troupe: it reads the size, sends the bytes).
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
                               0, 0, 4, 0, 0, 0, 4, 0, 8, 6, 0, 0, 0]

    @Test func imagesGoAsPartsToVisionModelsAndAreRefusedForOthers() async throws {
        let (shell, path) = try await Self.start()
        defer { Task { try await shell.shutdown() } }
        let file = shell.directory + "/pic.png"
        try Data(Self.png).write(to: URL(fileURLWithPath: file))

        try await shell.engine.service.set(.model, to: "gpt-3.5-turbo")
        let refused = await shell.output(of: "/file \(file)")
        #expect(refused.contains("pic.png is an image, and gpt-3.5-turbo is not marked as accepting images in the model catalog"))
        #expect(await shell.engine.pendingImages.isEmpty)

        try await shell.engine.service.set(.model, to: "gpt-4o-mini")
        let attached = await shell.output(of: "/file \(file)")
        // 1024×1024: short side to 768, 2 × 2 tiles: 85 + 4 × 170 = 765 tokens.
        #expect(attached.contains("attached \(file) (PNG 1024×1024 image, about 765 tokens)"))
        await shell.type("what is this?")
        let body = try #require(shell.chatRequests.last)
        let messages = try #require(body["messages"] as? [[String: Any]])
        let parts = try #require(messages.last?["content"] as? [[String: Any]])
        #expect(parts.count == 2)
        #expect(parts[0]["type"] as? String == "text" && parts[0]["text"] as? String == "what is this?")
        let url = (parts[1]["image_url"] as? [String: Any])?["url"] as? String
        #expect(url == "data:image/png;base64," + Data(Self.png).base64EncodedString())
        // The conversation keeps the image (a saved session does too); the log keeps what it was.
        #expect(await shell.messages.first?.images.count == 1)
        let logged = try ConversationLog(path: path).conversation(
            idPrefix: try #require(try ConversationLog(path: path).conversations().first).id.rawValue)
        let image = try #require(logged.turns.first?.record.messages.last?.images.first)
        #expect(image.name == file && image.width == 1024 && image.data.isEmpty)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)).range(of: Data(Data(Self.png).base64EncodedString().utf8)) == nil)
    }
}
