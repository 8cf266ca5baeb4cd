import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Starts one llama-server and waits until it is ready.
///
/// Checks the model (exists, GGUF, pinned hash for the installed default) and the server
/// program before anything is started, picks a free port on 127.0.0.1, makes a fresh API key
/// (passed as LLAMA_API_KEY in the environment, never in argv), ties the server to this
/// process's life (setpriv or a watcher), captures its output, and polls `/health` as
/// ``LocalServerStartup`` decides.
public struct LocalServerLauncher: Sendable {
    /// What to start.
    public var configuration: LocalServerConfiguration
    /// The HTTP seam `/health` is polled through.
    public var http: any LocalServerHTTP

    /// A launcher for `configuration`, polling through `http`.
    public init(configuration: LocalServerConfiguration, http: any LocalServerHTTP) {
        self.configuration = configuration
        self.http = http
    }

    /// Starts a server and returns once `/health` answers 200.
    /// - Parameter progress: called with ``LocalServerProgress`` as the start goes on.
    /// - Throws: ``LocalModelError`` (nothing started), ``LocalServerError``, or
    ///   `CancellationError` (the process started is stopped).
    public func launch(progress: @escaping @Sendable (LocalServerProgress) -> Void = { _ in }) async throws -> LocalServerProcess {
        let model = configuration.modelFile
        _ = try await onOwnThread { try model.verify() }
        try Task.checkCancellation()
        let server = try checkedServer()
        let lifetimeGuard: LocalServerLifetimeGuard
        if let chosen = configuration.lifetimeGuard {
            lifetimeGuard = chosen
        } else {
            lifetimeGuard = await LocalServerLifetimeGuard.automatic(searchPath: configuration.paths.searchPath)
        }
        let apiKey = LocalServerLaunchParts.newAPIKey()
        var machine = LocalServerStartup(limit: configuration.startupLimit, fixedPort: configuration.port != nil)
        let clock = ContinuousClock()
        let start = clock.now
        var process = try await spawn(server: server, model: model.path, port: configuration.port ?? LocalServerLaunchParts.freePort(), apiKey: apiKey, lifetimeGuard: lifetimeGuard)
        var pending = machine.feed(.processStarted(port: process.endpoint.port), at: clock.now - start)

        steps: while true {
            var delay: Duration?
            for action in pending {
                switch action {
                case .report(let step):
                    progress(step)
                case .pollHealth(let after):
                    delay = after
                case .ready:
                    return process
                case .stopProcess:
                    await process.stop()
                case .fail(let failure):
                    await process.output.waitForEnd(within: .milliseconds(200))
                    throw Self.error(for: failure, tail: process.outputTail)
                case .launchOnNewPort:
                    await process.stop()
                    process = try await spawn(server: server, model: model.path, port: LocalServerLaunchParts.freePort(), apiKey: apiKey, lifetimeGuard: lifetimeGuard)
                    pending = machine.feed(.processStarted(port: process.endpoint.port), at: clock.now - start)
                    continue steps
                }
            }
            do {
                try await Task.sleep(for: delay ?? .milliseconds(50))
            } catch {
                await process.stop()
                throw error
            }
            pending = await observe(process, start: start, clock: clock, machine: &machine)
        }
    }

    /// One look at the process: has it ended, and if not, what does `/health` say.
    private func observe(_ process: LocalServerProcess, start: ContinuousClock.Instant, clock: ContinuousClock, machine: inout LocalServerStartup) async -> [LocalServerStartup.Action] {
        if let exit = process.exitStatus {
            return await exited(process, exit: exit, at: clock.now - start, machine: &machine)
        }
        let remaining = configuration.startupLimit - (clock.now - start)
        let timeout = min(.seconds(1), max(.milliseconds(100), remaining))
        do {
            let answer = try await http.get(process.endpoint.baseURL + "/health", headers: [process.endpoint.authorization], timeout: timeout)
            return machine.feed(.healthAnswered(status: answer.status), at: clock.now - start)
        } catch {
            if let exit = process.exitStatus {
                return await exited(process, exit: exit, at: clock.now - start, machine: &machine)
            }
            return machine.feed(.healthUnreachable, at: clock.now - start)
        }
    }

    private func exited(_ process: LocalServerProcess, exit: ChildExit, at elapsed: Duration, machine: inout LocalServerStartup) async -> [LocalServerStartup.Action] {
        await process.output.waitForEnd(within: .milliseconds(200))
        let bindFailed = LocalServerStartup.isBindFailure(process.outputTail)
        return machine.feed(.processExited(exit, bindFailed: bindFailed), at: elapsed)
    }

    /// The server program, checked to exist and be executable.
    private func checkedServer() throws -> String {
        let (path, source) = configuration.serverProgram
        guard FileManager.default.fileExists(atPath: path) else { throw LocalServerError.serverMissing(source: source, path: path) }
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw LocalServerError.serverNotExecutable(source: source, path: path)
        }
        return path
    }

    private func spawn(server: String, model: String, port: Int, apiKey: String, lifetimeGuard: LocalServerLifetimeGuard) async throws -> LocalServerProcess {
        let arguments = LocalServerLaunchParts.serverArguments(model: model, port: port, contextSize: configuration.contextSize, threads: configuration.threads)
        let environment = LocalServerLaunchParts.serverEnvironment(
            base: configuration.environment, apiKey: apiKey, serverFolder: (server as NSString).deletingLastPathComponent)
        let (program, argv): (String, [String])
        switch lifetimeGuard {
        case .setpriv(let setpriv): (program, argv) = (setpriv, ["--pdeathsig", "KILL", "--", server] + arguments)
        case .watcher: (program, argv) = (server, arguments)
        }
        let pipe: (read: Int32, write: Int32)
        do {
            pipe = try await ChildProcess.makePipe()
        } catch let error as SystemError {
            throw LocalServerError.spawnFailed(path: program, errno: error.code)
        }
        let child: ChildProcess
        do {
            child = try await ChildProcess.spawn(program, arguments: argv, environment: environment, output: pipe.write)
        } catch {
            close(pipe.read)
            close(pipe.write)
            throw LocalServerError.spawnFailed(path: program, errno: (error as? SystemError)?.code ?? EIO)
        }
        close(pipe.write)
        let output = OutputCapture(reading: pipe.read)
        let guardHandle: LifetimeGuardHandle
        switch lifetimeGuard {
        case .setpriv:
            guardHandle = .none
        case .watcher(let shell):
            do {
                guardHandle = try await LifetimeGuardHandle.watch(child.pid, shell: shell)
            } catch {
                await child.terminate()
                throw LocalServerError.spawnFailed(path: shell, errno: (error as? SystemError)?.code ?? EIO)
            }
        }
        let endpoint = LocalEndpoint(port: port, apiKey: apiKey, pid: child.pid, modelPath: model)
        return LocalServerProcess(endpoint: endpoint, child: child, output: output, lifetimeGuard: lifetimeGuard, guardHandle: guardHandle)
    }

    static func error(for failure: LocalServerStartup.Failure, tail: [String]) -> LocalServerError {
        switch failure {
        case .exited(let exit): .exitedDuringStartup(exit: exit, tail: tail)
        case .portInUse(let port, let attempts): .portInUse(port: port, attempts: attempts, tail: tail)
        case .timedOut(let limit): .startTimedOut(seconds: limit.secondsValue, tail: tail)
        }
    }
}
