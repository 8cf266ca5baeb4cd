import ArgumentParser
import Foundation
import TroupeCore

/// The options every command that calls a model shares.
struct ModelOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The API type: local, openai, azure, or a registered custom one.", valueName: "type"))
    var api: String?

    @Option(name: .long, help: ArgumentHelp("The model (the deployment name on Azure).", valueName: "name"))
    var model: String?

    @Option(name: .customLong("base-url"), help: ArgumentHelp("An OpenAI-compatible server, e.g. http://127.0.0.1:8080/v1.", valueName: "url"))
    var baseURL: String?

    @Option(name: .long, help: ArgumentHelp("A config.ini read after ~/.config/troupe/config.ini and ./config.ini.", valueName: "file"))
    var config: String?

    @Option(name: .customLong("set"), parsing: .singleValue,
            help: ArgumentHelp("Change any setting for this run, e.g. --set temperature=0.2 --set max_tokens=50 (repeatable; `troupe config` lists them).", valueName: "key=value"))
    var settings: [String] = []

    @Flag(name: .customLong("no-log"), help: "Do not write this run's turns to the conversation log (LOG=off does it always).")
    var noLog = false

    @Flag(help: "Show on standard error what is sent, received and retried (also TROUPE_VERBOSE=1); keys are never shown.")
    var verbose = false

    /// `--set` as setting changes.
    /// - Throws: a usage error for a text without `=`.
    func settingChanges() throws -> [SettingChange] {
        try settings.map { text in
            guard let change = SettingChange(assignment: text) else {
                throw ValidationError("“\(text)” is not a setting: write key=value, for example --set temperature=0.2.")
            }
            return change
        }
    }

    /// The flags as configuration keys, for ``ConfigLoader/load(configFile:flags:)``.
    var flags: [String: String] {
        var flags: [String: String] = [:]
        for change in (try? settingChanges()) ?? [] { flags[change.name] = change.value }
        flags["API_TYPE"] = api
        flags["MODEL"] = model
        flags["BASE_URL"] = baseURL
        if noLog { flags["LOG"] = "false" }
        return flags
    }

    /// Runs the configuration chain with these flags and `extra` ones (later wins).
    /// The files' warnings (unknown keys, keys in a file) go to standard error.
    func loadConfig(extra: [String: String] = [:]) throws -> TroupeConfig {
        _ = try settingChanges()
        var config = try ConfigLoader().load(configFile: config, flags: flags.merging(extra) { _, new in new })
        for warning in config.warnings { StandardOutput.writeError("troupe: warning: \(warning)\n") }
        config.chooseLocalIfNothingElse(paths: TroupePaths(), workingDirectory: FileManager.default.currentDirectoryPath)
        return config
    }

    /// The built-in model catalog with the user's `models.yaml` on top; nil when there is no
    /// such file (the service then parses the built-in table at its first use).
    /// - Throws: ``ModelCatalogError`` naming the file, line and field at fault.
    static func loadCatalog(paths: TroupePaths = TroupePaths()) throws -> ModelCatalog? {
        guard let file = paths.userModelsFile, FileManager.default.fileExists(atPath: file) else { return nil }
        return try ModelCatalog.loading(userFile: file)
    }

    /// The one line that says the local model answers because nothing else was configured
    /// (on standard error; nothing when OpenAI, Azure or local was asked for).
    static func announceLocalDefault(_ config: TroupeConfig) {
        guard case .automatic = config.source(of: .apiType) else { return }
        let model = LocalServerConfiguration(
            config: config, paths: TroupePaths(), workingDirectory: FileManager.default.currentDirectoryPath).modelFile.name
        StandardOutput.writeError(
            "troupe: answering with the local model \(model) (no OPENAI_API_KEY or BASE_URL is set; --api openai or /api openai for OpenAI)\n")
    }
}
