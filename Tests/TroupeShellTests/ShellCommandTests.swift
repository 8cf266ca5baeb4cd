import Foundation
import TroupeCore
import TroupeTestSupport
import Testing
@testable import TroupeShell

@Suite("Slash commands")
struct ShellCommandTests {
    @Test func modelAndTemperatureChangeTheNextRequest() async throws {
        let shell = try await ShellHarness.start()
        defer { Task { try await shell.shutdown() } }

        let printed = await shell.output(of: "/model gpt-4.1", "/temperature 0.3", "hello")

        #expect(printed.contains("model = gpt-4.1 (this session)"))
        #expect(printed.contains("temperature = 0.3 (this session)"))
        let body = try #require(shell.chatRequests.last)
        #expect(body["model"] as? String == "gpt-4.1")
        #expect(body["temperature"] as? Double == 0.3)
        #expect(printed.contains("gpt-4.1 · openai ·"))
    }

    @Test func invalidValuesAreRefusedWithAClearMessage() async throws {
        let shell = try await ShellHarness.start()
        defer { Task { try await shell.shutdown() } }

        let printed = await shell.output(of: "/temperature 3", "/set top_p 1.5", "/set max_tokens lots")

        #expect(printed.contains("error: "))
        #expect(printed.contains("a number from 0 to 2"))
        #expect(printed.contains("a number from 0 to 1"))
        #expect(printed.contains("a whole number from 1 to 10000000"))
        let config = await shell.engine.service.config
        #expect(config[.temperature] == 1.0)
        #expect(config[.topP] == 1.0)
    }

    @Test func setChangesRequestSettingsAndListsSources() async throws {
        let shell = try await ShellHarness.start()
        defer { Task { try await shell.shutdown() } }

        _ = await shell.output(of: "/set max_tokens 50", "/set seed 7", "/set stop END", "/set json on",
                               "/set frequency_penalty 0.5", "/set presence_penalty -0.5", "/set top_p 0.9")
        _ = await shell.output(of: "reply in json")
        let body = try #require(shell.chatRequests.last)
        #expect(body["seed"] as? Int == 7)
        #expect((body["stop"] as? [String]) == ["END"] || body["stop"] as? String == "END")
        #expect((body["response_format"] as? [String: Any])?["type"] as? String == "json_object")
        #expect(body["frequency_penalty"] as? Double == 0.5)
        #expect(body["presence_penalty"] as? Double == -0.5)
        #expect(body["top_p"] as? Double == 0.9)
        #expect(body["max_tokens"] as? Int == 50 || body["max_completion_tokens"] as? Int == 50)

        let listing = await shell.output(of: "/set")
        let lines = listing.split(separator: "\n").map(String.init)
        #expect(lines.count == Setting.all.count)
        #expect(lines.contains { $0.hasPrefix("max_tokens") && $0.contains("50") && $0.hasSuffix("(this session)") })
        #expect(lines.contains { $0.hasPrefix("model") && $0.hasSuffix("(flag)") })
        #expect(lines.contains { $0.hasPrefix("embedding_model") && $0.hasSuffix("(default)") })

        let one = await shell.output(of: "/set seed")
        #expect(one == "seed = 7  (this session; \(Setting.seed.help))\n")
        let unknown = await shell.output(of: "/set max_tokenz 3")
        #expect(unknown.contains("unknown setting \"max_tokenz\"; did you mean max_tokens?"))
    }

    @Test func apiSwitchesTheClientAndKeepsTheConversation() async throws {
        let shell = try await ShellHarness.start()
        defer { Task { try await shell.shutdown() } }

        _ = await shell.output(of: "first")
        let switched = await shell.output(of: "/api azure", "second")

        #expect(switched.contains("API: azure"))
        let requests = shell.server.requests
        #expect(requests.count == 2)
        #expect(requests[0].path == "/v1/chat/completions")
        #expect(requests[1].path.contains("/openai/deployments/gpt-4o-mini/chat/completions"))
        #expect(requests[1].header("api-key") == "azure-test-key")
        #expect(ShellHarness.sentMessages(requests[1].json() ?? [:]).count == 3)
        #expect(switched.contains("· azure ·"))
        let refused = await shell.output(of: "/api nosuch")
        #expect(refused.contains("error: "))
        #expect(await shell.engine.service.config.apiType == "azure")
    }

    @Test func systemHistoryUndoAndClearEditTheConversation() async throws {
        let shell = try await ShellHarness.start()
        defer { Task { try await shell.shutdown() } }

        _ = await shell.output(of: "one", "/system You are terse.", "two")
        #expect(await shell.messages == [
            .system("You are terse."), .user("one"), .assistant("Echo: one"), .user("two"), .assistant("Echo: two"),
        ])
        let sent = try #require(shell.chatRequests.last)
        #expect(ShellHarness.sentMessages(sent).first == ["system", "You are terse."])

        _ = await shell.output(of: "/system Be kind.")
        #expect(await shell.messages.first == .system("Be kind."))
        #expect(await shell.messages.count == 5)
        #expect(await shell.output(of: "/system") == "Be kind.\n")

        let history = await shell.output(of: "/history")
        #expect(history.contains("[1] system\n    Be kind."))
        #expect(history.contains("[5] assistant\n    Echo: two"))

        _ = await shell.output(of: "/undo")
        #expect(await shell.messages.count == 3)
        #expect(await shell.messages.last == .assistant("Echo: one"))

        _ = await shell.output(of: "/clear")
        #expect(await shell.messages == [.system("Be kind.")])
        #expect(await shell.output(of: "/undo").contains("Nothing to undo"))
    }

    @Test func retryAsksAgainForTheLastReply() async throws {
        let shell = try await ShellHarness.start()
        defer { Task { try await shell.shutdown() } }
        shell.server.enqueue(.stream(chunks: ["first answer"]), .stream(chunks: ["second answer"]))

        _ = await shell.output(of: "question")
        let printed = await shell.output(of: "/retry")

        // The earlier reply is not lost: it stays on a branch.
        #expect(printed.hasPrefix("The earlier reply is kept on branch b1 (/switch b1 to see it).\nsecond answer\n"), "\(printed)")
        #expect(await shell.messages == [.user("question"), .assistant("second answer")])
        #expect(await shell.engine.tree.branches[1].messages == [ChatMessage.user("question"), .assistant("first answer")])
        #expect(ShellHarness.sentMessages(try #require(shell.chatRequests.last)) == [["user", "question"]])
        #expect(await shell.output(of: "/clear", "/retry").contains("Nothing to retry"))
    }

    @Test func tokensCountsEveryMessageAgainstTheContextWindow() async throws {
        let shell = try await ShellHarness.start(messages: [.system("You are a helpful assistant.")])
        defer { Task { try await shell.shutdown() } }
        shell.server.enqueue(.stream(chunks: ["Hi"], usage: TestUsage(promptTokens: 40, completionTokens: 2)))

        _ = await shell.output(of: "hello world")
        let report = await shell.output(of: "/tokens")

        // o200k_base (gpt-4o-mini): 3 per message + role + content.
        // "You are a helpful assistant." = 6 tokens, "system" = 1 → 10; "user" + "hello world" → 6;
        // "assistant" + "Hi" → 5; priming 3; total 24.
        #expect(report.contains("o200k_base"))
        #expect(report.contains("[1] system              10"))
        #expect(report.contains("[2] user                 6"))
        #expect(report.contains("[3] assistant            5"))
        #expect(report.contains("reply priming            3"))
        #expect(report.contains("total                   24"))
        #expect(report.contains("context window 128,000; 127,976 left"))
        #expect(report.contains("40 prompt + 2 completion tokens in 1 request(s)"))
    }

    @Test func helpListsAndExplainsCommands() async throws {
        let shell = try await ShellHarness.start()
        defer { Task { try await shell.shutdown() } }

        let list = await shell.output(of: "/help")
        for name in ["/api", "/model", "/temperature", "/set", "/cache", "/tokens", "/system", "/history",
                     "/undo", "/retry", "/clear", "/help", "/quit", "/templates", "/render", "/template", "/vars", "/var"] {
            #expect(list.contains("  " + name), "missing \(name)")
        }
        let one = await shell.output(of: "/help set")
        #expect(one.hasPrefix("/set [KEY [VALUE]]\n"))
        #expect(one.contains("reasoning_effort"))
    }

    @Test func anUnknownCommandSuggestsTheNearestAndSendsNothing() async throws {
        let shell = try await ShellHarness.start()
        defer { Task { try await shell.shutdown() } }

        let printed = await shell.output(of: "/modle gpt-4o")

        #expect(printed == "error: unknown command /modle; did you mean /model? (/help lists the commands)\n")
        #expect(shell.server.requests.isEmpty)
        _ = await shell.output(of: "//etc/hosts is a file")
        #expect(await shell.messages.first == .user("/etc/hosts is a file"))
    }

    @Test func cacheCommandTurnsTheCacheOnAndOff() async throws {
        let shell = try await ShellHarness.start()
        defer { Task { try await shell.shutdown() } }

        #expect(await shell.output(of: "/cache").hasPrefix("cache: off, file "))
        _ = await shell.output(of: "/cache on")
        #expect(await shell.engine.service.cacheEnabled)
        _ = await shell.output(of: "/cache off")
        #expect(await shell.engine.service.cacheEnabled == false)
        #expect(await shell.output(of: "/cache maybe") == "error: usage: /cache [on|off|clear]\n")
    }

    @Test func quitStopsTheReadLoop() async throws {
        let shell = try await ShellHarness.start()
        defer { Task { try await shell.shutdown() } }
        let reader = ScriptedLineReader(lines: ["hello", "/quit", "never sent"])

        await ShellRunner.run(engine: shell.engine, reader: reader, watchesInterrupts: false)

        #expect(shell.chatRequests.count == 1)
        #expect(await shell.engine.wantsQuit)
        #expect(reader.history == ["hello", "/quit"])
    }

    @Test func theReadLoopJoinsLinesAndIgnoresCtrlCAtAnEmptyPrompt() async throws {
        let shell = try await ShellHarness.start()
        defer { Task { try await shell.shutdown() } }
        let reader = ScriptedLineReader([
            .interrupted(discarded: ""),
            .line("\"\"\""), .line("dropped draft"), .interrupted(discarded: ""),
            .line("two \\"), .line("lines"),
            .line("\"\"\""), .line("a block"), .line("\"\"\""),
        ])

        await ShellRunner.run(engine: shell.engine, reader: reader, watchesInterrupts: false)

        #expect(shell.recorder.all.contains("Ctrl-C does not quit: type /quit or press Ctrl-D"))
        #expect(await shell.messages.compactMap { $0.role == .user ? $0.content : nil } == ["two \nlines", "a block"])
    }

    @Test func eachInputIsOneHistoryEntryLineBreaksAndAll() async throws {
        let shell = try await ShellHarness.start()
        defer { Task { try await shell.shutdown() } }
        let reader = ScriptedLineReader(lines: [
            "\"\"\"", "block one", "block two", "\"\"\"",
            "continued \\", "line",
            "pasted\nlines",
            "/model gpt-4.1",
        ])

        await ShellRunner.run(engine: shell.engine, reader: reader, watchesInterrupts: false)

        #expect(reader.history == ["block one\nblock two", "continued \nline", "pasted\nlines", "/model gpt-4.1"])
        #expect(await shell.messages.compactMap { $0.role == .user ? $0.content : nil }
            == ["block one\nblock two", "continued \nline", "pasted\nlines"])
        #expect(shell.chatRequests.count == 3)
    }

    @Test func completionOffersCommandsAndArguments() async throws {
        let shell = try await ShellHarness.start()
        defer { Task { try await shell.shutdown() } }
        let engine = shell.engine

        #expect(engine.completions(forLineBeforeCursor: "/").contains("/model"))
        #expect(engine.completions(forLineBeforeCursor: "/api ") == ["azure", "local", "openai"])
        #expect(engine.completions(forLineBeforeCursor: "/model ").contains("gpt-4o-mini"))
        #expect(engine.completions(forLineBeforeCursor: "/cache ") == ["on", "off", "clear"])
        #expect(engine.completions(forLineBeforeCursor: "/set ").contains("max_tokens"))
        #expect(engine.completions(forLineBeforeCursor: "/set json ") == ["on", "off"])
        #expect(engine.completions(forLineBeforeCursor: "/set reasoning_effort ").contains("medium"))
        #expect(engine.completions(forLineBeforeCursor: "/help ").contains("tokens"))
        #expect(engine.completions(forLineBeforeCursor: "hello ").isEmpty)
        #expect(CompletionOutcome(lineBeforeCursor: "/set js",
                                  candidates: engine.completions(forLineBeforeCursor: "/set js")) == .insert("on "))
    }
}
