import Foundation

/// Drives a private tmux server: a real terminal for end-to-end tests of the shell.
struct Tmux: Sendable {
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

    /// Runs one tmux command and returns what it printed.
    ///
    /// Spawned with `posix_spawn` and reaped with `waitpid`, not with `Process`: the tmux
    /// server that `new-session` forks inherits the descriptors Foundation uses to notice that
    /// a child ended, so `Process.waitUntilExit()` would never return.
    @discardableResult
    func run(_ arguments: [String]) throws -> String {
        let outputPath = NSTemporaryDirectory() + "tmux-out-\(UUID().uuidString)"
        defer { unlink(outputPath) }
        let argv = [Tmux.executable ?? "/usr/bin/tmux", "-L", socket, "-f", "/dev/null"] + arguments
        let environment = ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // The calling thread (a dispatch worker) blocks most signals; the tmux server must
        // not inherit that, or `kill-server` would not end it.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t(), allSignals = sigset_t()
        sigemptyset(&noSignals)
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid = pid_t()
        let status = withCStrings(argv) { cArguments in
            withCStrings(environment) { cEnvironment in
                posix_spawn(&pid, argv[0], &actions, &attributes, cArguments, cEnvironment)
            }
        }
        guard status == 0 else { throw TmuxError.cannotStart(errno: status) }
        var exitStatus: Int32 = 0
        while waitpid(pid, &exitStatus, 0) == -1, errno == EINTR {}
        return (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    }

    /// Starts `command` in a detached session (120×40 unless told), in `directory`, with `environment`.
    /// tmux hands its own environment on, so the XDG folders are set inside `HOME` unless
    /// given: a test never writes the user's log, history or cache whatever `swift test` runs with.
    func start(_ command: [String], directory: String, environment: [String: String], width: Int = 120, height: Int = 40) throws {
        var environment = environment
        if let home = environment["HOME"] {
            for (name, folder) in [("XDG_DATA_HOME", "/.local/share"), ("XDG_CONFIG_HOME", "/.config"), ("XDG_CACHE_HOME", "/.cache")]
            where environment[name] == nil {
                environment[name] = home + folder
            }
        }
        let env = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\(Tmux.quote($0.value))" }
        let line = (["env"] + env + command.map(Tmux.quote)).joined(separator: " ")
        try run(["new-session", "-d", "-s", session, "-x", "\(width)", "-y", "\(height)", "-c", directory, line])
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

    /// The screen with its colour escapes (`capture-pane -e`), lines as shown (not joined).
    func screenWithColors() throws -> String {
        try run(["capture-pane", "-p", "-e", "-t", session, "-S", "-200"])
    }

    /// Waits until the screen satisfies `condition`, polling every 50 ms, at most `timeout`,
    /// then sends `keys` (tmux key names) at once; returns the screen that satisfied it (or the
    /// last one seen).
    ///
    /// The polling runs on a thread of its own, not on the test's concurrency pool: other
    /// suites keep that pool busy, and a screen read late would miss what it is meant to see
    /// (a reply while it streams) or a key sent late would come after its moment (Ctrl-C
    /// during a reply).
    func wait(
        timeout: Duration = .seconds(30), sendingAfterwards keys: [String] = [],
        until condition: @escaping @Sendable (String) -> Bool
    ) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                do {
                    let deadline = ContinuousClock.now + timeout
                    var text = try screen()
                    while !condition(text), ContinuousClock.now < deadline {
                        usleep(50_000)
                        text = try screen()
                    }
                    if condition(text), !keys.isEmpty {
                        try run(["send-keys", "-t", session] + keys)
                    }
                    continuation.resume(returning: text)
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.start()
        }
    }

    /// Sends bytes as they are (`send-keys -H`), e.g. a key's escape sequence.
    func sendBytes(_ text: String) throws {
        try run(["send-keys", "-t", session, "-H"] + text.utf8.map { String($0, radix: 16) })
    }

    /// Pastes `text` as a terminal does with bracketed paste on (`paste-buffer -p`; tmux sends
    /// each line break as CR).
    func paste(_ text: String) throws {
        try run(["set-buffer", "-b", "e2e-paste", "--", text])
        try run(["paste-buffer", "-p", "-d", "-b", "e2e-paste", "-t", session])
    }

    /// The visible screen only, wrapped rows joined.
    func visibleScreen() throws -> String {
        try run(["capture-pane", "-p", "-J", "-t", session])
    }

    /// Resizes the window, as a pane split beside it would.
    func resize(width: Int, height: Int) throws {
        try run(["resize-window", "-t", session, "-x", "\(width)", "-y", "\(height)"])
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

enum TmuxError: Error, CustomStringConvertible {
    case cannotStart(errno: Int32)

    var description: String {
        switch self {
        case .cannotStart(let code): "cannot start tmux: \(String(cString: strerror(code)))"
        }
    }
}

/// Calls `body` with a NULL-terminated C array of copies of `strings`.
private func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
    let pointers = strings.map { strdup($0) } + [nil]
    defer { pointers.forEach { free($0) } }
    return body(pointers)
}
