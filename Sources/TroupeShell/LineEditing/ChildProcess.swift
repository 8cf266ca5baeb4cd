import Foundation

/// Runs a program to completion with `posix_spawn`, on the shell's own terminal or with its
/// standard input fed from memory.
///
/// Not `Foundation.Process`: that one gives the child fresh pipes or files unless told
/// otherwise and reaps it on a run loop; here the child must share the terminal (an editor)
/// and start with no blocked signals (the calling thread, a dispatch worker, blocks most).
enum ChildProcess {
    /// How a run ended.
    enum Outcome: Sendable, Equatable {
        case exited(Int32)
        case signalled(Int32)
    }

    /// Runs `arguments[0]` (searched in `PATH`) with `arguments` and `environment`.
    /// - Parameters:
    ///   - input: bytes for its standard input; nil shares the shell's.
    ///   - quiet: sends its standard output and error to /dev/null.
    /// - Returns: how it ended, or the `errno` of a failed start.
    static func run(
        _ arguments: [String], environment: [String: String], input: [UInt8]? = nil, quiet: Bool = false
    ) -> Result<Outcome, SpawnError> {
        guard let program = arguments.first else { return .failure(SpawnError(code: EINVAL)) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var inputPipe: [Int32] = [-1, -1]
        if input != nil {
            guard pipe(&inputPipe) == 0 else { return .failure(SpawnError(code: errno)) }
            posix_spawn_file_actions_adddup2(&actions, inputPipe[0], STDIN_FILENO)
            posix_spawn_file_actions_addclose(&actions, inputPipe[1])
        }
        if quiet {
            posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t(), allSignals = sigset_t()
        sigemptyset(&noSignals)
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let environmentLines = environment.map { "\($0.key)=\($0.value)" }
        var pid = pid_t()
        let status = withCStrings(arguments) { argv in
            withCStrings(environmentLines) { envp in
                posix_spawnp(&pid, program, &actions, &attributes, argv, envp)
            }
        }
        if input != nil { close(inputPipe[0]) }
        guard status == 0 else {
            if input != nil { close(inputPipe[1]) }
            return .failure(SpawnError(code: status))
        }
        if let input {
            // A child that stops reading must not stop the shell with SIGPIPE.
            let previous = signal(SIGPIPE, SIG_IGN)
            writeAll(input, to: inputPipe[1])
            close(inputPipe[1])
            signal(SIGPIPE, previous)
        }
        var exitStatus: Int32 = 0
        while waitpid(pid, &exitStatus, 0) == -1 {
            if errno != EINTR { return .failure(SpawnError(code: errno)) }
        }
        // WIFEXITED / WEXITSTATUS / WTERMSIG are macros Swift does not import.
        let signalNumber = exitStatus & 0x7F
        return .success(signalNumber == 0 ? .exited((exitStatus >> 8) & 0xFF) : .signalled(signalNumber))
    }

    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBufferPointer { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
    }

    /// Calls `body` with a NULL-terminated C array of copies of `strings`.
    private static func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
        let pointers = strings.map { strdup($0) } + [nil]
        defer { pointers.forEach { free($0) } }
        return body(pointers)
    }
}

/// A program could not be started; carries `errno`.
struct SpawnError: Error, Sendable, Equatable {
    var code: Int32

    var reason: String { String(cString: strerror(code)) }
}
