import Foundation
import Testing
import TroupeTestSupport

/// Replies rendered as Markdown in a real terminal (tmux), and printed as sent elsewhere.
@Suite("Shell: rendered replies", .serialized)
struct ShellRenderingTests {
    func startShell(_ tmux: Tmux, server: TestServerProcess, home: String, environment: [String: String] = [:]) throws {
        try tmux.start(
            [try TroupeBinary.troupe(), "--base-url", "http://127.0.0.1:\(server.port)/v1", "--model", "gpt-4o-mini"],
            directory: home,
            // NO_COLOR empty: colours stay on whatever the test process's environment says.
            environment: ["HOME": home, "OPENAI_API_KEY": "sk-e2e", "TERM": "xterm-256color", "PATH": "/usr/bin:/bin", "NO_COLOR": ""]
                .merging(environment) { _, new in new },
            width: 60)
    }

    /// Colours on the screen, no ``` fences, and prose wrapped at word boundaries to 60 columns.
    @Test func markdownIsRenderedWhileItStreams() async throws {
        guard Tmux.executable != nil else {
            print("skipped: tmux is not installed (CI installs it with Scripts/setup.sh)")
            return
        }
        let server = try TestServerProcess.start(try TroupeBinary.testServer(), arguments: ["--chunk-delay-ms", "5"])
        defer { server.stop() }
        let home = try TroupeBinary.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let tmux = Tmux()
        defer { tmux.kill() }
        try startShell(tmux, server: server, home: home)
        _ = try await tmux.wait { $0.contains("Ctrl-D quits") }
        try tmux.type(TestServer.markdownPrompt)
        try tmux.send("Enter")
        let plain = try await tmux.wait { $0.contains("gpt-4o-mini · openai ·") }
        let colored = try tmux.screenWithColors()

        #expect(!plain.contains("```"), "fences are not shown: \(plain)")
        #expect(!plain.contains("**bold**"), "bold is rendered, not raw: \(plain)")
        #expect(plain.contains("let answer = 42 // the answer"))
        #expect(colored.contains("\u{1B}["), "colours are on the screen")
        // Wrapped at word boundaries: every line of the paragraph fits, and no word is cut.
        let lines = colored.split(separator: "\n").map { String($0) }
        let visible = lines.map(Self.strippingEscapes)
        #expect(visible.allSatisfy { $0.count <= 60 })
        let paragraph = visible.filter { $0.contains("claim") || $0.contains("columns") || $0.contains("broken") }
        #expect(paragraph.count >= 2, "the paragraph wraps: \(visible)")
        for word in ["paragraph", "sixty", "columns", "never", "middle."] {
            #expect(visible.contains { $0.contains(word) }, "\(word) is whole on one line: \(visible)")
        }
        #expect(lines.count > 5)
    }

    static func strippingEscapes(_ line: String) -> String {
        line.replacing(/\u{1B}\[[0-9;]*m/, with: "")
    }

    /// With NO_COLOR the reply is printed byte for byte as sent.
    @Test func noColorPrintsTheReplyAsSent() async throws {
        let server = try TestServerProcess.start(try TroupeBinary.testServer(), arguments: [])
        defer { server.stop() }
        let home = try TroupeBinary.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let result = try await TroupeBinary.run(
            ["--base-url", "http://127.0.0.1:\(server.port)/v1"], in: home,
            environment: ["OPENAI_API_KEY": "sk-e2e"], input: TestServer.markdownPrompt + "\n")
        #expect(result.out == TestServer.markdownReply, "\(result.out)")
    }
}

/// A history file the editor cannot read is kept aside, with a word, never overwritten.
@Suite("Shell: an unreadable history file", .serialized)
struct ShellHistoryFileTests {
    @Test func aFreshHomeStartsQuietlyAndTheNextStartRecallsTheHistory() async throws {
        guard Tmux.executable != nil else {
            print("skipped: tmux is not installed (CI installs it with Scripts/setup.sh)")
            return
        }
        let home = try TroupeBinary.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let directory = home + "/.local/share/troupe"
        for run in 1...2 {
            let tmux = Tmux()
            defer { tmux.kill() }
            try tmux.start(
                [try TroupeBinary.troupe(), "--base-url", "http://127.0.0.1:9/v1"], directory: home,
                environment: ["HOME": home, "NO_COLOR": "1", "TERM": "xterm-256color", "PATH": "/usr/bin:/bin"])
            let screen = try await tmux.wait { $0.contains("Ctrl-D quits") }
            #expect(!screen.contains("could not be read"), "run \(run): \(screen)")
            if run == 1 {
                try tmux.type("/help")
                try tmux.send("Enter")
                _ = try await tmux.wait { $0.contains("/quit") }
            } else {
                try tmux.send("Up")
                let recalled = try await tmux.wait { $0.contains("> /help") }
                #expect(recalled.contains("> /help"), "\(recalled)")
                try tmux.send("C-u")
            }
            try tmux.send("C-d")
            _ = try await tmux.wait { _ in (try? tmux.paneIsDead()) == true }
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: directory)
        #expect(!files.contains { $0.hasPrefix("history.unreadable-") }, "\(files)")
    }

    @Test func anUnreadableHistoryIsKeptAside() async throws {
        guard Tmux.executable != nil else {
            print("skipped: tmux is not installed (CI installs it with Scripts/setup.sh)")
            return
        }
        let home = try TroupeBinary.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let directory = home + "/.local/share/troupe"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let garbage = Data((0..<2000).map { UInt8(($0 * 37 + 11) % 256) })
        try garbage.write(to: URL(fileURLWithPath: directory + "/history"))
        let tmux = Tmux()
        defer { tmux.kill() }
        try tmux.start(
            [try TroupeBinary.troupe(), "--base-url", "http://127.0.0.1:9/v1"], directory: home,
            environment: ["HOME": home, "NO_COLOR": "1", "TERM": "xterm-256color", "PATH": "/usr/bin:/bin"])
        let screen = try await tmux.wait { $0.contains("Ctrl-D quits") }
        #expect(screen.contains("could not be read; it was kept as"), "\(screen)")
        try tmux.send("C-d")
        _ = try await tmux.wait { _ in (try? tmux.paneIsDead()) == true }
        let kept = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix("history.unreadable-") }
        #expect(kept.count == 1)
        if let name = kept.first {
            #expect(try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name)) == garbage)
        }
    }
}
