import Foundation
import Logging

/// Builds a ``TroupeConfig`` from the lookup chain, later sources winning: built-in defaults,
/// `${XDG_CONFIG_HOME:-~/.config}/troupe/config.ini`, `./config.ini`, `--config FILE`, the
/// environment, then command-line flags.
///
/// The places, current directory and environment are injectable for tests.
public struct ConfigLoader: Sendable {
    /// Where the user file lives (``TroupePaths/userConfigFile``).
    public var paths: TroupePaths
    /// The directory `./config.ini` is looked up in.
    public var currentDirectory: String
    /// The environment variables to read.
    public var environment: [String: String] { paths.environment }
    /// API types `API_TYPE` may name (pass ``ClientRegistry/knownAPITypes`` when custom clients exist).
    public var knownAPITypes: Set<String>

    /// Environment variables read, in the order they are applied.
    public static let environmentVariables = [
        "OPENAI_API_KEY", "OPENAI_BASE_URL", "AZURE_OPENAI_KEY", "AZURE_OPENAI_API_KEY",
        "AZURE_OPENAI_ENDPOINT", "AZURE_OPENAI_AD_TOKEN", "OPENAI_API_VERSION",
    ]

    private static let logger = Logger(label: "troupe.core")

    /// - Parameters default to this process's environment and current directory.
    public init(
        paths: TroupePaths = TroupePaths(),
        currentDirectory: String = FileManager.default.currentDirectoryPath,
        knownAPITypes: Set<String> = TroupeConfig.builtInAPITypes
    ) {
        self.paths = paths
        self.currentDirectory = currentDirectory
        self.knownAPITypes = knownAPITypes
    }

    /// The user file, or nil without a home directory.
    public var userConfigPath: String? { paths.userConfigFile }

    /// `./config.ini` in ``currentDirectory``.
    public var localConfigPath: String {
        (currentDirectory as NSString).appendingPathComponent("config.ini")
    }

    /// The files the chain reads, in order, with whether each exists (missing optional files are skipped).
    /// - Parameter configFile: the `--config FILE` path, if any.
    public func files(configFile: String? = nil) -> [(path: String, exists: Bool)] {
        var paths = [userConfigPath, localConfigPath].compactMap { $0 }
        if let configFile { paths.append(resolve(configFile)) }
        return paths.map { ($0, FileManager.default.fileExists(atPath: $0)) }
    }

    private func resolve(_ path: String) -> String {
        var expanded = path
        if path.hasPrefix("~/"), let home = paths.home { expanded = home + path.dropFirst() }
        return expanded.hasPrefix("/") ? expanded : (currentDirectory as NSString).appendingPathComponent(expanded)
    }

    /// Runs the whole chain.
    ///
    /// - Parameter configFile: the `--config FILE` path (relative to ``currentDirectory``); it must exist.
    /// - Parameter flags: setting names or aliases → values from the command line.
    /// - Returns: the configuration with provenance for every value and the files' warnings.
    /// - Throws: ``ConfigError`` naming the file, line and key of the first bad value.
    public func load(configFile: String? = nil, flags: [String: String] = [:]) throws -> TroupeConfig {
        var config = TroupeConfig()
        if let userConfigPath {
            try applyFile(at: userConfigPath, to: &config, required: false)
        }
        try applyFile(at: localConfigPath, to: &config, required: false)
        if let configFile {
            let path = resolve(configFile)
            // `--config ./config.ini` names a file the chain already read: read it once.
            if (path as NSString).standardizingPath != (localConfigPath as NSString).standardizingPath {
                try applyFile(at: path, to: &config, required: true)
            } else if !FileManager.default.fileExists(atPath: path) {
                throw ConfigError.unreadableFile(path: path, reason: "no such file")
            }
        }
        try applyEnvironment(to: &config)
        // Sorted so that the error for several bad flags does not depend on dictionary order.
        for (key, value) in flags.sorted(by: { $0.key < $1.key }) {
            try config.set(key, to: value, source: .flag, knownAPITypes: knownAPITypes)
        }
        return config
    }

    /// Applies the INI file at `path`; a missing optional file is skipped.
    public func applyFile(at path: String, to config: inout TroupeConfig, required: Bool) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            if required { throw ConfigError.unreadableFile(path: path, reason: "no such file") }
            return
        }
        guard !isDirectory.boolValue else {
            throw ConfigError.unreadableFile(path: path, reason: "it is a directory")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigError.unreadableFile(path: path, reason: "\(error.localizedDescription)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError.unreadableFile(path: path, reason: "it is not UTF-8 text")
        }
        let document = try INIDocument.parse(text, file: path)
        try config.apply(document, source: .file(path), knownAPITypes: knownAPITypes)
        Self.logger.debug("read config file", metadata: ["path": "\(path)"])
    }

    /// Applies the environment variables (empty ones are ignored).
    public func applyEnvironment(to config: inout TroupeConfig) throws {
        func value(_ name: String) -> String? {
            guard let value = environment[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
            return value
        }
        if let key = value("OPENAI_API_KEY") {
            config.credentials.openAIKey = Secret(key)
            config.recordCredentialSource("OPENAI_API_KEY", .environment("OPENAI_API_KEY"))
        }
        if let url = value("OPENAI_BASE_URL") {
            try config.set(.baseURL, to: url, source: .environment("OPENAI_BASE_URL"), knownAPITypes: knownAPITypes)
        }
        // TinyTroupe's name first, then the SDK's.
        for name in ["AZURE_OPENAI_KEY", "AZURE_OPENAI_API_KEY"] {
            if let key = value(name) {
                config.credentials.azureKey = Secret(key)
                config.recordCredentialSource("AZURE_OPENAI_KEY", .environment(name))
                config.recordCredentialSource("AZURE_OPENAI_API_KEY", .environment(name))
                break
            }
        }
        if let endpoint = value("AZURE_OPENAI_ENDPOINT") {
            guard let url = URL(string: endpoint), let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http",
                  url.host != nil else {
                throw ConfigError.invalidValue(key: "AZURE_OPENAI_ENDPOINT", value: URLRedaction.redacted(endpoint),
                                               expected: "an https:// URL such as https://NAME.openai.azure.com",
                                               source: .environment("AZURE_OPENAI_ENDPOINT"), line: nil)
            }
            config.credentials.azureEndpoint = endpoint.withoutTrailingSlash
            config.recordCredentialSource("AZURE_OPENAI_ENDPOINT", .environment("AZURE_OPENAI_ENDPOINT"))
        }
        if let token = value("AZURE_OPENAI_AD_TOKEN") {
            config.credentials.azureADToken = Secret(token)
            config.recordCredentialSource("AZURE_OPENAI_AD_TOKEN", .environment("AZURE_OPENAI_AD_TOKEN"))
        }
        if let version = value("OPENAI_API_VERSION") {
            try config.set(.azureAPIVersion, to: version, source: .environment("OPENAI_API_VERSION"), knownAPITypes: knownAPITypes)
            config.credentials.azureAPIVersion = config.azureAPIVersion
        }
    }
}
