/// Why the local server could not be started or asked.
public enum LocalServerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No server executable at `path`.
    case serverMissing(source: LocalSettingSource, path: String)
    /// `path` exists but cannot be executed.
    case serverNotExecutable(source: LocalSettingSource, path: String)
    /// The system refused to start the process (`errno`).
    case spawnFailed(path: String, errno: Int32)
    /// No free port could be had on 127.0.0.1.
    case noFreePort(errno: Int32)
    /// The server ended before it was ready; `tail` holds its last output lines.
    case exitedDuringStartup(exit: ChildExit, tail: [String])
    /// Port `port` on 127.0.0.1 is taken by another program (after `attempts` launches).
    case portInUse(port: Int, attempts: Int, tail: [String])
    /// `/health` did not answer 200 within `seconds`; the process was stopped.
    case startTimedOut(seconds: Double, tail: [String])
    /// The server answered `path` with an unexpected status or body.
    case badResponse(path: String, status: Int, message: String)
    /// The owner was shut down; no server will be started.
    case shutDown
    /// The server ended while answering; the next request starts a new one.
    case crashed(exit: ChildExit, tail: [String], underlying: String)

    public var description: String {
        switch self {
        case .serverMissing(.installedDefault, let path):
            return "llama-server is not installed: \(path) does not exist"
        case .serverMissing(let source, let path):
            return "the server program \(path) (\(source)) does not exist"
        case .serverNotExecutable(let source, let path):
            return "the server program \(path) (\(source)) is not executable"
        case .spawnFailed(let path, let errno):
            return "could not start \(path): \(systemErrorText(errno))"
        case .noFreePort(let errno):
            return "no free port on 127.0.0.1 for the local server: \(systemErrorText(errno))"
        case .exitedDuringStartup(let exit, let tail):
            return "the local server \(exit) while starting" + Self.tailText(tail)
        case .portInUse(let port, let attempts, let tail):
            let tries = attempts > 1 ? " (\(attempts) ports tried, each taken before the server could bind it)" : ""
            return "port \(port) on 127.0.0.1 is already in use by another program\(tries)" + Self.tailText(tail)
        case .startTimedOut(let seconds, let tail):
            return "the local server was not ready after \(Int(seconds.rounded())) s and was stopped" + Self.tailText(tail)
        case .badResponse(let path, let status, let message):
            return "the local server answered \(path) with status \(status)" + (message.isEmpty ? "" : ": \(message)")
        case .shutDown:
            return "the local server has been shut down"
        case .crashed(let exit, let tail, let underlying):
            return "the local server \(exit) while answering (\(underlying)); the next message starts a new one" + Self.tailText(tail)
        }
    }

    private static func tailText(_ tail: [String]) -> String {
        let shown = tail.suffix(12)
        guard !shown.isEmpty else { return "" }
        return "; its last output:\n" + shown.map { "  " + $0 }.joined(separator: "\n")
    }
}
