import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The state file of a server kept warm by `serve-local`: where it answers and with which key,
/// so other troupe processes use it instead of starting their own.
///
/// JSON, mode 0600 in a 0700 folder (it holds the key), at ``LocalPaths/stateFile``. Only a
/// server started for serve-local writes it, and removes it when it stops cleanly; a reader
/// trusts it only when the pid is alive, the model matches and `/health` answers 200 within 1 s.
public struct LocalServerState: Codable, Sendable, Hashable {
    /// The format's version; a newer one is ignored.
    public var version: Int
    /// The port on 127.0.0.1.
    public var port: Int
    /// The key requests must carry.
    public var apiKey: String
    /// The server's process id.
    public var pid: Int32
    /// The model file the server loaded (absolute, standardised).
    public var modelPath: String
    /// The context window it was started with.
    public var contextSize: Int
    /// When it was started (seconds since 1970 in the file).
    public var startedAt: Date

    /// The version this code writes.
    public static let currentVersion = 1

    /// A state with these fields, at the current version.
    public init(port: Int, apiKey: String, pid: Int32, modelPath: String, contextSize: Int, startedAt: Date) {
        version = Self.currentVersion
        self.port = port
        self.apiKey = apiKey
        self.pid = pid
        self.modelPath = modelPath
        self.contextSize = contextSize
        self.startedAt = startedAt
    }

    /// The state of a running server.
    public init(process: LocalServerProcess, contextSize: Int) {
        self.init(
            port: process.endpoint.port, apiKey: process.endpoint.apiKey, pid: process.pid,
            modelPath: process.endpoint.modelPath, contextSize: contextSize, startedAt: process.startedAt)
    }

    /// The endpoint the state describes.
    public var endpoint: LocalEndpoint { LocalEndpoint(port: port, apiKey: apiKey, pid: pid, modelPath: modelPath) }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .secondsSince1970
        return encoder
    }()

    /// Writes the file atomically (a temporary file renamed over it), mode 0600, creating its
    /// folder with mode 0700.
    public func write(to path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let data = try Self.encoder.encode(self)
        let temporary = folder + "/.local-server.\(getpid()).\(UInt32.random(in: 0 ... .max)).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SystemError(errno) }
        let failed = !writeAll(fd, Array(data)) || fsync(fd) != 0
        close(fd)
        guard !failed, rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw SystemError(code)
        }
    }

    /// Reads the file; nil when it is absent, unreadable, corrupt or of a newer version.
    public static func read(from path: String) -> LocalServerState? {
        guard let bytes = readSmallFile(path, limit: 64 << 10) else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        guard let state = try? decoder.decode(LocalServerState.self, from: Data(bytes)), state.version <= currentVersion else {
            return nil
        }
        return state
    }

    /// Removes the file if it still describes the server `pid` (a newer serve-local may have
    /// replaced it).
    public static func remove(at path: String, ifPID pid: Int32) {
        guard let state = read(from: path), state.pid == pid else { return }
        unlink(path)
    }

    /// What a reader made of the state file.
    public enum Check: Sendable, Hashable {
        /// Use this server.
        case live(LocalServerState)
        /// No file (or an unreadable one).
        case absent
        /// The file describes a server that cannot be used; start another.
        case stale(StaleReason)
    }

    /// Why a state file was not used.
    public enum StaleReason: Sendable, Hashable {
        case processGone(pid: Int32)
        case otherModel(String)
        case notHealthy(status: Int?)
    }

    /// Reads the file at `path` and checks the server it names: pid alive, model `modelPath`,
    /// `/health` answering 200 within `timeout`.
    public static func check(at path: String, modelPath: String, http: any LocalServerHTTP, timeout: Duration = .seconds(1)) async -> Check {
        guard let state = read(from: path) else { return .absent }
        guard processIsAlive(state.pid) else { return .stale(.processGone(pid: state.pid)) }
        guard (state.modelPath as NSString).standardizingPath == (modelPath as NSString).standardizingPath else {
            return .stale(.otherModel(state.modelPath))
        }
        do {
            let answer = try await http.get(state.endpoint.baseURL + "/health", headers: [state.endpoint.authorization], timeout: timeout)
            return answer.status == 200 ? .live(state) : .stale(.notHealthy(status: answer.status))
        } catch {
            return .stale(.notHealthy(status: nil))
        }
    }
}
