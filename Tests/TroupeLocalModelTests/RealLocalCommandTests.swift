import Foundation
import Testing
import TroupeTestSupport
@testable import TroupeCore

#if canImport(Glibc)
import Glibc
#endif

/// The `troupe` binary on the real local model, with no key: `send`, the shell in a real
/// terminal, replay and token counts. Part of the one serialized suite: the binary finds the
/// suite's kept-warm server through its state file, except where a test is about the server
/// troupe starts itself.
extension RealLocalServerTests {
    static let countPrompt = "Count from 1 to 100, one number per line."

    @Test func sendWithNoKeyAnswersThroughTheKeptWarmServer() async throws {
        let fixture = try RealServerFixture.get()
        _ = try await fixture.owner.endpoint()
        let home = try LocalTroupeHome(runtimeDirectory: fixture.runtime.path)
        let before = processes(mentioning: RealServer.paths.defaultServer)
        let result = try await TroupeBinary.run(
            ["send", "--temperature", "0", "--set", "max_tokens=8", Self.france], in: home.path, environment: home.environment)
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.contains("Paris"), "\(result.out)")
        #expect(result.err.contains("answering with the local model \(LocalModelFile.defaultModelName)"), "\(result.err)")
        #expect(!result.err.contains("starting"), "a kept-warm server is not started: \(result.err)")
        #expect(processes(mentioning: RealServer.paths.defaultServer) == before, "no other server may be started")
    }

    @Test func sendStartsItsOwnServerAndLeavesNoneBehind() async throws {
        let home = try LocalTroupeHome(contextSize: 544)
        let result = try await TroupeBinary.run(
            ["send", "--temperature", "0", "--set", "max_tokens=8", Self.france], in: home.path, environment: home.environment)
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.contains("Paris"), "\(result.out)")
        #expect(result.err.contains("starting the local model"), "\(result.err)")
        #expect(processes(mentioning: home.serverMarker).isEmpty, "the server troupe started must end with it")
    }

    @Test func killedTroupeTakesItsServerAlong() async throws {
        let home = try LocalTroupeHome(contextSize: 608)
        let troupe = Process()
        troupe.executableURL = URL(fileURLWithPath: try TroupeBinary.troupe())
        troupe.arguments = ["send", "--temperature", "0", "--set", "max_tokens=64", Self.countPrompt]
        troupe.environment = home.environment
        troupe.currentDirectoryURL = URL(fileURLWithPath: home.path)
        let output = Pipe()
        troupe.standardOutput = output
        troupe.standardError = FileHandle.nullDevice
        try troupe.run()
        // Killed while it streams the reply: the server is loaded and answering.
        let line = await readLine(from: output.fileHandleForReading, within: .seconds(60))
        try #require(line != nil, "troupe printed no reply")
        let servers = processes(mentioning: home.serverMarker)
        #expect(servers.count == 1, "\(servers)")
        kill(troupe.processIdentifier, SIGKILL)
        troupe.waitUntilExit()
        #expect(await waitUntilNoProcess(mentioning: home.serverMarker, within: .seconds(3)), "the server outlived a killed troupe")
    }

    @Test func tokensWithTheLocalAPICountsWithTheModelsTokenizer() async throws {
        let fixture = try RealServerFixture.get()
        let api = try await fixture.owner.api()
        let home = try LocalTroupeHome(runtimeDirectory: fixture.runtime.path)
        let text = "Name a colour, with <b>tags</b> & ünïcödé."
        let result = try await TroupeBinary.run(["tokens", "--api", "local"], in: home.path, environment: home.environment, input: text)
        #expect(result.status == 0, "\(result.err)")
        let ids = try await api.tokenize(text, addSpecial: false)
        #expect(ids.count > 5)
        #expect(result.out == "\(ids.count)\n", "\(result.out) \(result.err)")
        let listed = try await TroupeBinary.run(["tokens", "--api", "local", "--ids"], in: home.path, environment: home.environment, input: text)
        #expect(listed.out == ids.map(String.init).joined(separator: " ") + "\n", "\(listed.out)")
    }

    /// The shell on the local model in a real terminal: a streamed answer, exact token counts,
    /// Ctrl-C that stops a reply and frees the server's slot, a switch to another API and back
    /// with the conversation kept, and a saved session that replays unchanged at temperature 0.
    @Test func shellChatsStopsSwitchesAndReplays() async throws {
        guard Tmux.executable != nil else {
            print("skipped: tmux is not installed (CI installs it with Scripts/setup.sh)")
            return
        }
        let fixture = try RealServerFixture.get()
        _ = try await fixture.owner.endpoint()
        let api = try await fixture.owner.api()
        let home = try LocalTroupeHome(runtimeDirectory: fixture.runtime.path)
        let other = try await TestServer.start()
        let serversBefore = processes(mentioning: RealServer.paths.defaultServer)
        let tmux = Tmux()
        defer { tmux.kill() }
        try tmux.start([try TroupeBinary.troupe()], directory: home.path,
                       environment: home.environment.merging(["TERM": "xterm-256color", "VISUAL": "", "EDITOR": ""]) { $1 })

        /// Types `line` and Enter, then waits for the screen to satisfy `condition` with an
        /// empty prompt at the bottom.
        func submit(_ line: String, timeout: Duration = .seconds(60), until condition: @escaping @Sendable (String) -> Bool) async throws -> String {
            try tmux.type(line)
            try tmux.send("Enter")
            return try await tmux.wait(timeout: timeout) { condition($0) && Self.showsEmptyPrompt($0) }
        }
        /// The screen after the last line that is `line` at the prompt.
        @Sendable func after(_ line: String, in screen: String) -> String {
            guard let range = screen.range(of: "> " + line, options: .backwards) else { return "" }
            return String(screen[range.upperBound...])
        }

        let banner = try await tmux.wait { $0.contains("Ctrl-D quits") && Self.showsEmptyPrompt($0) }
        #expect(banner.contains("answering with the local model"), "\(banner)")
        #expect(banner.contains("no key needed"), "\(banner)")
        #expect(!banner.contains("could not be read"), "\(banner)")
        _ = try await submit("/temperature 0") { $0.contains("temperature = 0") }
        _ = try await submit("/set seed 7") { $0.contains("seed = 7") }
        _ = try await submit("/set max_tokens 8") { $0.contains("max_tokens = 8") }

        // A streamed answer with the server's usage in the status line.
        let answered = try await submit(Self.france) { after(Self.france, in: $0).contains(" · local · ") }
        let reply = after(Self.france, in: answered)
        #expect(reply.contains("Paris"), "\(answered)")
        let usage = try #require(reply.firstMatch(of: /(\d+) prompt \+ (\d+) completion tokens/), "\(reply)")

        // /tokens counts with the model's tokenizer what the server counted as prompt_tokens.
        let counted = try await submit("/tokens") { after("/tokens", in: $0).contains("Session, as reported by the API") }
        let table = after("/tokens", in: counted)
        let first = try #require(table.firstMatch(of: /\[1\] user\s+(\d+)/), "\(table)")
        #expect(first.1 == usage.1, "\(table)")
        // llama-server reports the prompt tokens it reused from its cache as cached_tokens.
        #expect(table.contains(try Regex("Session, as reported by the API: \(usage.1) prompt( \\(\\d+ cached\\))? \\+ \(usage.2) completion tokens in 1 request\\(s\\)")), "\(table)")
        #expect(table.contains("Session cost: $0\n"), "\(table)")

        _ = try await submit("/save france") { $0.contains("france.json") }

        // Ctrl-C while the reply streams: the shell stays, the server's slot goes idle.
        _ = try await submit("/set max_tokens 256") { $0.contains("max_tokens = 256") }
        try tmux.type(Self.countPrompt)
        try tmux.send("Enter")
        _ = try await tmux.wait(timeout: .seconds(60), sendingAfterwards: ["C-c"]) { after(Self.countPrompt, in: $0).contains("1") }
        let stopped = try await tmux.wait { $0.contains("[reply cut with Ctrl-C") && Self.showsEmptyPrompt($0) }
        #expect(stopped.contains("[reply cut with Ctrl-C"), "\(stopped)")
        // No usage arrives for a cut reply: the model's own tokenizer counts it (not tiktoken).
        let cutUsage = try #require(
            after(Self.countPrompt, in: stopped).firstMatch(of: /(\d+) prompt \+ (\d+) completion tokens \(counted\)/), "\(stopped)")
        let deadline = ContinuousClock.now + .seconds(10)
        var slots = try await api.slots()
        while slots.contains(where: \.isProcessing), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            slots = try await api.slots()
        }
        #expect(slots.allSatisfy { !$0.isProcessing }, "the stopped reply still holds the server")

        // Another API for one turn, with the conversation so far; then back to the local model.
        _ = try await submit("/set base_url \(other.baseURL)") { $0.contains("base_url = \(other.baseURL)") }
        _ = try await submit("/api openai") { $0.contains("API: openai") }
        let echoed = try await submit("hello there") { after("hello there", in: $0).contains("Echo: hello there") }
        #expect(echoed.contains("Echo: hello there"))
        let sent = try #require(other.lastRequest?.json()?["messages"] as? [[String: Any]])
        let contents = sent.compactMap { $0["content"] as? String }
        #expect(contents.first == Self.france, "\(contents)")
        #expect(contents.count >= 4 && contents[1].contains("Paris"), "\(contents)")
        #expect(contents.last == "hello there")

        _ = try await submit("/api local") { $0.contains("API: local") }
        _ = try await submit("/set max_tokens 8") { after("/api local", in: $0).contains("max_tokens = 8") }
        let italy = "What is the capital of Italy? Answer with one word."
        let local = try await submit(italy) { after(italy, in: $0).contains(" · local · ") }
        #expect(!after(italy, in: local).contains("error"), "\(local)")
        // The local server was sent the whole conversation: its own count covers every message.
        let recount = try await submit("/tokens") { after("/tokens", in: $0).contains("Session, as reported by the API") }
        let rows = after("/tokens", in: recount).matches(of: /\[(\d+)\] (user|assistant)/).count
        #expect(rows == sent.count + 3, "\(recount)")
        // /tokens lists each message's share; the first three add up to the cut turn's prompt.
        let shares = after("/tokens", in: recount).matches(of: /\[(\d+)\] (?:user|assistant)\s+(\d+)/).compactMap { Int($0.2) }
        #expect(shares.prefix(3).reduce(0, +) == Int(cutUsage.1), "\(recount)")

        try tmux.send("C-d")
        _ = try await tmux.wait { _ in (try? tmux.paneIsDead()) == true }
        #expect(processes(mentioning: RealServer.paths.defaultServer) == serversBefore, "the shell used the kept-warm server only")
        try await other.shutdown()

        // The saved turn replays unchanged at temperature 0 with its seed, twice.
        for run in 1...2 {
            let replay = try await TroupeBinary.run(["replay", "france", "--fail-on-change"], in: home.path, environment: home.environment)
            #expect(replay.status == 0, "run \(run): \(replay.out)\n\(replay.err)")
            #expect(replay.out.contains("Replaying france: local/\(LocalModelFile.defaultModelName) → local/\(LocalModelFile.defaultModelName)"), "run \(run): \(replay.out)")
            #expect(replay.out.contains("1 turns: 0 changed, 1 unchanged; 1 requests, 0 from cache"), "run \(run): \(replay.out)")
        }
    }

    static func showsEmptyPrompt(_ screen: String) -> Bool {
        let lines = screen.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        return lines.last(where: { !$0.isEmpty }) == ">"
    }
}
