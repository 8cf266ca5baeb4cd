/// How far a start has come, for a spinner ("starting the local model…").
public enum LocalServerProgress: Sendable, Hashable {
    /// The process was launched; it does not answer yet.
    case starting
    /// It answers 503 "Loading model"; `elapsed` since the launch.
    case loading(elapsed: Duration)
    /// `/health` answered 200 after `elapsedSeconds`.
    case ready(port: Int, elapsedSeconds: Double)
}

/// The start-up decisions as a value-type state machine: what happened goes in (the process
/// started, `/health` answered, the process exited, time passed), what to do comes out (poll
/// again after a delay, report progress, launch again on another port, fail, ready). No I/O:
/// ``LocalServerLauncher`` performs the actions, tests feed events by hand.
struct LocalServerStartup: Sendable {
    enum Event: Sendable, Hashable {
        /// A process was launched listening (soon) on `port`.
        case processStarted(port: Int)
        /// `/health` answered with this status (503 while loading, 200 when ready).
        case healthAnswered(status: Int)
        /// `/health` could not be reached (refused before the server listens, or timed out).
        case healthUnreachable
        /// The process ended; `bindFailed` when its output says the port was taken.
        case processExited(ChildExit, bindFailed: Bool)
        /// Time passed with nothing else to say.
        case tick
    }

    /// Why a start failed.
    enum Failure: Sendable, Hashable {
        case exited(ChildExit)
        /// The port was taken, on every one of `attempts` launches.
        case portInUse(port: Int, attempts: Int)
        case timedOut(limit: Duration)
    }

    enum Action: Sendable, Hashable {
        case report(LocalServerProgress)
        case pollHealth(after: Duration)
        /// The last launch lost its port to another process: launch again on a new free port.
        case launchOnNewPort
        /// Stop the process (it is running but will not be used).
        case stopProcess
        case fail(Failure)
        case ready(port: Int, elapsed: Duration)
    }

    enum Phase: Sendable, Hashable {
        case launching
        case waiting(port: Int)
        case ready(port: Int)
        case failed
    }

    /// The longest start allowed (a limit of its own, not the request timeout).
    let limit: Duration
    /// The port was given, not chosen: a taken port is reported, not retried.
    let fixedPort: Bool
    /// Launches allowed when free ports keep being taken before the server binds them.
    let maxLaunches: Int
    private(set) var phase = Phase.launching
    private(set) var launches = 0

    init(limit: Duration = .seconds(60), fixedPort: Bool = false, maxLaunches: Int = 3) {
        self.limit = limit
        self.fixedPort = fixedPort
        self.maxLaunches = max(1, maxLaunches)
    }

    /// The next actions for `event`, which happened `elapsed` after the first launch.
    mutating func feed(_ event: Event, at elapsed: Duration) -> [Action] {
        switch (phase, event) {
        case (.launching, .processStarted(let port)):
            launches += 1
            phase = .waiting(port: port)
            let first: [Action] = launches == 1 ? [.report(.starting)] : []
            return first + [.pollHealth(after: .milliseconds(20))]

        case (.waiting(let port), .healthAnswered(200)):
            phase = .ready(port: port)
            return [.report(.ready(port: port, elapsedSeconds: elapsed.secondsValue)), .ready(port: port, elapsed: elapsed)]

        case (.waiting, .healthAnswered):
            if elapsed >= limit { return timeOut() }
            return [.report(.loading(elapsed: elapsed)), .pollHealth(after: Self.pollInterval(at: elapsed))]

        case (.waiting, .healthUnreachable):
            if elapsed >= limit { return timeOut() }
            return [.pollHealth(after: Self.pollInterval(at: elapsed))]

        case (.waiting, .tick):
            return elapsed >= limit ? timeOut() : []

        case (.waiting(let port), .processExited(let exit, let bindFailed)):
            guard bindFailed else {
                phase = .failed
                return [.fail(.exited(exit))]
            }
            if fixedPort || launches >= maxLaunches {
                phase = .failed
                return [.fail(.portInUse(port: port, attempts: launches))]
            }
            phase = .launching
            return [.launchOnNewPort]

        default:
            // Late or out-of-order events (an answer after a failure, an exit after ready).
            return []
        }
    }

    private mutating func timeOut() -> [Action] {
        phase = .failed
        return [.stopProcess, .fail(.timedOut(limit: limit))]
    }

    /// Often at first (a small model is ready in about a second), then less often.
    static func pollInterval(at elapsed: Duration) -> Duration {
        if elapsed < .seconds(3) { return .milliseconds(50) }
        if elapsed < .seconds(10) { return .milliseconds(100) }
        return .milliseconds(250)
    }

    /// Whether a server's last lines say it could not listen because the port is taken.
    ///
    /// Matches llama-server's own wording ("couldn't bind HTTP server socket" in this build,
    /// cpp-httplib's bind failure) and the system's ("Address already in use"): the exit status
    /// (1) is the same for every start-up error, so the text is all there is.
    static func isBindFailure(_ lines: [String]) -> Bool {
        lines.contains { line in
            line.contains("couldn't bind HTTP server socket") || line.contains("Address already in use")
                || line.contains("address already in use")
        }
    }
}

extension Duration {
    /// The duration in seconds as a `Double`.
    var secondsValue: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
