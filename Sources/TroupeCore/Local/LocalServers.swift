import Foundation
import Synchronization

/// The process's local server: one owner for the whole process, made on first use. Its
/// settings follow the last configuration asked for (a changed model restarts it), and it is
/// stopped with ``shutdown()`` at the end of the process (and by the kernel if the process is
/// killed: see ``LocalServerLifetimeGuard``).
public enum LocalServers {
    private static let current = Mutex<LocalServer?>(nil)

    /// The process's server owner, made for `configuration` when there is none yet.
    public static func server(for configuration: LocalServerConfiguration) -> LocalServer {
        current.withLock { server in
            if let server { return server }
            let made = LocalServer(configuration: configuration, http: TransportLocalServerHTTP())
            server = made
            return made
        }
    }

    /// Starts the server for `configuration` in the background (the shell does this at its
    /// start, so the first turn finds it loading or ready). Returns at once.
    public static func prepare(_ configuration: LocalServerConfiguration) async {
        let server = server(for: configuration)
        await server.update(configuration)
        await server.prepare()
    }

    /// Stops the server this process started, if any.
    public static func shutdown() async {
        let server = current.withLock { server -> LocalServer? in
            defer { server = nil }
            return server
        }
        await server?.shutdown()
    }
}

extension LocalClient {
    /// The local client `config` describes: LOCAL_MODEL, LOCAL_SERVER, LOCAL_CONTEXT and
    /// LOCAL_THREADS for the server, MAX_ATTEMPTS, WAITING_TIME and the timeouts for requests.
    public init(config: TroupeConfig, paths: TroupePaths = TroupePaths(),
                workingDirectory: String = FileManager.default.currentDirectoryPath) {
        let serverConfiguration = LocalServerConfiguration(config: config, paths: paths, workingDirectory: workingDirectory)
        var configuration = ClientConfiguration(baseURL: "http://127.0.0.1", credential: .none,
                                                retryPolicy: ClientConfiguration.retryPolicy(of: config))
        configuration.timeout = .saturating(seconds: config.timeout)
        configuration.connectTimeout = .saturating(seconds: config.connectTimeout)
        self.init(
            server: LocalServers.server(for: serverConfiguration), serverConfiguration: serverConfiguration,
            modelName: serverConfiguration.modelFile.name, configuration: configuration)
    }
}
