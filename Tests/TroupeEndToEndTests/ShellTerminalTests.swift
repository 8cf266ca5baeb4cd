import Foundation
import Testing

/// The real `troupe` binary in a real terminal (tmux) against the `troupe-test-server`
/// executable: streaming, history, completion, Ctrl-C and quitting.
@Suite("Shell in a terminal", .serialized)
struct ShellTerminalTests {
    @Test func typeStreamRecallCompleteInterruptAndQuit() async throws {
        guard Tmux.executable != nil else {
            print("skipped: tmux is not installed (CI installs it with Scripts/setup.sh)")
            return
        }
        let server = try TestServerProcess.start(try TroupeBinary.testServer(), arguments: ["--chunks", "80", "--chunk-delay-ms", "75"])
        defer { server.stop() }

        let home = try TroupeBinary.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let configFile = home + "/test-config.ini"
        try "[OpenAI]\nMAX_ATTEMPTS=1\nWAITING_TIME=0\nCACHE_API_CALLS=False\n".write(toFile: configFile, atomically: true, encoding: .utf8)

        let tmux = Tmux()
        defer { tmux.kill() }
        try tmux.start(
            [try TroupeBinary.troupe(), "--base-url", "http://127.0.0.1:\(server.port)/v1", "--model", "gpt-4o-mini",
             "--config", configFile],
            directory: home,
            environment: ["HOME": home, "OPENAI_API_KEY": "sk-e2e", "NO_COLOR": "1", "TERM": "xterm-256color",
                          "PATH": "/usr/bin:/bin"])

        // The prompt appears.
        var screen = try await tmux.wait { $0.contains("Ctrl-D quits") }
        #expect(screen.contains("troupe · gpt-4o-mini on openai"), "\(screen)")

        // A message: the reply streams in (80 chunks, 75 ms apart: 6 s, long enough to be seen streaming on a busy machine), then the status line.
        try tmux.type("hello there")
        try tmux.send("Enter")
        screen = try await tmux.wait(timeout: .seconds(5)) { $0.contains("Echo:") }
        #expect(screen.contains("Echo:"), "the reply should start streaming: \(screen)")
        #expect(!screen.contains("gpt-4o-mini · openai ·"), "the reply should still be streaming: \(screen)")
        screen = try await tmux.wait { $0.contains("gpt-4o-mini · openai ·") && Self.showsEmptyPrompt($0) }
        #expect(screen.contains("prompt +"), "\(screen)")

        // History: Up recalls the last line, Enter sends it again.
        try tmux.send("Up")
        screen = try await tmux.wait { $0.components(separatedBy: "> hello there").count >= 3 }
        #expect(screen.components(separatedBy: "> hello there").count >= 3, "Up should recall the line: \(screen)")
        try tmux.send("C-u")

        // Tab completion of a command and of its argument.
        try tmux.type("/mod")
        try tmux.send("Tab")
        screen = try await tmux.wait { $0.contains("> /model ") }
        #expect(screen.contains("> /model "), "Tab should complete /model: \(screen)")
        try tmux.type("gpt-4.1-n")
        try tmux.send("Tab")
        try tmux.send("Enter")
        screen = try await tmux.wait { $0.contains("model = gpt-4.1-nano (this session)") && Self.showsEmptyPrompt($0) }
        #expect(screen.contains("model = gpt-4.1-nano (this session)"), "\(screen)")

        // Tab completes template names (the built-in persona.system here).
        try tmux.type("/render persona.sy")
        try tmux.send("Tab")
        screen = try await tmux.wait { $0.contains("> /render persona.system ") }
        #expect(screen.contains("> /render persona.system "), "Tab should complete the template: \(screen)")
        try tmux.send("C-u")

        // Ctrl-C during a long reply stops it and keeps the part that arrived.
        try tmux.type("tell me a long story please")
        try tmux.send("Enter")
        // Ctrl-C as soon as the reply shows, and an impatient second one that stops nothing
        // more, and never the shell.
        screen = try await tmux.wait(sendingAfterwards: ["C-c", "C-c"]) { $0.contains("Echo: tell me") }
        #expect(!screen.contains("gpt-4.1-nano · openai ·"), "Ctrl-C should come while the reply streams: \(screen)")
        // Waits for the status line and the next prompt: a second Ctrl-C sent before libedit
        // has the terminal again would only reach the finished reply.
        screen = try await tmux.wait { $0.contains("· cut") && Self.showsEmptyPrompt($0) }
        #expect(screen.contains("[reply cut with Ctrl-C"), "\(screen)")
        #expect(screen.contains("· cut"), "\(screen)")
        #expect(Self.showsEmptyPrompt(screen), "\(screen)")

        // Ctrl-C at an empty prompt does not quit.
        let before = Self.notices(screen)
        try tmux.send("C-c")
        screen = try await tmux.wait { Self.notices($0) > before }
        #expect(Self.notices(screen) > before, "\(screen)")
        #expect(try !tmux.paneIsDead())

        // /history shows the cut reply; Ctrl-D quits.
        try tmux.type("/history")
        try tmux.send("Enter")
        screen = try await tmux.wait { $0.contains("assistant (cut)") && Self.showsEmptyPrompt($0) }
        #expect(screen.contains("assistant (cut)"), "\(screen)")
        try tmux.send("C-d")
        let deadline = ContinuousClock.now + .seconds(5)
        while try !tmux.paneIsDead(), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(try tmux.paneIsDead(), "Ctrl-D should quit")

        // The history file was written, readable by its owner only.
        let historyPath = home + "/.local/share/troupe/history"
        let attributes = try FileManager.default.attributesOfItem(atPath: historyPath)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let history = try String(contentsOfFile: historyPath, encoding: .utf8)
        #expect(history.contains("hello"))
        #expect(history.contains("/model"))
    }

    /// How many times the screen says that Ctrl-C does not quit.
    static func notices(_ screen: String) -> Int {
        screen.components(separatedBy: "Ctrl-C does not quit").count - 1
    }

    /// True when the last non-blank line on the screen is an empty prompt. Keys are sent only
    /// then: before it, the terminal is still in cooked mode and would echo or change them.
    static func showsEmptyPrompt(_ screen: String) -> Bool {
        let lines = screen.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        return lines.last(where: { !$0.isEmpty }) == ">"
    }

    @Test func pipedInputRunsCommandsWithoutPromptsOrColours() async throws {
        let server = try TestServerProcess.start(try TroupeBinary.testServer(), arguments: [])
        defer { server.stop() }
        let home = try TroupeBinary.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }

        let result = try await TroupeBinary.run(
            ["--base-url", "http://127.0.0.1:\(server.port)/v1"], in: home,
            environment: ["OPENAI_API_KEY": "sk-e2e", "TERM": "xterm-256color", "NO_COLOR": ""],
            input: "/model gpt-4o\nhello\n")
        let text = result.out

        #expect(result.status == 0, "\(result.err)")
        // Standard output gets the replies only; notes and the status line go to standard error,
        // so `printf 'hi\n' | troupe > out.txt` captures the replies.
        #expect(text == "Echo: hello\n", "\(text)")
        #expect(result.err.hasPrefix("model = gpt-4o (this session)\ngpt-4o · openai · "), "\(result.err)")
        #expect(!(text + result.err).contains("\u{1B}["), "no colours when not on a terminal")
        #expect(!(text + result.err).contains("> "), "no prompts when not on a terminal")
    }
}

/// `troupe-test-server` running as a child process.
final class TestServerProcess: @unchecked Sendable {
    let process: Process
    let port: Int

    private init(process: Process, port: Int) {
        self.process = process
        self.port = port
    }

    /// Starts the server and reads its `PORT=<n>` line.
    static func start(_ path: String, arguments: [String]) throws -> TestServerProcess {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments + ["--exit-after", "120"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        var buffer = Data()
        while !buffer.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
        }
        let line = String(decoding: buffer, as: UTF8.self)
        guard let portText = line.split(separator: "\n").first?.split(separator: "=").last, let port = Int(portText) else {
            process.terminate()
            throw TestServerProcessError.noPort(line)
        }
        return TestServerProcess(process: process, port: port)
    }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }
}

enum TestServerProcessError: Error, CustomStringConvertible {
    case noPort(String)

    var description: String {
        switch self {
        case .noPort(let text): "troupe-test-server did not print PORT=<n>; it printed: \(text)"
        }
    }
}
