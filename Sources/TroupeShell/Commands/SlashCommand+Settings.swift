import Foundation
import TroupeCore

extension SlashCommand {
    /// `/api TYPE`: switches the client for the next turns, keeping the conversation.
    public static let api = SlashCommand(
        name: "api", arguments: "[openai|azure]",
        summary: "Switch the API for the next turns (alone: show it)",
        details: "The conversation is kept. Custom registered API types are accepted too.",
        complete: { context, previous in previous.isEmpty ? context.apiTypes : [] }
    ) { shell, arguments in
        guard !arguments.isEmpty else {
            let config = await shell.service.config
            shell.output.line("api: \(shell.service.registry.apiType(for: config))")
            return
        }
        let known = shell.knownAPITypes
        try await shell.updateConfig {
            try $0.set(.apiType, to: arguments.lowercased(), source: .session, knownAPITypes: known)
        }
        if shell.service.registry.forcedAPIType != nil {
            try await shell.service.force(apiType: arguments.lowercased())
        }
        shell.output.info("API: \(arguments.lowercased()) (the conversation is kept).")
    }

    /// `/model NAME`.
    public static let model = SlashCommand(
        name: "model", arguments: "[NAME]",
        summary: "Use another model (on Azure: deployment) for the next turns",
        complete: { context, previous in previous.isEmpty ? context.modelNames : [] }
    ) { shell, arguments in
        try await shell.setting(.model, arguments: arguments, synopsis: "/model NAME")
    }

    /// `/temperature T`.
    public static let temperature = SlashCommand(
        name: "temperature", arguments: "[T]",
        summary: "Set the sampling temperature, 0 to 2 (none: the model's default)"
    ) { shell, arguments in
        try await shell.setting(.temperature, arguments: arguments, synopsis: "/temperature T")
    }

    /// Keys `/set` offers, in the spelling the shell uses.
    static let settableKeys: [(name: String, key: ConfigKey)] = [
        ("max_tokens", .maxTokens), ("max_completion_tokens", .maxCompletionTokens),
        ("temperature", .temperature), ("top_p", .topP),
        ("frequency_penalty", .frequencyPenalty), ("presence_penalty", .presencePenalty),
        ("stop", .stop), ("seed", .seed), ("timeout", .timeout), ("max_attempts", .maxAttempts),
        ("reasoning_effort", .reasoningEffort), ("json", .jsonMode), ("model", .model),
        ("api_type", .apiType), ("cache", .cacheAPICalls), ("dedent", .dedent),
        ("templates_dir", .templatesDirectories),
    ]

    /// `/set [KEY [VALUE]]`.
    public static let set = SlashCommand(
        name: "set", arguments: "[KEY [VALUE]]",
        summary: "Change a request setting; alone, list every setting and where it came from",
        details: """
            Keys: max_tokens, top_p, frequency_penalty, presence_penalty, stop, seed, timeout,
            max_attempts, reasoning_effort, json (JSON mode on/off), and any config.ini key.
            `none` unsets an optional value. `/set KEY` shows one setting.
            """,
        complete: { context, previous in
            switch previous.count {
            case 0: return settableKeys.map(\.name)
            case 1:
                switch ConfigKey(named: previous[0]) {
                case .jsonMode?, .cacheAPICalls?, .dedent?: return ["on", "off"]
                case .reasoningEffort?: return TroupeConfig.reasoningEfforts
                case .apiType?: return context.apiTypes
                case .model?, .reasoningModel?: return context.modelNames
                default: return ["none"]
                }
            default: return []
            }
        }
    ) { shell, arguments in
        guard !arguments.isEmpty else {
            await shell.listSettings()
            return
        }
        let keyName = String(arguments.prefix(while: { !$0.isWhitespace }))
        let value = arguments.dropFirst(keyName.count).trimmingCharacters(in: .whitespaces)
        guard let key = ConfigKey(named: keyName) else {
            let nearest = settableKeys.map(\.name).nearest(to: keyName)
            throw ShellCommandError.invalid(
                "unknown setting \"\(keyName)\"" + (nearest.map { "; did you mean \($0.name)?" } ?? "")
                + " (/set lists them)")
        }
        try await shell.setting(key, arguments: value, synopsis: "/set \(keyName) VALUE")
    }
}

extension ShellEngine {
    /// Shows `key` when `arguments` is empty, else sets it for this session and confirms.
    func setting(_ key: ConfigKey, arguments: String, synopsis: String) async throws {
        if arguments.isEmpty {
            let config = await service.config
            output.line("\(Self.displayName(key)) = \(config.displayValue(of: key))  "
                + output.style.dim("(\(Self.describe(config.source(of: key))))"))
            return
        }
        let known = knownAPITypes
        try await updateConfig { try $0.set(key, to: arguments, source: .session, knownAPITypes: known) }
        let config = await service.config
        output.info("\(Self.displayName(key)) = \(config.displayValue(of: key)) (this session)")
    }

    /// Prints every setting with its value and its source.
    func listSettings() async {
        let config = await service.config
        let width = ConfigKey.allCases.map { Self.displayName($0).count }.max() ?? 0
        for key in ConfigKey.allCases {
            let name = Self.displayName(key).padding(toLength: width, withPad: " ", startingAt: 0)
            let value = config.displayValue(of: key)
            output.line("\(name)  \(value.isEmpty ? "\"\"" : value)  "
                + output.style.dim("(\(Self.describe(config.source(of: key))))"))
        }
    }

    /// The shell's name of a key (`max_tokens`), or its INI name in lower case.
    static func displayName(_ key: ConfigKey) -> String {
        SlashCommand.settableKeys.first { $0.key == key }?.name ?? key.name.lowercased()
    }

    /// A source as `/set` lists it: default, config file, environment, flag, this session.
    static func describe(_ source: ConfigSource) -> String {
        switch source {
        case .builtIn: "default"
        case .file(let path): "config file \(path)"
        case .environment(let name): "environment \(name)"
        case .flag: "flag"
        case .session: "this session"
        }
    }
}
