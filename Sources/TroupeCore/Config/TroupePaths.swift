import Foundation

/// Where troupe keeps its files, following the XDG base directory rules:
///
/// - data (sessions, history, the conversation log, local models and llama.cpp):
///   `${XDG_DATA_HOME:-~/.local/share}/troupe/`
/// - configuration (`config.ini`, `models.yaml`): `${XDG_CONFIG_HOME:-~/.config}/troupe/`
/// - cache (the response cache): `${XDG_CACHE_HOME:-~/.cache}/troupe/`
/// - runtime state (a kept-warm local server): `${XDG_RUNTIME_DIR}/troupe/`, else the cache folder
///
/// An XDG variable that is empty or not an absolute path is ignored, as the specification says.
public struct TroupePaths: Sendable, Hashable {
    /// The environment the places are read from.
    public var environment: [String: String]

    /// - Parameter environment: this process's environment by default; tests pass their own.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// `$HOME`, or nil when it is not set.
    public var home: String? {
        environment["HOME"].flatMap { $0.isEmpty ? nil : $0 }
    }

    private func base(_ variable: String, fallback: String) -> String? {
        if let value = environment[variable], value.hasPrefix("/") { return value }
        return home.map { ($0 as NSString).appendingPathComponent(fallback) }
    }

    /// `${XDG_DATA_HOME:-~/.local/share}/troupe`.
    public var dataDirectory: String? { base("XDG_DATA_HOME", fallback: ".local/share").map { $0 + "/troupe" } }
    /// `${XDG_CONFIG_HOME:-~/.config}/troupe`.
    public var configDirectory: String? { base("XDG_CONFIG_HOME", fallback: ".config").map { $0 + "/troupe" } }
    /// `${XDG_CACHE_HOME:-~/.cache}/troupe`.
    public var cacheDirectory: String? { base("XDG_CACHE_HOME", fallback: ".cache").map { $0 + "/troupe" } }
    /// `${XDG_RUNTIME_DIR}/troupe`, else ``cacheDirectory``.
    public var runtimeDirectory: String? {
        if let runtime = environment["XDG_RUNTIME_DIR"], runtime.hasPrefix("/") { return runtime + "/troupe" }
        return cacheDirectory
    }

    /// The user's `config.ini`.
    public var userConfigFile: String? { configDirectory.map { $0 + "/config.ini" } }
    /// The user's model catalog additions.
    public var userModelsFile: String? { configDirectory.map { $0 + "/models.yaml" } }
    /// Saved sessions.
    public var sessionsDirectory: String? { dataDirectory.map { $0 + "/sessions" } }
    /// The shell's input history.
    public var historyFile: String? { dataDirectory.map { $0 + "/history" } }
    /// The conversation log.
    public var logDatabase: String? { dataDirectory.map { $0 + "/logs.db" } }
    /// Local GGUF models.
    public var modelsDirectory: String? { dataDirectory.map { $0 + "/models" } }
    /// llama.cpp's server and its libraries, as set-up installs them.
    public var llamaDirectory: String? { dataDirectory.map { $0 + "/llama.cpp" } }

    /// The response cache file for CACHE_FILE_NAME `name`: a name without `/` lives in
    /// ``cacheDirectory``; anything with a `/` (`./x`, `../x`, `/x`, `~/x`) is used as given,
    /// relative to `currentDirectory`.
    public func cacheFile(named name: String, currentDirectory: String) -> String {
        if !name.contains("/"), let cacheDirectory {
            return cacheDirectory + "/" + name
        }
        var expanded = name
        if name == "~" || name.hasPrefix("~/"), let home {
            expanded = home + name.dropFirst()
        }
        if expanded.hasPrefix("/") { return (expanded as NSString).standardizingPath }
        return ((currentDirectory as NSString).appendingPathComponent(expanded) as NSString).standardizingPath
    }
}
