import ArgumentParser
import TroupeCore

/// The options every command that calls a model shares.
struct ModelOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The API type: openai, azure, or a registered custom one.", valueName: "type"))
    var api: String?

    @Option(name: .long, help: ArgumentHelp("The model (the deployment name on Azure).", valueName: "name"))
    var model: String?

    @Option(name: .customLong("base-url"), help: ArgumentHelp("An OpenAI-compatible server, e.g. http://127.0.0.1:8080/v1.", valueName: "url"))
    var baseURL: String?

    @Option(name: .long, help: ArgumentHelp("A config.ini read after ~/.config/troupe/config.ini and ./config.ini.", valueName: "file"))
    var config: String?

    @Flag(help: "Show on standard error what is sent, received and retried (also TROUPE_VERBOSE=1); keys are never shown.")
    var verbose = false

    /// The flags as configuration keys, for ``ConfigLoader/load(configFile:flags:)``.
    var flags: [String: String] {
        var flags: [String: String] = [:]
        flags["API_TYPE"] = api
        flags["MODEL"] = model
        flags["BASE_URL"] = baseURL
        return flags
    }

    /// Runs the configuration chain with these flags and `extra` ones (later wins).
    /// The files' warnings (unknown keys, keys in a file) go to standard error.
    func loadConfig(extra: [String: String] = [:]) throws -> TroupeConfig {
        let config = try ConfigLoader().load(configFile: config, flags: flags.merging(extra) { _, new in new })
        for warning in config.warnings { StandardOutput.writeError("troupe: warning: \(warning)\n") }
        return config
    }
}
