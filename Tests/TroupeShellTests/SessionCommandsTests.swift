import Foundation
import Testing
import TroupeCore
import TroupeTestSupport
@testable import TroupeShell

@Suite("Session commands in the shell")
struct SessionCommandsTests {
    /// A shell at the test server with the session commands and a temporary session store.
    private func shell(configure: (inout TroupeConfig) throws -> Void = { _ in }) async throws -> (ShellHarness, SessionStore) {
        let harness = try await ShellHarness.start(extraCommands: SlashCommand.sessionCommands, configure: configure)
        let store = SessionStore(directory: URL(fileURLWithPath: harness.directory).appendingPathComponent("sessions"))
        await harness.engine.updateSessions { $0.store = store }
        return (harness, store)
    }

    @Test("/save writes messages, settings and per-turn data; no key in the file")
    func save() async throws {
        let (harness, store) = try await shell { try $0.set(.temperature, to: "0.4", source: .flag) }
        defer { Task { try await harness.shutdown() } }
        await harness.type("/system Be brief.", "hello there", "and again")
        let output = await harness.output(of: "/save demo")
        #expect(output.contains("Saved 2 turn(s), 5 message(s) to \(store.directory.path)/demo.json"))

        let session = try store.load("demo")
        #expect(session.messages.map(\.content) == ["Be brief.", "hello there", "Echo: hello there", "and again", "Echo: and again"])
        #expect(session.settings.apiType == "openai")
        #expect(session.settings.parameters[.temperature] == 0.4)
        #expect(session.turns.count == 2)
        let turn = session.turns[1]
        #expect(turn.user == .user("and again"))
        #expect(turn.messageIndex == 3)
        #expect(turn.reply == "Echo: and again")
        #expect(turn.parameters.model == "gpt-4o-mini")
        #expect(turn.parameters[.temperature] == 0.4)
        #expect(turn.usage != nil)
        #expect(turn.latency.totalSeconds > 0)
        #expect(turn.latency.firstTokenSeconds != nil)
        #expect(turn.fromCache == false)
        #expect(turn.apiType == "openai")

        let bytes = try Data(contentsOf: store.directory.appendingPathComponent("demo.json"))
        #expect(bytes.range(of: Data("sk-test-key".utf8)) == nil)
        #expect(bytes.range(of: Data("azure-test-key".utf8)) == nil)
        let mode = try FileManager.default.attributesOfItem(atPath: store.directory.appendingPathComponent("demo.json").path)[.posixPermissions] as? Int
        #expect(mode.map { $0 & 0o777 } == 0o600)

        // Without a name the session's name is used again.
        await harness.type("third")
        #expect(await harness.output(of: "/save").contains("Saved 3 turn(s)"))
        #expect(try store.load("demo").turns.count == 3)
    }

    @Test("/load restores messages and settings; a failed load changes nothing")
    func load() async throws {
        let (harness, store) = try await shell()
        defer { Task { try await harness.shutdown() } }
        await harness.type("/system Be brief.", "first", "/set temperature 0.3", "/save kept")
        await harness.type("/clear", "/model gpt-4.1", "/set temperature 1.5", "something else")

        let failed = await harness.output(of: "/load kpet")
        #expect(failed.contains("No session “kpet”"))
        #expect(failed.contains("Did you mean: kept?"))
        try Data("{\"formatVersion\": 1, \"created\"".utf8).write(to: store.directory.appendingPathComponent("broken.json"))
        let broken = await harness.output(of: "/load broken")
        #expect(broken.contains("is truncated"))
        #expect(await harness.messages.last == .assistant("Echo: something else"))
        #expect(await harness.engine.service.config.model == "gpt-4.1")

        let output = await harness.output(of: "/load kept")
        #expect(output.contains("Loaded kept: 3 message(s), 1 turn(s); gpt-4o-mini on openai"))
        #expect(await harness.messages.map(\.content) == ["Be brief.", "first", "Echo: first"])
        let config = await harness.engine.service.config
        #expect(config.model == "gpt-4o-mini")
        #expect(config[.temperature] == 0.3)
        #expect(config.source(of: .temperature) == .session)

        // The next turn continues the loaded conversation with its settings.
        await harness.type("second")
        let last = try #require(harness.chatRequests.last)
        #expect(ShellHarness.sentMessages(last).map { $0[1] } == ["Be brief.", "first", "Echo: first", "second"])
        #expect(last["temperature"] as? Double == 0.3)
        #expect(last["model"] as? String == "gpt-4o-mini")
        // Saving again goes to the loaded session and keeps its turns.
        await harness.type("/save")
        #expect(try store.load("kept").turns.map(\.reply) == ["Echo: first", "Echo: second"])
    }

    @Test("/sessions lists saved sessions with date, model and turns")
    func sessions() async throws {
        let (harness, store) = try await shell()
        defer { Task { try await harness.shutdown() } }
        #expect(await harness.output(of: "/sessions").contains("No saved sessions in \(store.directory.path)"))
        await harness.type("hi", "/save one", "/model gpt-4.1", "again", "/save two")
        let output = await harness.output(of: "/sessions")
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("two "))
        #expect(lines[0].contains("gpt-4.1 (openai)  2 turns"))
        #expect(lines[1].contains("gpt-4o-mini (openai)  1 turn"))
        #expect(lines[0].contains(" UTC"))
        #expect(lines[2].contains("2 session(s)"))
    }

    @Test("/autosave on saves after every turn")
    func autosave() async throws {
        let (harness, store) = try await shell()
        defer { Task { try await harness.shutdown() } }
        #expect(await harness.output(of: "/autosave").contains("Autosave is off"))
        await harness.type("/save auto")
        #expect(await harness.output(of: "/autosave on").contains("auto.json is saved after every turn"))
        await harness.type("one")
        #expect(try store.load("auto").turns.count == 1)
        await harness.type("two")
        #expect(try store.load("auto").turns.count == 2)
        await harness.type("/autosave off", "three")
        #expect(try store.load("auto").turns.count == 2)
        #expect(await harness.output(of: "/autosave maybe").contains("usage: /autosave"))
    }

    @Test("/replay compares a saved session and can save the result")
    func replay() async throws {
        let (harness, store) = try await shell()
        defer { Task { try await harness.shutdown() } }
        await harness.type("alpha", "beta", "/save base")
        harness.server.enqueue(.stream(chunks: ["Changed", " answer"]))
        let output = await harness.output(of: "/replay base --model gpt-4.1 --word-diff --save replayed")
        #expect(output.contains("Replaying base: openai/gpt-4o-mini → openai/gpt-4.1"))
        #expect(output.contains("── Turn 1 · changed"))
        #expect(output.contains("[-Echo: alpha-] {+Changed answer+}"))
        #expect(output.contains("── Turn 2 · unchanged"))
        #expect(output.contains("2 turns: 1 changed, 1 unchanged"))
        let replayed = try store.load("replayed")
        #expect(replayed.settings.model == "gpt-4.1")
        #expect(replayed.messages.map(\.content) == ["alpha", "Changed answer", "beta", "Echo: beta"])
        // The shell's own conversation and settings are untouched.
        #expect(await harness.messages.count == 4)
        #expect(await harness.engine.service.config.model == "gpt-4o-mini")

        #expect(await harness.output(of: "/save --replay again").contains("Saved the replay (2 turn(s))"))
        #expect(try store.load("again") == replayed)
        #expect(await harness.output(of: "/replay nothing-here").contains("No session “nothing-here”"))
        #expect(await harness.output(of: "/replay base --set temperature=9").contains("TEMPERATURE"))
    }

    @Test("/replay arguments")
    func replayArguments() throws {
        let parsed = try ReplayArguments(parsing: "s.json --api azure --model m --set a=1 --set b=2 --no-cache --word-diff --save out")
        #expect(parsed.session == "s.json")
        #expect(parsed.changes == [
            SettingChange(name: "API_TYPE", value: "azure"), SettingChange(name: "MODEL", value: "m"),
            SettingChange(name: "a", value: "1"), SettingChange(name: "b", value: "2"),
        ])
        #expect(parsed.cache == false)
        #expect(parsed.wordDiff)
        #expect(parsed.save == "out")
        #expect(throws: ShellCommandError.self) { try ReplayArguments(parsing: "") }
        #expect(throws: ShellCommandError.self) { try ReplayArguments(parsing: "a b") }
        #expect(throws: ShellCommandError.self) { try ReplayArguments(parsing: "a --model") }
        #expect(throws: ShellCommandError.self) { try ReplayArguments(parsing: "a --bogus") }
        #expect(throws: ShellCommandError.self) { try ReplayArguments(parsing: "a --set temperature") }
    }
}

@Suite("Starting the shell from a session")
struct ShellResumeTests {
    @Test("resume loads messages and settings; command-line flags win; a bad file changes nothing")
    func resume() throws {
        let directory = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("troupe-resume-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = SessionStore(directory: directory)
        let saved = Session(
            created: Session.fileDate(Date(timeIntervalSince1970: 1_767_225_600)),
            settings: SessionSettings(apiType: "openai", parameters: ChatParameters(model: "gpt-4o-mini", [.temperature: 0.25])),
            messages: [.system("s"), .user("u"), .assistant("a")],
            turns: [SessionTurn(user: .user("u"), messageIndex: 1, apiType: "openai", parameters: ChatParameters(model: "gpt-4o-mini"),
                                reply: "a", latency: TurnLatency(totalSeconds: 1))])
        try store.save(saved, to: "demo")

        var options = ShellOptions(historyPath: nil)
        var config = TroupeConfig()
        let notes = try options.resume("demo", store: store, config: &config, flags: ["MODEL": "gpt-4.1"])
        #expect(notes.isEmpty)
        #expect(options.messages == saved.messages)
        #expect(config[.temperature] == 0.25)
        #expect(config.model == "gpt-4.1")
        #expect(options.sessions?.reference == "demo")
        #expect(options.sessions?.turns == saved.turns)
        #expect(options.sessions?.created == saved.created)

        var untouched = ShellOptions(historyPath: nil)
        var same = TroupeConfig()
        #expect(throws: SessionError.self) { try untouched.resume("nope", store: store, config: &same) }
        #expect(same == TroupeConfig())
        #expect(untouched.messages.isEmpty)
        #expect(untouched.sessions == nil)
    }
}
