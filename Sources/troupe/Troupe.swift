import ArgumentParser
import TroupeCore

/// `troupe`: chat with OpenAI and Azure OpenAI models from a terminal.
@main
struct Troupe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "troupe",
        abstract: "Chat with OpenAI and Azure OpenAI models from a terminal.",
        version: TroupeVersion.current,
        subcommands: [
            SendCommand.self,
            EmbedCommand.self,
            ConfigCommand.self,
            CacheCommand.self,
            RenderCommand.self,
            TokensCommand.self,
        ]
    )
}
