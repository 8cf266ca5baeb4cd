import Foundation
import Testing
@testable import TroupeCore
import TroupeTestSupport

/// Replays over real HTTP against the local test server (OpenAI and Azure shapes).
@Suite("Session replay over HTTP")
struct SessionReplayHTTPTests {
    private func config(_ server: TestServer, api: String = "openai", cacheFile: String? = nil) throws -> TroupeConfig {
        var config = TroupeConfig()
        try config.set(.apiType, to: api, source: .flag)
        try config.set(.maxAttempts, to: "1", source: .flag)
        try config.set(.cacheAPICalls, to: cacheFile == nil ? "false" : "true", source: .flag)
        if let cacheFile { try config.set(.cacheFileName, to: cacheFile, source: .flag) }
        if api == "azure" {
            config.credentials = Credentials(azureKey: Secret(testKey), azureEndpoint: server.endpoint)
        } else {
            try config.set(.baseURL, to: server.baseURL, source: .flag)
            config.credentials = Credentials(openAIKey: Secret(testKey))
        }
        return config
    }

    /// A session recorded against the test server's default answer ("Echo: <prompt>").
    private func session(_ prompts: [String], api: String = "openai") -> Session {
        SessionReplayerTests.recorded(prompts, apiType: api, parameters: ChatParameters(model: "gpt-4o-mini", [.temperature: 0.5, .seed: 3]))
    }

    @Test("unchanged replies: each turn is one request carrying the conversation so far")
    func unchanged() async throws {
        try await withServer { server in
            let saved = session(["first question", "second question", "third question"])
            let (config, options) = try SessionReplayer.prepare(saved, config: config(server))
            let result = try await SessionReplayer(service: LLMService(config: config)).replay(saved, name: "s", options: options)

            #expect(result.report.summary.changed == 0)
            #expect(result.report.summary.requests == 3)
            #expect(result.report.turns.map(\.new.text) == ["Echo: first question", "Echo: second question", "Echo: third question"])
            #expect(result.report.turns.allSatisfy { $0.new.usage != nil && $0.new.latency.firstTokenSeconds != nil })
            let requests = server.requests
            #expect(requests.count == 3)
            let last = try #require(requests.last?.json())
            #expect(last["stream"] as? Bool == true)
            #expect(last["temperature"] as? Double == 0.5)
            #expect(last["seed"] as? Int == 3)
            let messages = try #require(last["messages"] as? [[String: Any]])
            #expect(messages.map { $0["content"] as? String } == [
                "Be brief.", "first question", "Echo: first question", "second question", "Echo: second question", "third question",
            ])
        }
    }

    @Test("a changed reply is found and the next turn is sent with it")
    func changed() async throws {
        try await withServer { server in
            let saved = session(["one", "two"])
            server.enqueue(.stream(chunks: ["A", " different", " answer"]))
            let (config, options) = try SessionReplayer.prepare(saved, config: config(server), changes: changes("model=gpt-4.1", "temperature=0"))
            let result = try await SessionReplayer(service: LLMService(config: config)).replay(saved, name: "s", options: options)

            #expect(result.report.summary.changed == 1)
            #expect(result.report.turns[0].changed)
            #expect(result.report.turns[0].diff?.inlineText == "[-Echo: one-] {+A different answer+}")
            #expect(!result.report.turns[1].changed)
            let second = try #require(server.requests.last?.json())
            #expect(second["model"] as? String == "gpt-4.1")
            #expect(second["temperature"] as? Double == 0)
            let messages = try #require(second["messages"] as? [[String: Any]])
            #expect(messages[2]["content"] as? String == "A different answer")
        }
    }

    @Test("a replay against Azure uses the deployment path")
    func azure() async throws {
        try await withServer { server in
            let saved = session(["hello"], api: "openai")
            let (config, options) = try SessionReplayer.prepare(saved, config: config(server, api: "azure"), changes: changes("api=azure"))
            let result = try await SessionReplayer(service: LLMService(config: config)).replay(saved, name: "s", options: options)
            #expect(result.report.replay.apiType == "azure")
            #expect(result.report.summary.changed == 0)
            #expect(server.requests.first?.path.hasPrefix("/openai/deployments/gpt-4o-mini/chat/completions") == true)
        }
    }

    @Test("with the cache on, a second replay makes no request")
    func cache() async throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        try await withServer { server in
            let saved = session(["a", "b", "c"])
            let (config, options) = try SessionReplayer.prepare(
                saved, config: config(server, cacheFile: scratch.file("cache.sqlite").path))
            _ = try await SessionReplayer(service: LLMService(config: config)).replay(saved, name: "s", options: options)
            #expect(server.requests.count == 3)
            let again = try await SessionReplayer(service: LLMService(config: config)).replay(saved, name: "s", options: options)
            #expect(server.requests.count == 3)
            #expect(again.report.summary.cacheHits == 3)
            #expect(again.report.summary.changed == 0)

            let (uncached, noCache) = try SessionReplayer.prepare(saved, config: config, cache: false)
            #expect(noCache.cacheEnabled == false)
            _ = try await SessionReplayer(service: LLMService(config: uncached)).replay(saved, name: "s", options: noCache)
            #expect(server.requests.count == 6)
        }
    }

    @Test("a server error stops the replay at that turn with the server's message")
    func serverError() async throws {
        try await withServer { server in
            let saved = session(["a", "b"])
            server.enqueue(.stream(chunks: ["fine"]), .error(status: 400, message: "model not found"))
            let (config, options) = try SessionReplayer.prepare(saved, config: config(server))
            do {
                _ = try await SessionReplayer(service: LLMService(config: config)).replay(saved, name: "s", options: options)
                Issue.record("the replay did not fail")
            } catch let SessionError.replayFailed(turn, total, reason) {
                #expect(turn == 2)
                #expect(total == 2)
                #expect(reason.contains("model not found"))
                #expect(!reason.contains(testKey))
            }
        }
    }
}
