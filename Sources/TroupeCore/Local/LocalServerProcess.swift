import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a running local server answers, and with which key.
public struct LocalEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// The server's root, e.g. `http://127.0.0.1:41234` (`/health`, `/props`, `/tokenize`).
    public var baseURL: String
    /// The key every request but `/health` must carry (`Authorization: Bearer KEY`).
    public var apiKey: String
    /// The port on 127.0.0.1.
    public var port: Int
    /// The server's process id.
    public var pid: Int32
    /// The model file it serves.
    public var modelPath: String

    /// The endpoint of a server on 127.0.0.1:`port`.
    public init(port: Int, apiKey: String, pid: Int32, modelPath: String) {
        baseURL = "http://127.0.0.1:\(port)"
        self.apiKey = apiKey
        self.port = port
        self.pid = pid
        self.modelPath = modelPath
    }

    /// The base URL an OpenAI-compatible client takes (`.../v1`).
    public var openAIBaseURL: String { baseURL + "/v1" }

    /// The header that authenticates a request.
    public var authorization: (name: String, value: String) { ("Authorization", "Bearer \(apiKey)") }

    /// The endpoint without its key (safe to log).
    public var description: String { "\(baseURL) (pid \(pid), \((modelPath as NSString).lastPathComponent))" }
}

/// One llama-server process this process started: its endpoint, its output tail, its end.
///
/// Stopped by ``stop(grace:)``; if it is released while running it gets SIGTERM, then SIGKILL
/// after 2 s. Its lifetime guard is released when it ends, however it ends.
public final class LocalServerProcess: Sendable {
    /// Where it answers, with which key.
    public let endpoint: LocalEndpoint
    /// When the process was launched.
    public let startedAt: Date
    /// How it is tied to this process's life.
    public let lifetimeGuard: LocalServerLifetimeGuard
    let child: ChildProcess
    let output: OutputCapture
    let guardHandle: LifetimeGuardHandle

    init(endpoint: LocalEndpoint, child: ChildProcess, output: OutputCapture, lifetimeGuard: LocalServerLifetimeGuard, guardHandle: LifetimeGuardHandle) {
        self.endpoint = endpoint
        startedAt = Date()
        self.lifetimeGuard = lifetimeGuard
        self.child = child
        self.output = output
        self.guardHandle = guardHandle
        // Whatever ends the server (a stop, a crash), the watcher goes with it.
        Task { [child, guardHandle] in
            _ = await child.waitForExit()
            await guardHandle.release()
        }
    }

    /// The server's process id.
    public var pid: Int32 { child.pid }

    /// How it ended; nil while it runs.
    public var exitStatus: ChildExit? { child.exitStatus }

    /// Whether it still runs.
    public var isRunning: Bool { child.exitStatus == nil }

    /// Its last output lines (stdout and stderr, at most 50).
    public var outputTail: [String] { output.lines }

    /// The pid of the watcher process, when the guard is a watcher.
    public var watcherPID: Int32? { guardHandle.watcherPID }

    /// Waits until it ends by itself (or is stopped).
    public func waitForExit() async -> ChildExit {
        await child.waitForExit()
    }

    /// SIGTERM, then SIGKILL after `grace`; returns how it ended.
    @discardableResult
    public func stop(grace: Duration = .seconds(2)) async -> ChildExit {
        let exit = await child.terminate(grace: grace)
        await guardHandle.release()
        return exit
    }

    /// SIGTERM now and SIGKILL 2 s later if it still runs, without waiting (for deinits).
    func stopInBackground() {
        guard child.exitStatus == nil else { return }
        child.send(SIGTERM)
        Thread { [child] in
            Thread.sleep(forTimeInterval: 2)
            child.send(SIGKILL)
        }.start()
    }

    deinit {
        stopInBackground()
    }
}
