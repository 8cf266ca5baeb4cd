import ArgumentParser
import TroupeCore

/// `troupe cache`: the response cache's state, and clearing it.
struct CacheCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache",
        abstract: "Show the response cache (file, entries, on/off) or clear it.",
        discussion: """
            The cache is on when CACHE_API_CALLS is true (or with send --cache). Its file is \
            CACHE_FILE_NAME: a name without '/' lives in ${XDG_CACHE_HOME:-~/.cache}/troupe/, a path \
            (./x, ../x, /x, ~/x) is used as given.
            """
    )

    @OptionGroup var model: ModelOptions

    @Flag(name: .long, help: "Remove every stored answer.")
    var clear = false

    func run() async throws {
        let service = LLMService(config: try model.loadConfig())
        if clear { try await service.clearCache() }
        let status = await service.cacheStatus
        StandardOutput.write("""
            cache: \(status.enabled ? "on" : "off")
            file: \(status.path)
            entries: \(status.entries)

            """)
        if let problem = status.problem {
            StandardOutput.writeError("troupe: warning: \(problem)\n")
        }
    }
}
