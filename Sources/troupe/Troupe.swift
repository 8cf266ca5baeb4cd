import ArgumentParser
import Foundation
import TroupeCore

/// `troupe`: chat with models from a terminal.
@main
struct Troupe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "troupe",
        abstract: "Chat with OpenAI, Azure OpenAI and local models from a terminal.",
        version: TroupeVersion.current,
        subcommands: [
            ChatCommand.self,
            SendCommand.self,
            EmbedCommand.self,
            ConfigCommand.self,
            CacheCommand.self,
            RenderCommand.self,
            TokensCommand.self,
            ReplayCommand.self,
            ServeLocalCommand.self,
            EvalCommand.self,
            ModelsCommand.self,
            LogCommand.self,
        ],
        defaultSubcommand: ChatCommand.self
    )

    /// Parses, runs, and shuts the process's HTTP client down on every way out.
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        VerboseLogHandler.bootstrap(verbose: VerboseLogHandler.isVerbose(
            arguments: arguments, environment: ProcessInfo.processInfo.environment))
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            await shutDown()
        } catch {
            await shutDown()
            exit(withError: CLIWording.wrap(error))
        }
    }

    /// Stops the local server this process started (if any) and the HTTP client.
    static func shutDown() async {
        await LocalServers.shutdown()
        await AsyncHTTPTransport.shared.shutdown()
    }
}
