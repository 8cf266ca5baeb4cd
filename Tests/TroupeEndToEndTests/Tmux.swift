import Foundation

/// Drives a private tmux server: a real terminal for end-to-end tests of the shell.
struct Tmux {
    let socket = "troupe-e2e-\(UUID().uuidString.prefix(8))"
    let session = "shell"

    /// The tmux binary, or nil when it is not installed.
    static let executable: String? = {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(directory)/tmux"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }()

    @discardableResult
    func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Tmux.executable ?? "/usr/bin/tmux")
        process.arguments = ["-L", socket, "-f", "/dev/null"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// Starts `command` in a detached 120×40 session, in `directory`, with `environment`.
    func start(_ command: [String], directory: String, environment: [String: String]) throws {
        let env = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\(Tmux.quote($0.value))" }
        let line = (["env"] + env + command.map(Tmux.quote)).joined(separator: " ")
        try run(["new-session", "-d", "-s", session, "-x", "120", "-y", "40", "-c", directory, line])
        try run(["set-option", "-t", session, "remain-on-exit", "on"])
    }

    /// Sends keys as tmux names them (`Enter`, `Up`, `Tab`, `C-c`, `C-d`) or literal text.
    func send(_ keys: String...) throws {
        try run(["send-keys", "-t", session] + keys)
    }

    /// Types literal text (no key names).
    func type(_ text: String) throws {
        try run(["send-keys", "-t", session, "-l", text])
    }

    /// The visible screen and the scroll-back.
    func screen() throws -> String {
        try run(["capture-pane", "-p", "-J", "-t", session, "-S", "-200"])
    }

    /// Waits until the screen satisfies `condition`, polling every 50 ms, at most `timeout`.
    func wait(
        timeout: Duration = .seconds(10), until condition: (String) -> Bool
    ) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        var text = try screen()
        while !condition(text) {
            if ContinuousClock.now > deadline { return text }
            try await Task.sleep(for: .milliseconds(50))
            text = try screen()
        }
        return text
    }

    /// True once the command in the session has exited.
    func paneIsDead() throws -> Bool {
        try run(["display-message", "-p", "-t", session, "#{pane_dead}"]).trimmingCharacters(in: .whitespacesAndNewlines) == "1"
    }

    func kill() {
        _ = try? run(["kill-server"])
    }

    static func quote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
