import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How a child process ended.
public enum ChildExit: Sendable, Hashable, CustomStringConvertible {
    /// It exited with this status.
    case exited(Int32)
    /// A signal ended it (e.g. 4, SIGILL, for a build using instructions this CPU lacks).
    case signalled(Int32)
    /// Something else in this process reaped it, so the status is lost.
    case unknown

    /// The status a shell would show: the exit code, or 128 + the signal.
    public var shellStatus: Int32 {
        switch self {
        case .exited(let code): code
        case .signalled(let signal): 128 + signal
        case .unknown: -1
        }
    }

    public var description: String {
        switch self {
        case .exited(let code): "exited with status \(code)"
        case .signalled(let signal): "was killed by signal \(signal)\(Self.signalNames[signal].map { " (\($0))" } ?? "")"
        case .unknown: "exited"
        }
    }

    private static let signalNames: [Int32: String] = [
        1: "SIGHUP", 2: "SIGINT", 4: "SIGILL", 6: "SIGABRT", 7: "SIGBUS", 8: "SIGFPE", 9: "SIGKILL",
        11: "SIGSEGV", 13: "SIGPIPE", 15: "SIGTERM",
    ]

    /// Decodes a `waitpid` status (the W* macros, which Swift does not import).
    init(waitStatus status: Int32) {
        let signal = status & 0x7f
        self = signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
    }
}

/// A child process started with `posix_spawn` from the ``SpawnThread``, reaped by a thread
/// of its own that blocks in `waitpid`.
///
/// Hand-written rather than Foundation's `Process`: that cannot put the child in its own
/// process group (needed so the terminal's Ctrl-C, meant for troupe, does not also stop the
/// server), cannot choose the spawning thread, and hides file descriptor inheritance.
final class ChildProcess: Sendable {
    let pid: Int32
    private let state = Mutex(State())

    private struct State {
        var exit: ChildExit?
        var waiters: [CheckedContinuation<ChildExit, Never>] = []
    }

    private init(pid: Int32) {
        self.pid = pid
    }

    /// Starts `executable` (an absolute path) in a new process group, with every signal at its
    /// default disposition and none blocked.
    /// - Parameters:
    ///   - standardInput: a descriptor the child reads as fd 0 (else /dev/null).
    ///   - output: a descriptor the child writes as fds 1 and 2 (else /dev/null).
    /// - Throws: ``SystemError`` with `posix_spawn`'s error (e.g. ENOENT, EACCES).
    static func spawn(
        _ executable: String,
        arguments: [String],
        environment: [String: String],
        standardInput: Int32? = nil,
        output: Int32? = nil
    ) async throws -> ChildProcess {
        let pid = try await SpawnThread.shared.perform {
            try spawnNow(executable, arguments: arguments, environment: environment, standardInput: standardInput, output: output)
        }
        let child = ChildProcess(pid: pid)
        Thread { [child] in
            nameCurrentThread("troupe-reap")
            child.reap()
        }.start()
        return child
    }

    /// How the process ended; nil while it runs.
    var exitStatus: ChildExit? { state.withLock { $0.exit } }

    /// Waits until the process has ended.
    func waitForExit() async -> ChildExit {
        await withCheckedContinuation { continuation in
            let done: ChildExit? = state.withLock { state in
                if let exit = state.exit { return exit }
                state.waiters.append(continuation)
                return nil
            }
            if let done { continuation.resume(returning: done) }
        }
    }

    /// Waits up to `timeout` for the process to end; nil if it still runs.
    func waitForExit(within timeout: Duration) async -> ChildExit? {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let exit = exitStatus { return exit }
            if ContinuousClock.now >= deadline { return nil }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Sends `signal` unless the process has already been reaped (its pid may be reused).
    func send(_ signal: Int32) {
        state.withLock { state in
            if state.exit == nil { kill(pid, signal) }
        }
    }

    /// SIGTERM, then SIGKILL if it still runs after `grace`; returns once it has ended.
    @discardableResult
    func terminate(grace: Duration = .seconds(2)) async -> ChildExit {
        send(SIGTERM)
        if let exit = await waitForExit(within: grace) { return exit }
        send(SIGKILL)
        return await waitForExit()
    }

    private func reap() {
        var status: Int32 = 0
        var result: Int32
        repeat {
            result = waitpid(pid, &status, 0)
        } while result == -1 && errno == EINTR
        let exit = result == pid ? ChildExit(waitStatus: status) : .unknown
        let waiters = state.withLock { state in
            state.exit = exit
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(returning: exit) }
    }
}

extension ChildProcess {
    /// The `posix_spawn` call itself; runs on the spawn thread (tests call it elsewhere to
    /// show why).
    static func spawnNow(
        _ executable: String,
        arguments: [String],
        environment: [String: String],
        standardInput: Int32?,
        output: Int32?
    ) throws -> Int32 {
        #if canImport(Darwin)
        var actions: posix_spawn_file_actions_t?
        var attributes: posix_spawnattr_t?
        #else
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }

        if let standardInput {
            posix_spawn_file_actions_adddup2(&actions, standardInput, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        if let output {
            posix_spawn_file_actions_adddup2(&actions, output, 1)
            posix_spawn_file_actions_adddup2(&actions, output, 2)
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
        #if os(Linux)
        // Descriptors another part of this process opened without close-on-exec (a file being
        // written, a socket) must not live on in the server for its whole life. Added after
        // the dup2s, which read descriptors this closes.
        if let closeFrom = closeFromAction { _ = closeFrom(&actions, 3) }
        #endif

        // Ignored signals and the signal mask are inherited through exec; the server must see
        // SIGTERM and SIGPIPE as a normal program does.
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGHUP, SIGINT, SIGQUIT, SIGPIPE, SIGTERM, SIGCHLD, SIGUSR1, SIGUSR2] {
            sigaddset(&defaults, signal)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        // A process group of its own: Ctrl-C at the terminal goes to troupe's group only.
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard result == 0 else { throw SystemError(result) }
        return pid
    }

    #if os(Linux)
    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+), looked up at run time: Swift's
    /// Glibc module does not show it, and an older glibc does not have it (then only
    /// close-on-exec protects the child).
    private static let closeFromAction: CloseFrom? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: CloseFrom.self)
    }()
    #endif

    /// A pipe whose both ends are close-on-exec, so no child inherits them unless a spawn
    /// explicitly maps one onto its standard descriptors. Made on the spawn thread: Glibc's
    /// `pipe2` is not visible to Swift, and between `pipe` and `fcntl` no spawn of ours can run.
    static func makePipe() async throws -> (read: Int32, write: Int32) {
        try await SpawnThread.shared.perform {
            var fds: [Int32] = [-1, -1]
            guard pipe(&fds) == 0 else { throw SystemError(errno) }
            _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
            _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
            return (fds[0], fds[1])
        }
    }
}
