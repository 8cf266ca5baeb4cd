import Foundation
import TroupeCore

extension SlashCommand {
    /// `/api TYPE`: switches the client for the next turns, keeping the conversation.
    public static let api = SlashCommand(
        name: "api", arguments: "[openai|azure|local]",
        summary: "Switch the API for the next turns (alone: show it)",
        details: "The conversation is kept. Custom registered API types are accepted too.",
        complete: { context, previous in previous.isEmpty ? context.apiTypes : [] }
    ) { shell, arguments in
        guard !arguments.isEmpty else {
            let config = await shell.service.config
            shell.output.line("api: \(shell.service.registry.apiType(for: config))")
            return
        }
        try await shell.service.set(.apiType, to: arguments.lowercased())
        if shell.service.registry.forcedAPIType != nil {
            try await shell.service.force(apiType: arguments.lowercased())
        }
        shell.output.info("API: \(arguments.lowercased()) (the conversation is kept).")
    }

    /// `/model NAME`.
    public static let model = SlashCommand(
        name: "model", arguments: "[NAME]",
        summary: "Use another model for the next turns (on Azure: deployment; on local: a GGUF file)",
        details: "On the local API type, /model alone lists the GGUF files of the models folder and /model NAME sets LOCAL_MODEL; MODEL keeps its value for OpenAI and Azure.",
        complete: { context, previous in previous.isEmpty ? context.modelNames : [] }
    ) { shell, arguments in
        if try await shell.localModelCommand(arguments) { return }
        try await shell.setting(.model, arguments: arguments)
    }

    /// `/temperature T`.
    public static let temperature = SlashCommand(
        name: "temperature", arguments: "[T]",
        summary: "Set the sampling temperature, 0 to 2 (none: the model's default)"
    ) { shell, arguments in
        try await shell.setting(.temperature, arguments: arguments)
    }

    /// `/set [KEY [VALUE]]`: any setting, by its shell name, INI name or alias.
    public static let set = SlashCommand(
        name: "set", arguments: "[KEY [VALUE]]",
        summary: "Change a setting for this session; alone, list every setting and where it came from",
        details: """
            Any setting by its name here (max_tokens, top_p, frequency_penalty, stop, seed, \
            timeout, reasoning_effort, json, ...) or its config.ini name. `none` unsets an \
            optional value. `/set KEY` shows one setting with what it accepts.
            """,
        complete: { context, previous in
            switch previous.count {
            case 0: return Setting.all.map(\.shellName)
            case 1:
                guard let setting = Setting.named(previous[0]) else { return [] }
                switch setting.placement {
                case .model: return context.modelNames
                default: break
                }
                if setting == .apiType { return context.apiTypes }
                if setting == .reasoningModel { return context.modelNames }
                return setting.suggestions
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
        guard let setting = Setting.named(keyName) else {
            let nearest = Setting.nearest(to: keyName)
            throw ShellCommandError.invalid(
                "unknown setting \"\(keyName)\"" + (nearest.map { "; did you mean \($0.shellName)?" } ?? "")
                + " (/set lists them)")
        }
        try await shell.setting(setting, arguments: value)
    }
}

extension ShellEngine {
    /// Shows `setting` when `arguments` is empty, else sets it for this session and confirms.
    func setting(_ setting: Setting, arguments: String) async throws {
        if arguments.isEmpty {
            let config = await service.config
            output.line("\(setting.shellName) = \(config.displayValue(of: setting))  "
                + output.style.dim("(\(Self.describe(config.source(of: setting))); \(setting.help))"))
            return
        }
        try await service.set(setting, to: arguments)
        let config = await service.config
        output.info("\(setting.shellName) = \(config.displayValue(of: setting)) (this session)")
    }

    /// Prints every setting with its value and its source.
    func listSettings() async {
        let config = await service.config
        let width = Setting.all.map(\.shellName.count).max() ?? 0
        for setting in Setting.all {
            let name = setting.shellName.padding(toLength: width, withPad: " ", startingAt: 0)
            let value = config.displayValue(of: setting)
            output.line("\(name)  \(value.isEmpty ? "\"\"" : value)  "
                + output.style.dim("(\(Self.describe(config.source(of: setting))))"))
        }
    }

    /// A source as `/set` lists it: default, config file, environment, flag, /set.
    static func describe(_ source: ConfigSource) -> String {
        switch source {
        case .builtIn: "default"
        case .file(let path): "config file \(path)"
        case .environment(let name): "environment \(name)"
        case .flag: "flag"
        case .session: "this session"
        case .automatic(let reason): "chosen: \(reason)"
        }
    }
}
