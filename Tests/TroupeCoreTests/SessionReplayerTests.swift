import Foundation
import Testing
@testable import TroupeCore

@Suite("Session replay")
struct SessionReplayerTests {
    /// A session as the shell records it: a system prompt, then `prompts` answered by `answer`.
    static func recorded(
        _ prompts: [String], apiType: String = "scripted", parameters: ChatParameters = .init(model: "model-a", [.temperature: 0.7, .seed: 7]),
        answer: (String) -> String = { "Echo: " + $0 }
    ) -> Session {
        var messages: [ChatMessage] = [.system("Be brief.")]
        var turns: [SessionTurn] = []
        for prompt in prompts {
            let reply = answer(prompt)
            turns.append(SessionTurn(
                user: .user(prompt), messageIndex: messages.count, apiType: apiType, parameters: parameters,
                reply: reply, usage: Usage(promptTokens: 3, completionTokens: 2),
                latency: TurnLatency(firstTokenSeconds: 0.1, totalSeconds: 0.2)))
            messages += [.user(prompt), .assistant(reply)]
        }
        return Session(
            created: SessionFixtures.date(0),
            settings: SessionSettings(apiType: apiType, parameters: parameters), messages: messages, turns: turns)
    }

    private func config(cacheFile: String? = nil) throws -> TroupeConfig {
        var config = TroupeConfig()
        try config.set(.cacheAPICalls, to: cacheFile == nil ? "false" : "true", source: .flag)
        if let cacheFile { try config.set(.cacheFileName, to: cacheFile, source: .flag) }
        return config
    }

    @Test("unchanged replies: every turn is re-sent in order with the conversation so far")
    func unchanged() async throws {
        let client = ReplayClient(reply: ReplayClient.echo)
        let session = Self.recorded(["one", "two", "three"])
        let (config, options) = try SessionReplayer.prepare(session, config: config())
        let service = LLMService(config: config, registry: client.registry())

        let result = try await SessionReplayer(service: service).replay(session, name: "s", options: options)
        #expect(result.report.summary.turns == 3)
        #expect(result.report.summary.changed == 0)
        #expect(!result.report.anyChanged)
        #expect(result.report.turns.allSatisfy { $0.diff == nil })
        #expect(client.requests.count == 3)
        #expect(client.requests[2].messages == Array(session.messages.prefix(5)) + [.user("three")])
        #expect(client.requests.allSatisfy { $0.fields == ["temperature": 0.7, "seed": 7] && $0.model == "model-a" })
        #expect(result.session.messages == session.messages)
        #expect(result.session.turns.map(\.reply) == session.turns.map(\.reply))
        #expect(result.session.turns.map(\.messageIndex) == [1, 3, 5])
        #expect(result.report.turns[0].new.usage == Usage(promptTokens: 20, completionTokens: 2))
        #expect(result.report.turns[0].new.latency.firstTokenSeconds != nil)
    }

    @Test("changed replies are reported with a diff, and later turns see the new replies")
    func changed() async throws {
        let client = ReplayClient { request in
            "New answer to " + (request.messages.last?.content ?? "")
        }
        let session = Self.recorded(["alpha", "beta"])
        let (config, options) = try SessionReplayer.prepare(session, config: config())
        let service = LLMService(config: config, registry: client.registry())

        var seen: [Int] = []
        let collected = Collected()
        let result = try await SessionReplayer(service: service).replay(session, name: "s", options: options) { turn in
            await collected.add(turn.index)
        }
        seen = await collected.values
        #expect(seen == [1, 2])
        #expect(result.report.summary.changed == 2)
        let first = result.report.turns[0]
        #expect(first.changed)
        #expect(first.old.text == "Echo: alpha")
        #expect(first.new.text == "New answer to alpha")
        #expect(first.diff?.inlineText == "[-Echo:-] {+New answer to+} alpha")
        // Turn 2 was sent with turn 1's NEW reply in the conversation.
        #expect(client.requests[1].messages[2] == ChatMessage.assistant("New answer to alpha"))
        #expect(result.session.messages.last == ChatMessage.assistant("New answer to beta"))
    }

    @Test("overrides change only the overridden parameters of each recorded turn")
    func overrides() async throws {
        let client = ReplayClient(reply: ReplayClient.echo)
        var session = Self.recorded(["a", "b"])
        session.turns[1].parameters[.temperature] = 1.5  // changed mid-session with /set
        session.turns[1].parameters[.maxTokens] = 99
        var base = try config()
        try base.set(.seed, to: "1234", source: .file("config.ini"))  // not an override: ignored

        let (config, options) = try SessionReplayer.prepare(
            session, config: base, changes: changes("MODEL=model-b", "temperature=0.2", "MAX_ATTEMPTS=3", "json=true"))
        #expect(config.maxAttempts == 3)
        #expect(options.overrides.model == "model-b" && options.overrides.jsonMode == true)
        #expect(options.overrides.values == [.temperature: .some(0.2)])
        #expect(options.overrides.descriptions == ["json=true", "model=model-b", "temperature=0.2"])
        let service = LLMService(config: config, registry: client.registry())
        let result = try await SessionReplayer(service: service).replay(session, name: "s", options: options)

        let sent = client.requests
        #expect(sent.map(\.model) == ["model-b", "model-b"])
        #expect(sent.map { $0.fields["temperature"] } == [0.2, 0.2])
        #expect(sent.map { $0.fields["seed"] } == [7, 7])
        #expect(sent.map { $0.fields["max_tokens"] } == [nil, 99])
        #expect(sent.allSatisfy { $0.fields["response_format"] == ["type": "json_object"] })
        #expect(result.report.original == .init(apiType: "scripted", model: "model-a"))
        #expect(result.report.replay == .init(apiType: "scripted", model: "model-b"))
        #expect(result.session.settings.parameters.model == "model-b")
        #expect(result.session.turns[1].parameters[.maxTokens] == 99)
    }

    @Test("bad overrides are refused before anything is sent")
    func badOverrides() throws {
        let session = Self.recorded(["a"])
        #expect(SettingChange(assignment: "temperature") == nil)
        #expect(SettingChange(assignment: "=1") == nil)
        #expect(throws: ConfigError.self) {
            try SessionReplayer.prepare(session, config: config(), changes: changes("temperature=hot"))
        }
        #expect(throws: ConfigError.unknownKey("no_such_key", nearest: nil)) {
            try SessionReplayer.prepare(session, config: config(), changes: changes("no_such_key=1"))
        }
        #expect(throws: ConfigError.unknownKey("temprature", nearest: "TEMPERATURE")) {
            try SessionReplayer.prepare(session, config: config(), changes: changes("temprature=1"))
        }
        #expect(throws: ConfigError.self) {
            try SessionReplayer.prepare(session, config: config(), changes: changes("API_TYPE=carrier-pigeon"))
        }
    }

    @Test("with the cache on and unchanged settings a replay makes no request")
    func cached() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let client = ReplayClient(reply: ReplayClient.echo)
        let cacheFile = directory.file("cache.sqlite").path
        let session = Self.recorded((1...100).map { "prompt \($0)" })

        let (config, options) = try SessionReplayer.prepare(session, config: config(cacheFile: cacheFile))
        // First replay fills the cache (as the original chat would have).
        let warm = try await SessionReplayer(service: LLMService(config: config, registry: client.registry()))
            .replay(session, name: "s", options: options)
        #expect(warm.report.summary.requests == 100)
        #expect(client.requests.count == 100)

        // A fresh service (a new process) over the same cache file: no request at all.
        let clock = ContinuousClock()
        let start = clock.now
        let again = try await SessionReplayer(service: LLMService(config: config, registry: client.registry()))
            .replay(warm.session, name: "s", options: options)
        let elapsed = clock.now - start
        #expect(client.requests.count == 100)
        #expect(again.report.summary.requests == 0)
        #expect(again.report.summary.cacheHits == 100)
        #expect(again.report.summary.changed == 0)
        #expect(again.report.cacheEnabled == true)
        #expect(elapsed < .seconds(30), "100 cached turns took \(elapsed)")  // the bench measures speed; this only catches a hang

        // A changed setting misses the cache.
        let (_, warmer) = try SessionReplayer.prepare(session, config: config, changes: changes("temperature=0.1"))
        let changed = try await SessionReplayer(service: LLMService(config: config, registry: client.registry()))
            .replay(Self.recorded(["prompt 1"]), name: "s", options: warmer)
        #expect(changed.report.summary.requests == 1)
    }

    @Test("a failing request stops the replay and names the turn")
    func failure() async throws {
        struct Refused: Error, CustomStringConvertible { var description: String { "the server said no" } }
        let client = ReplayClient { request in
            if request.messages.last?.content == "two" { throw Refused() }
            return "ok"
        }
        let session = Self.recorded(["one", "two", "three"])
        let (config, options) = try SessionReplayer.prepare(session, config: config())
        let service = LLMService(config: config, registry: client.registry())
        await #expect(throws: SessionError.replayFailed(turn: 2, total: 3, reason: "the server said no")) {
            try await SessionReplayer(service: service).replay(session, name: "s", options: options)
        }
        #expect(client.requests.count == 2)

        var empty = session
        empty.turns = []
        await #expect(throws: SessionError.nothingToReplay(path: "e")) {
            try await SessionReplayer(service: service).replay(empty, name: "e", options: options)
        }
    }

    @Test("the JSON report is readable and decodes back")
    func jsonReport() async throws {
        let client = ReplayClient { request in request.messages.last?.content == "b" ? "changed" : ReplayClient.echo(request) }
        let session = Self.recorded(["a", "b"])
        let (config, options) = try SessionReplayer.prepare(session, config: config())
        let result = try await SessionReplayer(service: LLMService(config: config, registry: client.registry()))
            .replay(session, name: "demo", options: options)
        let data = try result.report.jsonData()
        #expect(try ReplayReport.decode(data) == result.report)
        #expect(try ReplayReport.decode(data).jsonData() == data)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let summary = try #require(object["summary"] as? [String: Any])
        #expect(summary["changed"] as? Int == 1)
        #expect(summary["unchanged"] as? Int == 1)
        let turns = try #require(object["turns"] as? [[String: Any]])
        #expect(turns[0]["changed"] as? Bool == false)
        #expect(turns[0]["diff"] == nil)
        #expect(turns[1]["changed"] as? Bool == true)
        #expect((turns[1]["old"] as? [String: Any])?["text"] as? String == "Echo: b")
        #expect((turns[1]["new"] as? [String: Any])?["text"] as? String == "changed")
        #expect(turns[1]["diff"] != nil)
    }

    @Test("replay placement keeps system messages that were not part of a turn")
    func placement() {
        let messages: [ChatMessage] = [.system("s1"), .user("u1"), .assistant("a1"), .system("s2"), .user("u2"), .assistant("a2"), .system("end")]
        let t1 = SessionTurn(user: .user("u1"), messageIndex: 1, apiType: "x", parameters: .init(model: "m"), reply: "a1", latency: .init(totalSeconds: 0))
        let t2 = SessionTurn(user: .user("u2"), messageIndex: 4, apiType: "x", parameters: .init(model: "m"), reply: "a2", latency: .init(totalSeconds: 0))
        let first = SessionReplayer.place(t1, in: messages, from: 0, isFirst: true)
        #expect(first.before == [.system("s1")])
        #expect(first.cursor == 3)
        let second = SessionReplayer.place(t2, in: messages, from: first.cursor, isFirst: false)
        #expect(second.before == [.system("s2")])
        #expect(second.cursor == 6)
        // Without an index only the leading system messages are kept.
        var loose = t1
        loose.messageIndex = nil
        #expect(SessionReplayer.place(loose, in: messages, from: 0, isFirst: true).before == [.system("s1")])
    }
}

actor Collected {
    var values: [Int] = []
    func add(_ value: Int) { values.append(value) }
}

/// `k=v` texts as setting changes.
func changes(_ assignments: String...) -> [SettingChange] {
    assignments.compactMap(SettingChange.init(assignment:))
}
