import Foundation

/// `troupe` in a tmux terminal against a `troupe-test-server`, with a home directory of its
/// own: the set-up the editing tests share.
struct TerminalShell {
    let tmux: Tmux
    let server: TestServerProcess
    let home: String

    /// Starts the server and troupe, and waits for the first prompt; nil (after printing why)
    /// when tmux is not installed.
    /// - Parameter thenRun: a shell command run in the same terminal once troupe has exited.
    static func start(
        serverArguments: [String] = [], environment: [String: String] = [:], width: Int = 120, height: Int = 40,
        thenRun: String? = nil
    ) async throws -> TerminalShell? {
        guard Tmux.executable != nil else {
            print("skipped: tmux is not installed (CI installs it with Scripts/setup.sh)")
            return nil
        }
        let server = try TestServerProcess.start(try TroupeBinary.testServer(), arguments: serverArguments)
        let home = try TroupeBinary.scratchDirectory()
        let configFile = home + "/test-config.ini"
        try "[OpenAI]\nMAX_ATTEMPTS=1\nWAITING_TIME=0\nCACHE_API_CALLS=False\n".write(toFile: configFile, atomically: true, encoding: .utf8)
        let tmux = Tmux()
        let shell = TerminalShell(tmux: tmux, server: server, home: home)
        do {
            let troupe = [try TroupeBinary.troupe(), "--base-url", "http://127.0.0.1:\(server.port)/v1", "--model", "gpt-4o-mini",
                          "--config", configFile]
            try tmux.start(
                thenRun.map { ["/bin/sh", "-c", "\"$0\" \"$@\"; exec \($0)"] + troupe } ?? troupe,
                directory: home,
                environment: ["HOME": home, "OPENAI_API_KEY": "sk-e2e", "NO_COLOR": "1", "TERM": "xterm-256color",
                              "PATH": "/usr/bin:/bin", "VISUAL": "", "EDITOR": ""].merging(environment) { $1 },
                width: width, height: height)
            _ = try await tmux.wait { ShellTerminalTests.showsEmptyPrompt($0) }
        } catch {
            shell.stop()
            throw error
        }
        return shell
    }

    func stop() {
        tmux.kill()
        server.stop()
        try? FileManager.default.removeItem(atPath: home)
    }

    /// Waits until the screen's last non-blank line is an empty prompt.
    @discardableResult
    func waitForEmptyPrompt(after condition: @escaping @Sendable (String) -> Bool = { _ in true }) async throws -> String {
        try await tmux.wait { condition($0) && ShellTerminalTests.showsEmptyPrompt($0) }
    }

    /// Waits until the screen's last prompt line (and what follows it) is `text`.
    @discardableResult
    func waitForInput(_ text: String) async throws -> String {
        try await tmux.wait { Self.input(on: $0) == text }
    }

    /// The text after the last `> ` prompt on the screen, rows after it included (a line with
    /// line breaks), trailing blanks dropped.
    static func input(on screen: String) -> String? {
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map {
            String($0.reversed().drop { $0 == " " }.reversed())
        }
        guard let last = lines.lastIndex(where: { $0.hasPrefix("> ") || $0 == ">" }) else { return nil }
        var input = Array(lines[last...])
        while input.last?.isEmpty == true { input.removeLast() }
        input[0] = String(input[0].dropFirst(2))
        return input.joined(separator: "\n")
    }

    /// How many times `text` occurs on the screen.
    static func count(_ text: String, in screen: String) -> Int {
        screen.components(separatedBy: text).count - 1
    }
}
