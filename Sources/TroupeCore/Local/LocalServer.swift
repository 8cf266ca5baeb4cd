import Foundation

/// Owns the local llama-server of a troupe process: starts it in the background, hands out its
/// endpoint, notices when it dies, restarts it when the model or context changes, stops it.
///
/// ``prepare()`` returns at once and starts the server behind the prompt; ``endpoint()`` waits
/// for it (cancellable: a cancelled wait does not stop the start). A server that exits while
/// troupe runs is noticed, and the next ``endpoint()`` starts a new one. With the ``Role/client``
/// role a live server kept warm by serve-local (see ``LocalServerState``) is used instead of
/// starting one.
public actor LocalServer {
    /// How this owner relates to the state file of a kept-warm server.
    public enum Role: Sendable, Hashable {
        /// Uses the server the state file names when it is live, else starts its own.
        case client
        /// Started for serve-local: writes the state file when ready, keeps the server warm
        /// (restarts it when it dies), removes the file on ``shutdown()``.
        case serveLocal
        /// Never reads or writes the state file.
        case standalone
    }

    /// What the owner is doing.
    public enum Status: Sendable, Hashable {
        case idle
        case starting
        /// A server this owner started answers here.
        case running(LocalEndpoint)
        /// A serve-local server answers here.
        case shared(LocalEndpoint)
        case shutDown
    }

    /// A server that ended by itself while troupe ran.
    public struct Crash: Sendable, Hashable {
        /// The server's process id.
        public var pid: Int32
        /// How it ended.
        public var exit: ChildExit
        /// Its last output lines.
        public var tail: [String]
    }

    private enum Started: Sendable {
        case own(LocalServerProcess)
        case adopted(LocalServerState)
    }

    private typealias LaunchKey = LocalServerConfiguration.LaunchKey

    private enum Phase {
        case idle
        case starting(Task<Void, Never>, key: LaunchKey, generation: Int)
        case running(LocalServerProcess, key: LaunchKey)
        case adopted(LocalServerState, key: LaunchKey)
        case shutDown
    }

    private var configuration: LocalServerConfiguration
    private let http: any LocalServerHTTP
    private let role: Role
    private let progress: @Sendable (LocalServerProgress) -> Void
    private var phase = Phase.idle
    private var generation = 0
    private var waiters: [Int: CheckedContinuation<LocalEndpoint, any Error>] = [:]
    private var nextWaiter = 0
    /// A background start's failure nobody waited for; the next ``endpoint()`` throws it.
    private var unclaimedFailure: (any Error)?

    /// Whether a server process of this owner is running now.
    public var isRunning: Bool {
        noticeEnd()
        if case .running = phase { return true }
        return false
    }

    /// The last server that ended by itself, if any.
    public var lastCrash: Crash? {
        noticeEnd()
        return crash
    }
    private var crash: Crash?

    /// - Parameters:
    ///   - progress: called as a start goes on (from a background task), e.g. for a spinner.
    public init(
        configuration: LocalServerConfiguration,
        http: any LocalServerHTTP,
        role: Role = .client,
        progress: @escaping @Sendable (LocalServerProgress) -> Void = { _ in }
    ) {
        self.configuration = configuration
        self.http = http
        self.role = role
        self.progress = progress
    }

    deinit {
        // Released without shutdown(): the server must not live on (a task watching for its
        // crash keeps the process object alive, so its own deinit would not run yet).
        if case .running(let process, _) = phase {
            if role == .serveLocal { LocalServerState.remove(at: configuration.paths.stateFile, ifPID: process.pid) }
            process.stopInBackground()
        }
    }

    /// Starts the server in the background if none runs or starts for the current settings.
    /// Returns at once.
    public func prepare() {
        guard !isShutDown else { return }
        unclaimedFailure = nil
        _ = reconcile()
    }

    /// The endpoint of a ready server for the current settings, starting one if needed.
    /// - Throws: what the start threw (``LocalModelError``, ``LocalServerError``), once for a
    ///   background start nobody waited for; `CancellationError` when the caller is cancelled.
    public func endpoint() async throws -> LocalEndpoint {
        guard !isShutDown else { throw LocalServerError.shutDown }
        if case .idle = phase, let failure = unclaimedFailure {
            unclaimedFailure = nil
            throw failure
        }
        if let ready = reconcile() { return ready }
        let id = nextWaiter
        nextWaiter += 1
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                } else {
                    waiters[id] = continuation
                }
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    /// The server's info endpoints (props, template, tokenize, slots, models).
    public func api() async throws -> LocalServerAPI {
        LocalServerAPI(endpoint: try await endpoint(), http: http)
    }

    /// Changes the settings. When the model, context, threads, server or port differ from the
    /// running (or starting) server's, a new one is started now and the old one stopped.
    public func update(_ configuration: LocalServerConfiguration) {
        self.configuration = configuration
        switch phase {
        case .idle, .shutDown: break
        default: _ = reconcile()
        }
    }

    /// What the owner is doing now.
    public var status: Status {
        noticeEnd()
        return switch phase {
        case .idle: .idle
        case .starting: .starting
        case .running(let process, _): .running(process.endpoint)
        case .adopted(let state, _): .shared(state.endpoint)
        case .shutDown: .shutDown
        }
    }

    /// Stops the server this owner started (SIGTERM, SIGKILL after 2 s) or the start under way,
    /// removes the state file it wrote, and refuses to start another.
    public func shutdown() async {
        let previous = phase
        phase = .shutDown
        resumeWaiters(with: .failure(LocalServerError.shutDown))
        switch previous {
        case .starting(let task, _, _):
            task.cancel()
            await task.value
        case .running(let process, _):
            if role == .serveLocal { LocalServerState.remove(at: configuration.paths.stateFile, ifPID: process.pid) }
            await process.stop()
        default:
            break
        }
    }

    private var isShutDown: Bool {
        if case .shutDown = phase { return true }
        return false
    }

    /// Brings the phase in line with the settings: returns the endpoint when a fitting server
    /// is ready; otherwise makes sure a fitting start is under way and returns nil.
    private func reconcile() -> LocalEndpoint? {
        let key = configuration.launchKey
        switch phase {
        case .shutDown:
            return nil
        case .idle:
            break
        case .running(let process, let runningKey):
            if !process.isRunning {
                noteEnded(process)
            } else if runningKey == key {
                return process.endpoint
            } else {
                if role == .serveLocal { LocalServerState.remove(at: configuration.paths.stateFile, ifPID: process.pid) }
                Task { await process.stop() }
            }
        case .adopted(let state, _):
            // Another process's server: used while it lives and serves the model wanted.
            if state.modelPath == key.model, processIsAlive(state.pid) { return state.endpoint }
        case .starting(let task, let startingKey, _):
            if startingKey == key { return nil }
            task.cancel()
        }
        beginStart(key)
        return nil
    }

    private func beginStart(_ key: LaunchKey) {
        generation += 1
        let started = generation
        let (configuration, http, role, progress) = (self.configuration, self.http, self.role, self.progress)
        let task = Task {
            let result: Result<Started, any Error>
            do {
                if role == .client,
                    case .live(let state) = await LocalServerState.check(at: configuration.paths.stateFile, modelPath: key.model, http: http)
                {
                    progress(.ready(port: state.port, elapsedSeconds: 0))
                    result = .success(.adopted(state))
                } else {
                    let launcher = LocalServerLauncher(configuration: configuration, http: http)
                    result = .success(.own(try await launcher.launch(progress: progress)))
                }
            } catch {
                result = .failure(error)
            }
            await self.finishStart(started, key: key, result: result)
        }
        phase = .starting(task, key: key, generation: started)
    }

    private func finishStart(_ started: Int, key: LaunchKey, result: Result<Started, any Error>) async {
        guard case .starting(_, _, let current) = phase, current == started else {
            // Superseded (settings changed) or shut down meanwhile: nobody wants this server.
            if case .success(.own(let process)) = result { await process.stop() }
            return
        }
        switch result {
        case .success(.own(let process)):
            phase = .running(process, key: key)
            if role == .serveLocal {
                // Best effort: without the file other processes start their own server.
                try? LocalServerState(process: process, contextSize: key.contextSize).write(to: configuration.paths.stateFile)
            }
            Task { [weak self] in
                _ = await process.waitForExit()
                await self?.processEnded(process)
            }
            resumeWaiters(with: .success(process.endpoint))
        case .success(.adopted(let state)):
            phase = .adopted(state, key: key)
            resumeWaiters(with: .success(state.endpoint))
        case .failure(let error):
            phase = .idle
            if waiters.isEmpty { unclaimedFailure = error }
            resumeWaiters(with: .failure(error))
        }
    }

    /// A server ended; if it is the current one it crashed (a stop replaces the phase first).
    private func processEnded(_ process: LocalServerProcess) {
        guard case .running(let current, _) = phase, current === process else { return }
        noteEnded(process)
        // A kept-warm server is restarted at once; others when next needed.
        if role == .serveLocal { beginStart(configuration.launchKey) }
    }

    /// Records an end the reaper has seen but ``processEnded(_:)`` has not handled yet, so
    /// ``status`` and ``lastCrash`` agree.
    private func noticeEnd() {
        if case .running(let process, _) = phase, !process.isRunning { processEnded(process) }
    }

    private func noteEnded(_ process: LocalServerProcess) {
        crash = Crash(pid: process.pid, exit: process.exitStatus ?? .unknown, tail: process.outputTail)
        if role == .serveLocal { LocalServerState.remove(at: configuration.paths.stateFile, ifPID: process.pid) }
        phase = .idle
    }

    private func resumeWaiters(with result: Result<LocalEndpoint, any Error>) {
        let current = waiters
        waiters = [:]
        for waiter in current.values { waiter.resume(with: result) }
    }

    private func cancelWaiter(_ id: Int) {
        waiters.removeValue(forKey: id)?.resume(throwing: CancellationError())
    }
}
