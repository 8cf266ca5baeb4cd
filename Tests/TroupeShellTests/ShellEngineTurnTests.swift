import Foundation
import TroupeCore
import TroupeTestSupport
import Testing
@testable import TroupeShell

@Suite("Shell turns against the local test server")
struct ShellEngineTurnTests {
    @Test func aMessageIsSentWithTheWholeConversationAndTheReplyAppended() async throws {
        let shell = try await ShellHarness.start(messages: [.system("Be brief.")])
        defer { Task { try await shell.shutdown() } }
        shell.server.enqueue(.stream(chunks: ["Hel", "lo ", "there"], usage: TestUsage(promptTokens: 21, completionTokens: 3)))

        let printed = await shell.output(of: "hi")

        #expect(await shell.messages == [.system("Be brief."), .user("hi"), .assistant("Hello there")])
        #expect(printed.hasPrefix("Hello there\n"))
        // The status line names the model the server says answered.
        #expect(printed.contains("test-model · openai · 21 prompt + 3 completion tokens · first token "))
        #expect(!printed.contains("cached"))
        let body = try #require(shell.chatRequests.last)
        #expect(body["stream"] as? Bool == true)
        #expect(ShellHarness.sentMessages(body) == [["system", "Be brief."], ["user", "hi"]])

        // The second turn sends everything so far.
        _ = await shell.output(of: "and again")
        let second = try #require(shell.chatRequests.last)
        #expect(ShellHarness.sentMessages(second) == [
            ["system", "Be brief."], ["user", "hi"], ["assistant", "Hello there"], ["user", "and again"],
        ])
        #expect(await shell.messages.last == .assistant("Echo: and again"))
        let totals = await shell.engine.totals
        #expect(totals.promptTokens == 21 + 10)  // the echo reports 8 + one per word
        #expect(totals.requests == 2)
    }

    @Test func withoutUsageTheTokensAreCounted() async throws {
        let shell = try await ShellHarness.start()
        defer { Task { try await shell.shutdown() } }
        shell.server.enqueue(.stream(chunks: ["one ", "two"], usage: nil))

        let printed = await shell.output(of: "count me")

        // o200k_base: "one two" is two tokens; the request is 3 + (3 + 1 + 2) = 9 tokens.
        #expect(printed.contains("9 prompt + 2 completion tokens (counted)"))
        #expect(await shell.engine.totals.requests == 0)
    }

    @Test func aServerErrorIsShownAndRetrySendsTheMessageAgain() async throws {
        let shell = try await ShellHarness.start()
        defer { Task { try await shell.shutdown() } }
        shell.server.enqueue(.error(status: 500, message: "The server had an error while processing your request."))

        let printed = await shell.output(of: "first try")

        #expect(printed.contains("error: "))
        #expect(printed.contains("500") || printed.contains("server had an error"))
        #expect(printed.contains("/retry"))
        #expect(printed.split(separator: "\n").count <= 3)
        #expect(await shell.messages.isEmpty)
        #expect(await shell.engine.failedMessage == .user("first try"))

        let retried = await shell.output(of: "/retry")
        #expect(retried.hasPrefix("Echo: first try\n"))
        #expect(await shell.messages == [.user("first try"), .assistant("Echo: first try")])
        #expect(await shell.engine.failedMessage == nil)
        #expect(shell.chatRequests.count == 2)
    }

    @Test func aBadRequestIsShownWithTheServersMessage() async throws {
        let shell = try await ShellHarness.start()
        defer { Task { try await shell.shutdown() } }
        shell.server.enqueue(.error(status: 400, message: "Unsupported value: 'temperature'", type: "invalid_request_error",
                                    param: "temperature", code: "unsupported_value"))

        let printed = await shell.output(of: "hello")

        #expect(printed.contains("error: "))
        #expect(printed.contains("Unsupported value: 'temperature'"))
        #expect(await shell.messages.isEmpty)
        #expect(await shell.engine.failedTurns == 1)
    }

    @Test func cancellingAReplyKeepsWhatArrivedMarkedAsCut() async throws {
        let shell = try await ShellHarness.start()
        defer { Task { try await shell.shutdown() } }
        let chunks = (0..<200).map { "word\($0) " }
        shell.server.enqueue(.stream(chunks: chunks, delay: .milliseconds(20)))

        let turn = Task { await shell.engine.handle("tell me a long story") }
        // Wait until some of the reply has been printed, then press "Ctrl-C".
        let deadline = ContinuousClock.now + .seconds(30)
        while !shell.recorder.all.contains("word3 "), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        turn.cancel()
        await turn.value

        let messages = await shell.messages
        #expect(messages.count == 2)
        let partial = try #require(messages.last)
        #expect(partial.role == .assistant)
        #expect(partial.content.hasPrefix("word0 word1 word2 word3 "))
        #expect(!partial.content.contains("word199"))
        #expect(await shell.engine.cutMessages == [1])
        #expect(shell.recorder.all.contains("[reply cut with Ctrl-C"))
        #expect(shell.recorder.all.contains(" · cut"))

        // The shell goes on: the next turn works and /history shows the cut mark.
        let next = await shell.output(of: "shorter please", "/history")
        #expect(next.contains("Echo: shorter please"))
        #expect(next.contains("[2] assistant (cut)"))
    }

    @Test func cancellingBeforeTheFirstTokenKeepsTheMessageForRetry() async throws {
        let shell = try await ShellHarness.start()
        defer { Task { try await shell.shutdown() } }
        shell.server.enqueue(.slow(.seconds(5), then: .stream(chunks: ["late"])))

        let turn = Task { await shell.engine.handle("are you there") }
        let deadline = ContinuousClock.now + .seconds(30)
        while shell.server.requests.isEmpty, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        turn.cancel()
        await turn.value

        #expect(await shell.messages.isEmpty)
        #expect(await shell.engine.failedMessage == .user("are you there"))
        #expect(shell.recorder.all.contains("stopped before the reply began"))
    }

    @Test func aCachedReplyIsMarkedCached() async throws {
        let shell = try await ShellHarness.start()
        defer { Task { try await shell.shutdown() } }

        _ = await shell.output(of: "/cache on")
        let first = await shell.output(of: "same question")
        _ = await shell.output(of: "/clear")
        let second = await shell.output(of: "same question")

        #expect(!first.contains("cached"))
        #expect(second.hasPrefix("Echo: same question\n"))
        #expect(second.contains("· $0 cached"))
        #expect(shell.chatRequests.count == 1)
        let status = await shell.output(of: "/cache")
        #expect(status.contains("cache: on"))
        #expect(status.contains(shell.directory + "/cache.sqlite"))
        #expect(status.contains("1 entry"))
    }

    /// A retry shows as a status line ("HTTP 503, retrying in …"), not a log record, and the
    /// turn then gets its reply.
    @Test func aRetryShowsInTheStatusLine() async throws {
        let shell = try await ShellHarness.start { config in
            try config.set(.maxAttempts, to: "3", source: .flag)
        }
        defer { Task { try await shell.shutdown() } }
        shell.server.enqueue(.error(status: 503, message: "busy", headers: ["retry-after-ms": "20"]))
        let printed = await shell.output(of: "hello")
        #expect(printed.hasPrefix("HTTP 503, retrying in 20 ms, attempt 2 of 3\nEcho: hello\n"), "\(printed)")
    }

    /// `/retry` with the cache on asks for a new answer instead of replaying the cached one,
    /// and keeps it as the request's next sample.
    @Test func retryAsksForANewAnswerEvenWithTheCacheOn() async throws {
        let shell = try await ShellHarness.start { config in
            try config.set(.cacheAPICalls, to: "on", source: .flag)
        }
        defer { Task { try await shell.shutdown() } }
        shell.server.enqueue(.chat(content: "first"), .chat(content: "second"))
        _ = await shell.output(of: "hello")
        let retried = await shell.output(of: "/retry")
        #expect(retried.hasPrefix("The earlier reply is kept on branch b1 (/switch b1 to see it).\nsecond\n"), "\(retried)")
        #expect(!retried.contains("cached"))
        #expect(shell.server.requests.count == 2)
        #expect(await shell.engine.service.cacheStatus.entries == 2)
    }
}
