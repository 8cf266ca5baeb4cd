import Foundation

/// Where the local model's pieces live, derived from the environment (XDG base directories).
///
/// - `${XDG_DATA_HOME:-~/.local/share}/troupe/llama.cpp/llama-server` and its shared libraries;
/// - `${XDG_DATA_HOME:-~/.local/share}/troupe/models/` with the GGUF files and the stamp;
/// - the state file of a kept-warm server: `${XDG_RUNTIME_DIR}/troupe/local-server.json` when
///   XDG_RUNTIME_DIR is set, else `${XDG_CACHE_HOME:-~/.cache}/troupe/local-server.json`.
///
/// Pure string work: nothing is read from the disk, so it is cheap and tested without files.
public struct LocalPaths: Sendable, Hashable {
    /// The user's home folder (`HOME`), used for `~` and the XDG defaults.
    public var home: String
    /// `.../troupe` under the XDG data folder.
    public var troupeData: String
    /// The folder holding `llama-server` and its shared libraries.
    public var serverFolder: String
    /// The folder holding the GGUF models.
    public var modelsFolder: String
    /// The state file a kept-warm server (`serve-local`) writes.
    public var stateFile: String
    /// The working directory relative paths are resolved against.
    public var workingDirectory: String
    /// `PATH`, for a server given by bare name.
    public var searchPath: [String]

    /// The paths for `environment` (defaults to this process's).
    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        workingDirectory: String = FileManager.default.currentDirectoryPath
    ) {
        // TroupePaths is the one type that knows troupe's places; these are its local-model ones.
        let places = TroupePaths(environment: environment)
        let home = places.home ?? NSHomeDirectory()
        self.home = home
        troupeData = places.dataDirectory ?? Self.join(home, ".local/share/troupe")
        serverFolder = places.llamaDirectory ?? Self.join(troupeData, "llama.cpp")
        modelsFolder = places.modelsDirectory ?? Self.join(troupeData, "models")
        stateFile = Self.join(places.runtimeDirectory ?? Self.join(home, ".cache/troupe"), "local-server.json")
        self.workingDirectory = workingDirectory
        searchPath = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
    }

    /// The installed `llama-server`.
    public var defaultServer: String { Self.join(serverFolder, "llama-server") }

    /// The installed default model.
    public var defaultModel: String { Self.join(modelsFolder, LocalModelFile.defaultModelName) }

    /// Expands `~` and `~/...`, and makes a relative path absolute against the working directory.
    /// The result is standardised (`.` and `..` removed) so two spellings of one file compare equal.
    public func absolute(_ path: String) -> String {
        var expanded = path
        if path == "~" {
            expanded = home
        } else if path.hasPrefix("~/") {
            expanded = Self.join(home, String(path.dropFirst(2)))
        } else if !path.hasPrefix("/") {
            expanded = Self.join(workingDirectory, path)
        }
        return (expanded as NSString).standardizingPath
    }

    static func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    private static func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }
}
