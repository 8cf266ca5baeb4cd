import Foundation
import Testing
import TroupeTestSupport

/// The conversation log as the built binary writes and reads it, in a scratch HOME (never the
/// user's log), against the local test server.
@Suite("Conversation log, piped input and models (built binary)")
struct LogCommandTests {
    static let key = ReplayCommandTests.key

    struct Setup {
        let server: TestServer
        let directory: URL
        var home: URL { directory.appendingPathComponent("home") }
        var logFile: URL { home.appendingPathComponent(".local/share/troupe/logs.db") }

        func troupe(_ arguments: [String], input: String? = nil) async throws -> ReplayCommandTests.Run {
            try await ReplayCommandTests.troupe(arguments, in: directory, input: input)
        }

        /// `troupe log --json …` decoded.
        func json(_ arguments: [String]) async throws -> Any {
            let run = try await troupe(["log", "--json"] + arguments)
            #expect(run.status == 0, "\(run.stderr)")
            return try JSONSerialization.jsonObject(with: Data(run.stdout.utf8))
        }

        /// The log's bytes, the write-ahead file included.
        func logBytes() throws -> Data {
            var data = try Data(contentsOf: logFile)
            if let wal = try? Data(contentsOf: URL(fileURLWithPath: logFile.path + "-wal")) { data += wal }
            return data
        }
    }

    private func withSetup(_ body: (Setup) async throws -> Void) async throws {
        _ = try TroupeBinary.troupe()
        let directory = URL(fileURLWithPath: try TroupeBinary.scratchDirectory())
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("home"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try await TestServer.start()
        do {
            try await body(Setup(server: server, directory: directory))
            try await server.shutdown()
        } catch {
            try? await server.shutdown()
            throw error
        }
    }

    @Test("send reads piped input: the input, a blank line, the prompt; alone it is the prompt; empty is ignored")
    func pipedInput() async throws {
        try await withSetup { setup in
            let base = ["send", "--base-url", setup.server.baseURL]
            var run = try await setup.troupe(base + ["summarize", "this"], input: "line one\nline two\n")
            #expect(run.status == 0, "\(run.stderr)")
            var messages = try #require(setup.server.lastRequest?.json()?["messages"] as? [[String: String]])
            #expect(messages == [["role": "user", "content": "line one\nline two\n\nsummarize this"]])

            run = try await setup.troupe(base, input: "what is 2+2?\n")
            #expect(run.status == 0, "\(run.stderr)")
            messages = try #require(setup.server.lastRequest?.json()?["messages"] as? [[String: String]])
            #expect(messages == [["role": "user", "content": "what is 2+2?"]])

            run = try await setup.troupe(base + ["just", "this"], input: "")
            messages = try #require(setup.server.lastRequest?.json()?["messages"] as? [[String: String]])
            #expect(messages == [["role": "user", "content": "just this"]])

            let requests = setup.server.requests.count
            run = try await setup.troupe(base, input: "\n")
            #expect(run.status != 0)
            #expect(run.stderr.contains("Nothing to send"))
            #expect(setup.server.requests.count == requests)

            // -a puts a file before the prompt.
            try "alpha\n".write(to: setup.directory.appendingPathComponent("n.txt"), atomically: true, encoding: .utf8)
            run = try await setup.troupe(base + ["-a", "n.txt", "read it"])
            #expect(run.status == 0, "\(run.stderr)")
            messages = try #require(setup.server.lastRequest?.json()?["messages"] as? [[String: String]])
            #expect(messages == [["role": "user", "content": "n.txt\n```\nalpha\n```\n\nread it"]])

            // An image goes as an image part to a vision model, and is refused for others.
            let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
                                0, 0, 1, 0, 0, 0, 1, 0, 8, 6, 0, 0, 0]
            try Data(png).write(to: setup.directory.appendingPathComponent("p.png"))
            run = try await setup.troupe(base + ["--model", "gpt-4o", "-a", "p.png", "describe"])
            #expect(run.status == 0, "\(run.stderr)")
            let parts = try #require((setup.server.lastRequest?.json()?["messages"] as? [[String: Any]])?.first?["content"] as? [[String: Any]])
            #expect(parts.count == 2 && parts[0]["text"] as? String == "describe")
            #expect((parts[1]["image_url"] as? [String: String])?["url"] == "data:image/png;base64," + Data(png).base64EncodedString())
            let before = setup.server.requests.count
            run = try await setup.troupe(base + ["--model", "gpt-3.5-turbo", "-a", "p.png", "describe"])
            #expect(run.status != 0)
            #expect(run.stderr.contains("p.png is an image, and gpt-3.5-turbo is not marked as accepting images"))
            #expect(setup.server.requests.count == before)
        }
    }

    @Test("send, chat and replay are logged; log lists, shows by prefix, searches; no key in the file")
    func logWrittenAndRead() async throws {
        try await withSetup { setup in
            let server = setup.server
            server.enqueue(.stream(chunks: ["Paris ", "is the capital"], usage: TestUsage(promptTokens: 1000, completionTokens: 100)))
            var run = try await setup.troupe(["send", "--base-url", server.baseURL, "--model", "gpt-4o-mini", "capital", "of", "France?"])
            #expect(run.status == 0, "\(run.stderr)")
            run = try await setup.troupe(["chat", "--base-url", server.baseURL, "--model", "gpt-4o"], input: "quokka facts\n")
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout.contains("Echo: quokka facts"))
            let sessions = setup.home.appendingPathComponent(".local/share/troupe/sessions")
            try FileManager.default.createDirectory(at: sessions, withIntermediateDirectories: true)
            try ReplayCommandTests.writeSession(["alpha"], to: sessions.appendingPathComponent("demo.json"))
            run = try await setup.troupe(["replay", "demo", "--base-url", server.baseURL, "--no-cache"])
            #expect(run.status == 0, "\(run.stderr)")

            let list = try #require(try await setup.json([]) as? [[String: Any]])
            #expect(list.map { $0["kind"] as? String } == ["replay", "shell", "send"])
            let send = list[2]
            #expect(send["title"] as? String == "capital of France?")
            #expect(send["model"] as? String == "gpt-4o-mini")
            // 1,000 × $0.15 + 100 × $0.60 per million = $0.00021.
            #expect(send["cost_usd"] as? Double == 0.00021)
            let id = try #require(send["id"] as? String)
            #expect(id.count == 8)

            let detail = try #require(try await setup.json(["show", String(id.prefix(4))]) as? [String: Any])
            let turns = try #require(detail["turns_detail"] as? [[String: Any]])
            #expect(turns.count == 1)
            #expect(turns[0]["reply"] as? String == "Paris is the capital")
            #expect((turns[0]["usage"] as? [String: Int])?["prompt_tokens"] == 1000)

            let text = try await setup.troupe(["log"])
            #expect(text.stdout.contains(id) && text.stdout.contains("$0.00021") && text.stdout.contains("quokka facts"))
            #expect(text.stdout.contains("Total of these 3: "))
            #expect(text.stdout.contains("The whole log: 3 conversation(s), 3 turn(s), "))
            let shown = try await setup.troupe(["log", String(id.prefix(3))])
            #expect(shown.stdout.contains("> capital of France?\nParis is the capital\n"))

            let hits = try #require(try await setup.json(["--search", "QUOKKA"]) as? [[String: Any]])
            // One turn: its message and its reply both match, case-insensitively.
            #expect(hits.count == 1)
            #expect((hits.first?["snippet"] as? String)?.contains("[quokka] facts") == true)
            #expect(hits.first?["conversation"] as? String == list[1]["id"] as? String)
            let none = try await setup.troupe(["log", "--search", "\"AND OR ( zebra"])
            #expect(none.status == 0 && none.stdout.contains("No logged turn"))

            let bytes = try setup.logBytes()
            #expect(bytes.range(of: Data(Self.key.utf8)) == nil)
            #expect(bytes.range(of: Data("quokka".utf8)) != nil)
            let mode = try FileManager.default.attributesOfItem(atPath: setup.logFile.path)[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }
    }

    @Test("chat --continue goes on with the last conversation; --resume ID with any; --no-log writes nothing")
    func continueAndResume() async throws {
        try await withSetup { setup in
            let base = ["chat", "--base-url", setup.server.baseURL]
            _ = try await setup.troupe(base, input: "first topic\n")
            let firstID = try #require((try await setup.json([]) as? [[String: Any]])?.first?["id"] as? String)
            _ = try await setup.troupe(base, input: "second topic\n")

            var run = try await setup.troupe(base + ["--continue"], input: "more\n")
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stderr.contains("Continuing conversation"))
            var contents = (setup.server.lastRequest?.json()?["messages"] as? [[String: Any]])?.compactMap { $0["content"] as? String }
            #expect(contents == ["second topic", "Echo: second topic", "more"])

            run = try await setup.troupe(base + ["--resume", String(firstID.prefix(5))], input: "again\n")
            #expect(run.status == 0, "\(run.stderr)")
            contents = (setup.server.lastRequest?.json()?["messages"] as? [[String: Any]])?.compactMap { $0["content"] as? String }
            #expect(contents == ["first topic", "Echo: first topic", "again"])

            let list = try #require(try await setup.json([]) as? [[String: Any]])
            #expect(list.count == 2)
            #expect(list.first?["id"] as? String == firstID && list.first?["turns"] as? Int == 2)

            _ = try await setup.troupe(base + ["--no-log"], input: "unlogged\n")
            _ = try await setup.troupe(["send", "--base-url", setup.server.baseURL, "--set", "log=off", "unlogged too"])
            #expect((try await setup.json([]) as? [[String: Any]])?.count == 2)
            #expect(try setup.logBytes().range(of: Data("unlogged".utf8)) == nil)

            let unknown = try await setup.troupe(base + ["--resume", "ffffffff"], input: "")
            #expect(unknown.status != 0 && unknown.stderr.contains("no conversation has an ID starting with \"ffffffff\""))
        }
    }

    @Test("two processes logging at once lose nothing")
    func twoWriters() async throws {
        try await withSetup { setup in
            let base = ["send", "--base-url", setup.server.baseURL]
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<2 {
                    group.addTask {
                        for turn in 0..<4 {
                            let run = try await setup.troupe(base + ["writer \(writer) turn \(turn)"])
                            #expect(run.status == 0, "\(run.stderr)")
                            #expect(!run.stderr.contains("warning"))
                        }
                    }
                }
                try await group.waitForAll()
            }
            let list = try #require(try await setup.json(["--limit", "50"]) as? [[String: Any]])
            #expect(list.count == 8)
            #expect(Set(list.compactMap { $0["title"] as? String }).count == 8)
        }
    }

    @Test("troupe models lists the catalog with a user's models.yaml on top")
    func models() async throws {
        try await withSetup { setup in
            let config = setup.home.appendingPathComponent(".config/troupe")
            try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
            try "my-deployment: {model: gpt-4o-mini, output: 0.5}\n".write(
                to: config.appendingPathComponent("models.yaml"), atomically: true, encoding: .utf8)
            let run = try await setup.troupe(["models"])
            #expect(run.status == 0, "\(run.stderr)")
            let lines = run.stdout.split(separator: "\n").map(String.init)
            #expect(lines.first?.hasPrefix("MODEL") == true)
            let gpt4 = try #require(lines.first { $0.hasPrefix("gpt-4 ") })
            #expect(gpt4.split(separator: " ", omittingEmptySubsequences: true).prefix(6) == ["gpt-4", "8192", "8192", "30", "-", "60"])
            let mine = try #require(lines.first { $0.hasPrefix("my-deployment → gpt-4o-mini") })
            #expect(mine.contains("0.5u"))
            #expect(run.stdout.contains("Local models in "))

            try "my-deployment: {model: nothing-known}\n".write(
                to: config.appendingPathComponent("models.yaml"), atomically: true, encoding: .utf8)
            let broken = try await setup.troupe(["models"])
            #expect(broken.status != 0)
            #expect(broken.stderr.contains("models.yaml:1: model \"my-deployment\": \"model: nothing-known\" names no known model"))
        }
    }
}
