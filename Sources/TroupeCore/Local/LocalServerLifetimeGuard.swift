import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How a server is tied to the life of the process that started it, so that it never outlives
/// it, SIGKILL included.
public enum LocalServerLifetimeGuard: Sendable, Hashable, CustomStringConvertible {
    /// The server runs as `setpriv --pdeathsig KILL -- server ...` (util-linux): the kernel
    /// kills it when this process dies. setpriv execs the server, so the pid stays the same.
    case setpriv(path: String)
    /// A watcher shell (`sh -c 'read -r _; kill -KILL PID'`) reads a pipe whose only write end
    /// this process holds; when this process dies the kernel closes it, `read` sees the end of
    /// file and the watcher kills the server. For systems without setpriv.
    case watcher(shell: String)

    public var description: String {
        switch self {
        case .setpriv(let path): "\(path) --pdeathsig KILL"
        case .watcher(let shell): "a watcher (\(shell))"
        }
    }

    private static let probed = Mutex<LocalServerLifetimeGuard?>(nil)

    /// setpriv when `/usr/bin/setpriv` (or one on `PATH`) accepts `--pdeathsig` (checked once
    /// per process by running `setpriv --pdeathsig KILL -- /bin/sh -c :`), else the watcher.
    public static func automatic(searchPath: [String] = LocalPaths().searchPath) async -> LocalServerLifetimeGuard {
        if let known = probed.withLock({ $0 }) { return known }
        var chosen = LocalServerLifetimeGuard.watcher(shell: "/bin/sh")
        let candidates = ["/usr/bin/setpriv"] + searchPath.map { LocalPaths.join($0, "setpriv") }
        if let setpriv = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }),
            let probe = try? await ChildProcess.spawn(setpriv, arguments: ["--pdeathsig", "KILL", "--", "/bin/sh", "-c", ":"], environment: [:]),
            await probe.waitForExit(within: .seconds(5)) == .exited(0)
        {
            chosen = .setpriv(path: setpriv)
        }
        probed.withLock { $0 = chosen }
        return chosen
    }
}

/// A running guard: nothing for setpriv; the watcher process and the pipe's write end otherwise.
final class LifetimeGuardHandle: Sendable {
    private let watcher: ChildProcess?
    private let writeEnd: Mutex<Int32?>

    private init(watcher: ChildProcess?, writeEnd: Int32?) {
        self.watcher = watcher
        self.writeEnd = Mutex(writeEnd)
    }

    /// For setpriv: the kernel does the work.
    static let none = LifetimeGuardHandle(watcher: nil, writeEnd: nil)

    /// Starts a watcher that kills `pid` when this process dies.
    static func watch(_ pid: Int32, shell: String) async throws -> LifetimeGuardHandle {
        let pipe = try await ChildProcess.makePipe()
        let watcher: ChildProcess
        do {
            // `read` blocks until the pipe ends (troupe died, or closed it after killing the
            // watcher on a normal stop). Nothing is ever written.
            watcher = try await ChildProcess.spawn(
                shell,
                arguments: ["-c", "read -r _; kill -KILL \"$1\" 2>/dev/null", "troupe-local-watcher", String(pid)],
                environment: ["PATH": "/usr/bin:/bin"],
                standardInput: pipe.read
            )
        } catch {
            close(pipe.read)
            close(pipe.write)
            throw error
        }
        close(pipe.read)
        return LifetimeGuardHandle(watcher: watcher, writeEnd: pipe.write)
    }

    /// The watcher's pid, if there is one (tests).
    var watcherPID: Int32? { watcher?.pid }

    /// Ends the watcher without letting it fire: kill it first, then close the pipe.
    func release() async {
        if let watcher {
            watcher.send(SIGKILL)
            _ = await watcher.waitForExit()
        }
        closeWriteEnd()
    }

    private func closeWriteEnd() {
        writeEnd.withLock { fd in
            if let open = fd { close(open) }
            fd = nil
        }
    }

    deinit {
        // Dropped without release (the owner went away): the pipe closing makes the watcher
        // kill the server, which is what an abandoned server should get.
        closeWriteEnd()
    }
}
