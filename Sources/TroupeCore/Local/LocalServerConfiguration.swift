import Foundation

/// What the local server is started with: LOCAL_MODEL, LOCAL_SERVER, LOCAL_CONTEXT and
/// LOCAL_THREADS, plus the places and limits around them.
public struct LocalServerConfiguration: Sendable, Hashable {
    /// The setting naming the server program.
    public static let serverSetting = "LOCAL_SERVER"
    /// The setting naming the context size in tokens.
    public static let contextSetting = "LOCAL_CONTEXT"
    /// The setting naming the number of CPU threads.
    public static let threadsSetting = "LOCAL_THREADS"
    /// The context size when LOCAL_CONTEXT is unset: enough for a chat, small enough for the
    /// KV cache of a 0.5B model to stay near 50 MB.
    public static let defaultContextSize = 4096

    /// LOCAL_MODEL (nil or empty: the installed default); see ``LocalModelFile/resolve(_:paths:)``.
    public var model: String?
    /// LOCAL_SERVER: path of llama-server (nil or empty: the installed one); a bare name is
    /// looked up on PATH.
    public var server: String?
    /// LOCAL_CONTEXT: the context window in tokens (`-c`).
    public var contextSize: Int
    /// LOCAL_THREADS: CPU threads (`-t`).
    public var threads: Int
    /// A fixed port; nil picks a free one (and retries when it is taken in the meantime).
    public var port: Int?
    /// The longest wait for `/health` to answer 200 (not the request timeout).
    public var startupLimit: Duration
    /// How the server is tied to this process's life; nil chooses (setpriv when available).
    public var lifetimeGuard: LocalServerLifetimeGuard?
    /// Where things are installed.
    public var paths: LocalPaths
    /// The environment the server inherits (llama.cpp's own LLAMA_ARG_* settings removed).
    public var environment: [String: String]

    /// Settings given one by one; unset ones take the defaults (installed model and server,
    /// 4096 tokens, one thread per core, a free port, 60 s, automatic guard, XDG places).
    public init(
        model: String? = nil,
        server: String? = nil,
        contextSize: Int = LocalServerConfiguration.defaultContextSize,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount,
        port: Int? = nil,
        startupLimit: Duration = .seconds(60),
        lifetimeGuard: LocalServerLifetimeGuard? = nil,
        paths: LocalPaths = LocalPaths(),
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.model = model
        self.server = server
        self.contextSize = contextSize
        self.threads = max(1, threads)
        self.port = port
        self.startupLimit = startupLimit
        self.lifetimeGuard = lifetimeGuard
        self.paths = paths
        self.environment = environment
    }

    /// The model file LOCAL_MODEL names.
    public var modelFile: LocalModelFile { LocalModelFile.resolve(model, paths: paths) }

    /// The server program LOCAL_SERVER names, and which setting named it.
    public var serverProgram: (path: String, source: LocalSettingSource) {
        let value = server?.trimmingCharacters(in: .whitespaces) ?? ""
        if value.isEmpty { return (paths.defaultServer, .installedDefault) }
        if value.contains("/") || value.hasPrefix("~") { return (paths.absolute(value), .setting(Self.serverSetting)) }
        let found = paths.searchPath.map { LocalPaths.join($0, value) }.first { FileManager.default.isExecutableFile(atPath: $0) }
        return (found ?? LocalPaths.join(paths.serverFolder, value), .setting(Self.serverSetting))
    }

    /// What identifies a running server: a change in any of these needs a new one.
    var launchKey: LaunchKey {
        LaunchKey(server: serverProgram.path, model: modelFile.path, contextSize: contextSize, threads: threads, port: port)
    }

    struct LaunchKey: Sendable, Hashable {
        var server: String
        var model: String
        var contextSize: Int
        var threads: Int
        var port: Int?
    }
}
