import TroupeCore

extension SlashCommand {
    /// `/cache [on|off|clear]`.
    public static let cache = SlashCommand(
        name: "cache", arguments: "[on|off|clear]",
        summary: "Turn the response cache on or off (alone: state, file and entry count)",
        details: "With the cache on, a request identical to an earlier one is answered from the cache file without calling the API; the status line then says `cached`.",
        complete: { _, previous in previous.isEmpty ? ["on", "off", "clear"] : [] }
    ) { shell, arguments in
        switch arguments.lowercased() {
        case "":
            let status = try await shell.service.cacheStatus
            let state = status.enabled ? "on" : "off"
            let forced = status.forced ? " (forced)" : ""
            shell.output.line("cache: \(state)\(forced), file \(status.path), \(status.entries) entr\(status.entries == 1 ? "y" : "ies")")
        case "on", "off":
            try await shell.service.setCache(enabled: arguments.lowercased() == "on")
            shell.output.info("Cache \(arguments.lowercased()).")
        case "clear":
            try await shell.service.clearCache()
            shell.output.info("Cache emptied.")
        default:
            throw ShellCommandError.usage("/cache [on|off|clear]")
        }
    }
}
